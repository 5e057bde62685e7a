"""Reading consultations as a respondent meets them: are they open, which survey, which places."""

from datetime import datetime

from sqlalchemy import select

from app.extensions import db
from app.models import Consultation, Group, Place
from app.models.types import utcnow
from app.questionnaire import get_survey
from app.questionnaire.schema import Survey


def find_by_slug(slug: str) -> Consultation | None:
    return db.session.scalar(select(Consultation).filter_by(slug=slug))


def availability(consultation: Consultation, now: datetime | None = None) -> str:
    """'open', 'not_yet_open' or 'closed', following the status and the schedule."""
    now = now or utcnow()
    if consultation.status in ("closed", "archived"):
        return "closed"
    if consultation.closes_at and now >= consultation.closes_at:
        return "closed"
    if consultation.status == "draft":
        return "not_yet_open"
    if consultation.opens_at and now < consultation.opens_at:
        return "not_yet_open"
    return "open"


def survey_for(consultation: Consultation) -> Survey:
    survey = get_survey(consultation.survey.survey_id, consultation.survey.version)
    if survey is None:
        raise LookupError(
            f"survey {consultation.survey.survey_id} v{consultation.survey.version} has no file"
        )
    return survey


def place_choices(consultation: Consultation) -> list[tuple[str, str]]:
    """The named spots of the consultation's place, as (slug, name) choices."""
    place: Place | None = consultation.place
    if place is None:
        return []
    return [(spot.slug, spot.name) for spot in place.spots]


def group_from_link(consultation: Consultation, slug: str | None) -> Group | None:
    """The group a link names (``?group=talkers``), if the consultation serves it."""
    if len(consultation.groups) == 1:
        return consultation.groups[0]
    return next((g for g in consultation.groups if slug and g.slug == slug), None)
