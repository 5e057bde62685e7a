"""Read-only views of stored responses for staff pages: counts, filtered lists, one response.

Free text leaves this module redacted (``analysis.redact``) unless the caller is allowed the
original; this is the one bridge from stored rows to ``analysis/``.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from analysis.redact import redact
from app.extensions import db
from app.models import Answer, Consultation, Group, Response
from app.questionnaire.schema import Survey
from app.services import map_results
from app.services.place_maps import spot_choices

PAGE_SIZE = 50


@dataclass(frozen=True)
class ResponseFilters:
    group: str = ""
    age_band: str = ""
    language: str = ""
    status: str = ""  # "complete" | "partial" | ""
    mode: str = ""
    since: date | None = None
    until: date | None = None


def response_counts(consultation_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Consultation id → (complete, partial), in one query."""
    complete = func.sum(case((Response.submitted_at.is_not(None), 1), else_=0))
    rows = db.session.execute(
        select(Response.consultation_id, complete, func.count(Response.id))
        .where(Response.consultation_id.in_(consultation_ids))
        .group_by(Response.consultation_id)
    )
    return {cid: (int(done or 0), int(total) - int(done or 0)) for cid, done, total in rows}


def list_responses(
    consultation: Consultation, filters: ResponseFilters, page: int = 1
) -> tuple[list[Response], int]:
    query = select(Response).where(Response.consultation_id == consultation.id)
    query = _apply_filters(query, filters)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.scalars(
        query.options(selectinload(Response.group), selectinload(Response.answers))
        .order_by(Response.started_at.desc(), Response.id.desc())
        .limit(PAGE_SIZE)
        .offset((max(page, 1) - 1) * PAGE_SIZE)
    )
    return list(rows), int(total or 0)


def _apply_filters(query, filters: ResponseFilters):
    if filters.group:
        query = query.join(Group, Response.group_id == Group.id).where(Group.slug == filters.group)
    for column, value in (
        (Response.age_band, filters.age_band),
        (Response.language, filters.language),
        (Response.mode, filters.mode),
    ):
        if value:
            query = query.where(column == value)
    if filters.status == "complete":
        query = query.where(Response.submitted_at.is_not(None))
    elif filters.status == "partial":
        query = query.where(Response.submitted_at.is_(None))
    if filters.since:
        query = query.where(Response.started_at >= _start_of(filters.since))
    if filters.until:
        query = query.where(Response.started_at < _start_of(filters.until, next_day=True))
    return query


def _start_of(day: date, next_day: bool = False) -> datetime:
    from datetime import UTC, timedelta

    moment = datetime.combine(day, time.min, tzinfo=UTC)
    return moment + timedelta(days=1) if next_day else moment


def get_response(consultation: Consultation, response_id: int) -> Response | None:
    """A response of this consultation only: another consultation's id finds nothing."""
    return db.session.scalar(
        select(Response)
        .where(Response.id == response_id, Response.consultation_id == consultation.id)
        .options(selectinload(Response.answers))
    )


def display_value(
    survey: Survey, answer: Answer, place_names: dict[str, str], show_original: bool = False
) -> str:
    """An answer as staff read it: option labels, place names, redacted free text."""
    if answer.is_skipped:
        return ""
    question = survey.question(answer.question_id)
    if question is None:
        return str(answer.value)
    if question.type == "text":
        text = str(answer.value or "")
        return text if show_original else redact(text).text
    if question.type == "map":
        return map_results.readable(answer.value, dict(spot_choices(question.place)))
    labels = {option.value: option.label for option in question.options}
    labels.update(place_names)
    labels["somewhere_else"] = "Somewhere else"
    values = answer.value if isinstance(answer.value, list) else [answer.value]
    return "; ".join(labels.get(str(v), str(v)) for v in values)
