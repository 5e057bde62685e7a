"""Flagged answers never leave through exports, and other views have one rule to leave them out."""

import json

from sqlalchemy import select

from app.extensions import db
from app.models import Answer
from app.services.exports import response_table, to_csv, to_json, to_xlsx
from app.services.safeguarding import flagged_answer_ids, unflagged_answers_clause
from tests.factories import create_consultation
from tests.safeguarding.conftest import DISCLOSURE, HARMLESS, answer_text, flags


def test_a_flagged_answer_never_appears_in_exports(consultation):
    answer_text(consultation, DISCLOSURE)
    answer_text(consultation, HARMLESS)
    headers, rows = response_table(consultation)
    column = headers.index("why_unsafe")
    assert sorted(row[column] for row in rows) == ["", HARMLESS]
    assert "hits" not in to_csv(consultation)
    assert "hits" not in to_json(consultation)
    assert b"hits" not in to_xlsx(consultation)
    answers = [r["answers"] for r in json.loads(to_json(consultation))["responses"]]
    assert {"why_unsafe": HARMLESS} in answers


def test_a_reviewed_flag_still_keeps_the_answer_out(consultation, lead):
    answer_text(consultation, DISCLOSURE)
    [flag] = flags()
    flag.status, flag.outcome = "reviewed", "no_concern"
    db.session.commit()
    assert "hits" not in to_csv(consultation)


def test_flagged_answer_ids_are_per_consultation(consultation):
    flagged = answer_text(consultation, DISCLOSURE)
    answer_text(consultation, HARMLESS)
    other = create_consultation("other-one")
    elsewhere = answer_text(other, "someone follows me home")
    assert flagged_answer_ids(consultation.id) == {flagged.id}
    assert flagged_answer_ids(other.id) == {elsewhere.id}


def test_the_clause_keeps_only_unflagged_answers_in_any_query(consultation):
    answer_text(consultation, DISCLOSURE)
    answer_text(consultation, HARMLESS)
    answer_text(consultation, "mehr Licht", language="de")  # unscreened: a person reads it first
    query = select(Answer.value).where(
        Answer.question_id == "why_unsafe", unflagged_answers_clause()
    )
    assert list(db.session.scalars(query)) == [HARMLESS]
