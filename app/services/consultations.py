"""Reading consultations as a respondent meets them: are they open, which survey, which places."""

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import Consultation, Group, Place, Response, User
from app.models import Survey as SurveyRow
from app.models.types import utcnow
from app.questionnaire import get_survey
from app.questionnaire.schema import Question, Survey
from app.services import audit, place_maps


def find_by_slug(slug: str) -> Consultation | None:
    if "\x00" in slug:  # PostgreSQL refuses NUL in text: a link with one is simply not found
        return None
    return db.session.scalar(_BY_SLUG, {"slug": slug})


# Built once: every respondent request runs it, and building the statement (not running it) cost
# a fifth of the query's time. Its survey row comes in the same query: nearly every caller goes
# on to ``survey_for``.
_BY_SLUG = (
    select(Consultation)
    .where(Consultation.slug == bindparam("slug"))
    .options(joinedload(Consultation.survey))
)


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


def offered_places(consultation: Consultation, question: Question) -> list[tuple[str, str]]:
    """The named places a question offers, as (slug, name), for ``choices_for`` and
    ``parse_answer``: a "places" question the consultation's, a "map" question its own place's,
    others none (and no query)."""
    if question.type == "places":
        return place_choices(consultation)
    if question.type == "map":
        return place_maps.spot_choices(question.place)
    return []


def group_from_link(consultation: Consultation, slug: str | None) -> Group | None:
    """The group a link names (``?group=talkers``), if the consultation serves it."""
    if len(consultation.groups) == 1:
        return consultation.groups[0]
    return next((g for g in consultation.groups if slug and g.slug == slug), None)


# The lifecycle: draft → open → closed → archived; a closed consultation can be reopened.
TRANSITIONS = {
    "draft": ("open",),
    "open": ("closed",),
    "closed": ("open", "archived"),
    "archived": (),
}


class ConsultationError(ValueError):
    """The change cannot be made; the message says why, for the person making it."""


def save(user: User, consultation: Consultation | None, fields: dict) -> Consultation:
    """Create (consultation is None) or update a consultation from already-validated fields."""
    is_new = consultation is None
    clash = find_by_slug(fields["slug"])
    if clash is not None and clash is not consultation:
        raise ConsultationError(_("The link name '%(slug)s' is already used.", slug=fields["slug"]))
    if not is_new and fields["slug"] != consultation.slug and _has_responses(consultation):
        raise ConsultationError(_("The link cannot change: people have already answered using it."))
    if (
        fields.get("opens_at")
        and fields.get("closes_at")
        and (fields["closes_at"] <= fields["opens_at"])
    ):
        raise ConsultationError(_("The closing time must be after the opening time."))
    if is_new:
        consultation = Consultation(status="draft")
        db.session.add(consultation)
    for name, value in fields.items():
        setattr(consultation, name, value)
    db.session.flush()
    audit.record(
        "consultation_created" if is_new else "consultation_changed", user, target=consultation.slug
    )
    db.session.commit()
    return consultation


def change_status(user: User, consultation: Consultation, status: str) -> None:
    if status not in TRANSITIONS[consultation.status]:
        raise ConsultationError(
            _(
                "That change of status is not possible. A consultation goes from draft to "
                "open, from open to closed, and from closed to archived (or open again)."
            )
        )
    audit.record(
        "consultation_status",
        user,
        target=consultation.slug,
        before=consultation.status,
        after=status,
    )
    consultation.status = status
    db.session.commit()


def survey_rows() -> list[SurveyRow]:
    return list(
        db.session.scalars(select(SurveyRow).order_by(SurveyRow.survey_id, SurveyRow.version))
    )


def _has_responses(consultation: Consultation) -> bool:
    return bool(
        db.session.scalar(
            select(func.count(Response.id)).where(Response.consultation_id == consultation.id)
        )
    )
