"""Recall and precision of safeguarding screening on the labelled answers in tests/data."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from analysis.safeguarding import category_labels, screen

LABELLED = Path(__file__).parents[1] / "data" / "safeguarding_labelled.csv"
RECALL_TARGETS = {
    "suicide_self_harm": 0.95,
    "abuse": 0.95,
    "exploitation": 0.95,
    "immediate_danger": 0.95,
}
OVERALL_PRECISION_TARGET = 0.6


def _rows() -> list[tuple[str, frozenset[str]]]:
    with LABELLED.open(encoding="utf-8-sig", newline="") as handle:
        return [
            (row["text"], frozenset(c for c in row["categories"].split(";") if c))
            for row in csv.DictReader(handle)
        ]


@pytest.fixture(scope="module")
def labelled() -> list[tuple[frozenset[str], frozenset[str]]]:
    return [(gold, frozenset(screen(text).categories)) for text, gold in _rows()]


def test_the_labelled_set_is_big_and_covers_every_category() -> None:
    rows = _rows()
    assert len(rows) >= 300
    used = {c for _, gold in rows for c in gold}
    assert used == set(category_labels())
    negatives = sum(1 for _, gold in rows if not gold)
    assert negatives >= 150


@pytest.mark.parametrize(("category", "target"), RECALL_TARGETS.items())
def test_recall_of_the_highest_risk_categories(labelled, category: str, target: float) -> None:
    wanted = [predicted for gold, predicted in labelled if category in gold]
    found = sum(1 for predicted in wanted if category in predicted)
    assert found / len(wanted) >= target, f"{category}: {found} of {len(wanted)}"


def test_overall_precision_of_flagging(labelled) -> None:
    flagged = [gold for gold, predicted in labelled if predicted]
    correct = sum(1 for gold in flagged if gold)
    assert correct / len(flagged) >= OVERALL_PRECISION_TARGET
