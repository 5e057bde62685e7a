"""The aggregate export: counts per question and option, with counts under 10 suppressed."""

import csv
import io

import pytest

from app.extensions import db
from app.services.exports import OptionCount, summary_table, summary_to_csv
from tests.exports.export_data import add_response, counted_queries
from tests.factories import create_consultation


@pytest.fixture
def consultation(app):
    consultation = create_consultation()
    for n in range(12):
        add_response(consultation, {"mood": "very_safe", "pets": ["cat", "dog"]}, position=n)
    for n in range(3):
        add_response(consultation, {"mood": "fairly_safe", "pets": ["cat"]}, position=20 + n)
    add_response(consultation, {"why_unsafe": "Nothing", "siblings": 2}, skipped=("mood",))
    return consultation


def counts_of(rows: list[OptionCount], question_id: str) -> dict[str, int | None]:
    return {row.value: row.count for row in rows if row.question_id == question_id}


def test_counts_of_10_or_more_are_shown_and_smaller_ones_suppressed(consultation):
    rows = summary_table(consultation)
    assert counts_of(rows, "mood") == {
        "very_safe": 12,
        "fairly_safe": None,  # 3 answers: too few to show
        "not_sure": None,  # zero is suppressed too: it says as much as a one
        "a_bit_unsafe": None,
        "very_unsafe": None,
        "(skipped)": None,
    }
    assert counts_of(rows, "pets") == {"cat": 15, "dog": 12, "fish": None, "(skipped)": None}


def test_only_choice_questions_are_counted_and_no_totals_give_hidden_counts_away(consultation):
    questions = {row.question_id for row in summary_table(consultation)}
    assert "why_unsafe" not in questions
    assert "siblings" not in questions
    assert "welcome_note" not in questions
    assert "where" in questions
    labels = {row.label for row in summary_table(consultation)}
    assert not {"Total", "All"} & labels


def test_places_are_listed_by_their_names(consultation):
    where = [row for row in summary_table(consultation) if row.question_id == "where"]
    assert [row.label for row in where] == ["Bus station", "Park", "Somewhere else", "Skipped"]


def test_summary_csv_shows_suppressed_counts_as_under_10(consultation):
    header, *rows = csv.reader(io.StringIO(summary_to_csv(consultation)))
    assert header == ["question_id", "question", "option", "label", "count"]
    assert ["mood", "How safe do you feel today?", "very_safe", "Very safe", "12"] in rows
    assert ["mood", "How safe do you feel today?", "fairly_safe", "Fairly safe", "<10"] in rows
    assert all(row[4] == "<10" or int(row[4]) >= 10 for row in rows)


def test_summary_takes_the_same_number_of_queries_for_more_responses(consultation):
    db.session.expire_all()
    with counted_queries() as before:
        summary_to_csv(consultation)
    for n in range(20):
        add_response(consultation, {"mood": "not_sure"}, position=40 + n)
    db.session.expire_all()
    with counted_queries() as after:
        summary_to_csv(consultation)
    assert len(after) == len(before)
