"""Safety stance: the measure this pilot cares about, on real-looking answers."""

import csv
from pathlib import Path

import pytest

from analysis.stance import FEELS_SAFE, FEELS_UNSAFE, MIXED, NO_STANCE, STANCES, safety_stance

LABELLED = Path(__file__).parent.parent / "data" / "stance_labelled.csv"


@pytest.mark.parametrize(
    "answer",
    [
        "not safe",
        "It isn't safe round the station",
        "never feel safe walking home",
        "i don't feel safe at the bus stop",
        "the park is well sketchy at night",
        "im always on edge",
        "always looking over my shoulder",
        "I dont go to the park anymore",
        "i avoid the underpass",
        "my mate got robbed outside the station",
        "the bus stop is scarey",
    ],
)
def test_unsafe_answers(answer):
    assert safety_stance(answer) == FEELS_UNSAFE


@pytest.mark.parametrize(
    "answer",
    [
        "i feel safe round my way",
        "I'm not scared in my area",
        "i dont feel unsafe at all",
        "never had any trouble where I live",
        "its fine tbh",
        "I used to be scared but now I feel safe",
    ],
)
def test_safe_answers(answer):
    assert safety_stance(answer) == FEELS_SAFE


@pytest.mark.parametrize(
    "answer",
    [
        "safe in the day but not at night",
        "Feel safe in town, not so much on the estate",
        "I feel safe at school but scared in the park",
        "My road is fine but the station is dodgy",
        "It's ok in the day. At night it's scary",
    ],
)
def test_mixed_answers(answer):
    assert safety_stance(answer) == MIXED


@pytest.mark.parametrize(
    "answer",
    [
        "More lights would make it safer",
        "make the park safer",
        "more youth clubs",
        "A place where we can go to feel safe",
        "",
    ],
)
def test_wishes_and_suggestions_have_no_stance(answer):
    assert safety_stance(answer) == NO_STANCE


def test_labelled_set_is_large_enough_and_uses_known_stances():
    with LABELLED.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 150
    assert {row["stance"] for row in rows} == set(STANCES)


def test_stance_accuracy_on_labelled_set_is_at_least_80_percent():
    with LABELLED.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    correct = sum(safety_stance(row["text"]) == row["stance"] for row in rows)
    assert correct / len(rows) >= 0.8
