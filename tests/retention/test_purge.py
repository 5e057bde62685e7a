"""Retention: `safevoices purge` empties old free text and deletes old partial responses."""

from datetime import timedelta

from click.testing import CliRunner
from flask.cli import ScriptInfo
from sqlalchemy import select

from app.cli import cli
from app.extensions import db
from app.models import Answer, Response, SafeguardingFlag
from app.models.types import utcnow
from app.services.retention import purge
from tests.factories import create_consultation


def add_response(consultation, days_old: int, submitted: bool, text: str = "the park is dark"):
    moment = utcnow() - timedelta(days=days_old)
    response = Response(
        consultation=consultation,
        started_at=moment,
        updated_at=moment,
        submitted_at=moment if submitted else None,
    )
    response.answers = [
        Answer(
            survey_id="all-types",
            survey_version=1,
            question_id="why_unsafe",
            value=text,
            answered_at=moment,
        ),
        Answer(
            survey_id="all-types",
            survey_version=1,
            question_id="mood",
            value="very_unsafe",
            answered_at=moment,
        ),
    ]
    db.session.add(response)
    db.session.commit()
    return response


def test_purge_empties_old_text_and_deletes_old_partials(app):
    consultation = create_consultation()
    old_complete = add_response(consultation, 400, submitted=True)
    add_response(consultation, 400, submitted=False)
    recent = add_response(consultation, 10, submitted=False)
    report = purge(365)
    assert (report.texts_emptied, report.partial_responses_deleted) == (2, 1)
    db.session.expire_all()
    remaining = {r.id for r in db.session.scalars(select(Response))}
    assert remaining == {old_complete.id, recent.id}
    values = {(a.response_id, a.question_id): a.value for a in db.session.scalars(select(Answer))}
    assert values[(old_complete.id, "why_unsafe")] is None
    assert values[(old_complete.id, "mood")] == "very_unsafe"
    assert values[(recent.id, "why_unsafe")] == "the park is dark"


def test_purge_is_safe_to_run_again_and_has_a_dry_run(app):
    consultation = create_consultation()
    add_response(consultation, 400, submitted=True)
    assert purge(365, dry_run=True).texts_emptied == 1
    assert purge(365).texts_emptied == 1
    assert purge(365).texts_emptied == 0


def test_unreviewed_safeguarding_flags_keep_their_answer(app):
    consultation = create_consultation()
    response = add_response(consultation, 400, submitted=False, text="he hurts me")
    answer = next(a for a in response.answers if a.question_id == "why_unsafe")
    db.session.add(
        SafeguardingFlag(
            answer_id=answer.id,
            response_id=response.id,
            consultation_id=consultation.id,
            severity="high",
        )
    )
    db.session.commit()
    report = purge(365)
    assert report.kept_for_safeguarding == 1
    assert report.partial_responses_deleted == 0
    db.session.expire_all()
    assert db.session.get(Answer, answer.id).value == "he hurts me"


def test_the_purge_command_prints_what_it_did(app):
    consultation = create_consultation()
    add_response(consultation, 400, submitted=False)
    result = CliRunner().invoke(
        cli, ["purge", "--days", "30"], obj=ScriptInfo(create_app=lambda: app)
    )
    assert result.exit_code == 0, result.output
    assert "Emptied 1 free-text answer(s) and deleted 1 partial response(s)" in result.output
