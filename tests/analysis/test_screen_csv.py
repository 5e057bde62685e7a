"""Screening a whole CSV export: added columns, summary counts, encodings and a missing column."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from analysis.screen_csv import ADDED_COLUMNS, screen_csv


def _write(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    return _write(
        tmp_path / "answers.csv",
        [
            ["id", "answer"],
            ["1", "more lights in the park please"],
            ["2", "my dad hits me, text me on 07700 900123"],
            ["3", "i wanna die tonight"],
            ["4", "there was a shooting on my road"],
        ],
    )


def test_adds_the_screening_columns_and_keeps_the_input_ones(answers, tmp_path) -> None:
    out = tmp_path / "screened.csv"
    screen_csv(answers, "answer", out)
    rows = _read(out)
    assert list(rows[0]) == ["id", "answer", *ADDED_COLUMNS]
    assert [r["flag"] for r in rows] == ["no", "yes", "yes", "yes"]
    assert rows[1]["categories"] == "abuse"
    assert rows[1]["severity"] == "high"
    assert rows[1]["redacted_text"] == "my dad hits me, text me on [phone number]"
    assert rows[2]["categories"] == "suicide_self_harm;immediate_danger"
    assert rows[0]["severity"] == ""
    assert {r["needs_human_reading"] for r in rows} == {"no"}


def test_summary_counts_rows_categories_and_severities(answers, tmp_path) -> None:
    summary = screen_csv(answers, "answer", tmp_path / "out.csv")
    assert summary == {
        "rows": 4,
        "flagged": 3,
        "needs_human_reading": 0,
        "categories": {
            "abuse": 1,
            "suicide_self_harm": 1,
            "immediate_danger": 1,
            "weapons_violence": 1,
        },
        "severity": {"high": 2, "medium": 1},
    }


def test_progress_is_reported_after_each_row(answers, tmp_path) -> None:
    seen: list[int] = []
    screen_csv(answers, "answer", tmp_path / "out.csv", progress=seen.append)
    assert seen == [1, 2, 3, 4]


def test_a_byte_order_mark_from_excel_is_accepted(tmp_path) -> None:
    source = _write(tmp_path / "excel.csv", [["answer"], ["he hits me"]], encoding="utf-8-sig")
    summary = screen_csv(source, "answer", tmp_path / "out.csv")
    assert summary["flagged"] == 1


def test_a_language_column_is_used_and_unknown_languages_need_reading(tmp_path) -> None:
    source = _write(
        tmp_path / "langs.csv",
        [["answer", "language"], ["quero morrer", "pt"], ["Ich habe Angst", "de"]],
    )
    out = tmp_path / "out.csv"
    summary = screen_csv(source, "answer", out)
    rows = _read(out)
    assert rows[0]["categories"] == "suicide_self_harm"
    assert rows[1]["needs_human_reading"] == "yes"
    assert summary["needs_human_reading"] == 1


def test_school_names_passed_in_are_redacted(tmp_path) -> None:
    source = _write(tmp_path / "s.csv", [["answer"], ["i go to Rosedale College"]])
    out = tmp_path / "out.csv"
    screen_csv(source, "answer", out, known_names=["Rosedale College"])
    assert _read(out)[0]["redacted_text"] == "i go to [school]"


def test_a_rerun_replaces_its_own_columns_instead_of_adding_more(answers, tmp_path) -> None:
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    screen_csv(answers, "answer", first)
    screen_csv(first, "answer", second)
    assert list(_read(second)[0]) == ["id", "answer", *ADDED_COLUMNS]


def test_a_missing_text_column_names_the_columns_that_exist(answers, tmp_path) -> None:
    with pytest.raises(ValueError, match=r"no column 'text'; the columns are 'id', 'answer'"):
        screen_csv(answers, "text", tmp_path / "out.csv")
