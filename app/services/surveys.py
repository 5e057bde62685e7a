"""Keeps the ``surveys`` table in step with the survey files."""

from sqlalchemy import func, select

from app.extensions import db
from app.models import Consultation, Response, Survey
from app.questionnaire import all_surveys
from app.questionnaire.schema import Survey as SurveyDefinition


class PublishedSurveyChangedError(RuntimeError):
    """A survey version that already has answers was edited in place."""


def sync_surveys() -> list[Survey]:
    """Insert new survey versions; refuse edits to a version that already has answers."""
    rows = []
    for definition in all_surveys().values():
        rows.append(_sync_one(definition))
    db.session.commit()
    return rows


def _sync_one(definition: SurveyDefinition) -> Survey:
    row = db.session.scalar(
        select(Survey).filter_by(survey_id=definition.id, version=definition.version)
    )
    if row is None:
        row = Survey(
            survey_id=definition.id,
            version=definition.version,
            title=definition.title,
            content_hash=definition.content_hash,
        )
        db.session.add(row)
        return row
    if row.content_hash != definition.content_hash:
        if _has_responses(row):
            raise PublishedSurveyChangedError(
                f"{definition.source_file}: survey '{definition.id}' version "
                f"{definition.version} already has answers and its file has changed. Restore "
                "the file, then copy it, bump 'version' and edit the copy."
            )
        row.content_hash, row.title = definition.content_hash, definition.title
    return row


def _has_responses(row: Survey) -> bool:
    count = db.session.scalar(
        select(func.count(Response.id))
        .join(Consultation, Response.consultation_id == Consultation.id)
        .where(Consultation.survey_pk == row.id)
    )
    return bool(count)
