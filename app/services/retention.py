"""Retention: free text and unfinished responses are not kept longer than the partnership needs.

``purge`` empties free-text answers and deletes partial responses older than the retention period.
An answer with a safeguarding flag that nobody has reviewed yet is kept until it has been: deleting
it could lose a child's disclosure.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import exists, select

from app.extensions import db
from app.models import Answer, Response, SafeguardingFlag
from app.models.types import utcnow
from app.questionnaire import get_survey
from app.services import audit, responses


@dataclass(frozen=True)
class PurgeReport:
    cutoff: datetime
    texts_emptied: int
    partial_responses_deleted: int
    kept_for_safeguarding: int


def purge(retention_days: int, dry_run: bool = False, now: datetime | None = None) -> PurgeReport:
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    unreviewed = exists().where(
        SafeguardingFlag.answer_id == Answer.id, SafeguardingFlag.status == "new"
    )
    # JSON columns store None as JSON null, so emptied answers are told apart in Python.
    old_answers = db.session.scalars(select(Answer).where(Answer.answered_at < cutoff))
    texts = [a for a in old_answers if a.value is not None and _is_text(a)]
    held = set(db.session.scalars(select(Answer.id).where(Answer.answered_at < cutoff, unreviewed)))
    emptied = [a for a in texts if a.id not in held]
    partials = list(
        db.session.scalars(
            select(Response).where(
                Response.submitted_at.is_(None),
                Response.updated_at < cutoff,
                ~exists().where(Answer.response_id == Response.id, unreviewed),
            )
        )
    )
    if not dry_run:
        # A partial response sent since it was read is kept: its answers now count for the KPI.
        partials = responses.lock_unsent(partials)
        for answer in emptied:
            answer.value = None
        for response in partials:
            db.session.delete(response)
        audit.record(
            "purge",
            target=f"older than {cutoff:%Y-%m-%d}",
            texts=len(emptied),
            partial_responses=len(partials),
        )
        db.session.commit()
    return PurgeReport(cutoff, len(emptied), len(partials), len([a for a in texts if a.id in held]))


def _is_text(answer: Answer) -> bool:
    survey = get_survey(answer.survey_id, answer.survey_version)
    question = survey.question(answer.question_id) if survey else None
    return question is not None and question.type == "text"
