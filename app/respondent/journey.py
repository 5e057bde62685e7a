"""Helpers the respondent views share: finding the consultation and this device's response."""

from dataclasses import dataclass

from flask import abort, current_app, request
from flask_babel import get_locale

from app.i18n import note_consultation_languages
from app.models import Consultation, Response
from app.questionnaire.schema import Survey
from app.services import consultations, journey_reads, responses
from app.services.journey_reads import ConsultationRecord, ResponseRecord


@dataclass
class Journey:
    consultation: ConsultationRecord
    survey: Survey
    # The record as read, or the ORM row of a response this request has just started
    response: ResponseRecord | Response | None


COOKIE_PREFIX = "sv_resume_"


def cookie_name(consultation: Consultation | ConsultationRecord) -> str:
    return f"{COOKIE_PREFIX}{consultation.id}"


def load_journey(slug: str) -> Journey:
    """The consultation at ``slug``, its survey and this device's response, in one read.

    The resume cookie's name holds the consultation's id, which the link does not give. Each
    resume cookie is scoped to its consultation's path, so a phone sends just one, and the read
    checks that its token belongs to this consultation. Only when several come (sent by hand)
    does a second read pick the one named for this consultation.
    """
    if "\x00" in slug:  # PostgreSQL refuses NUL in text: a link with one is simply not found
        abort(404)
    tokens = [value for name, value in request.cookies.items() if name.startswith(COOKIE_PREFIX)]
    found = journey_reads.read_journey(slug, _hash(tokens[0] if len(tokens) == 1 else None))
    if found is not None and len(tokens) > 1:
        token = request.cookies.get(cookie_name(found[0]))
        found = journey_reads.read_journey(slug, _hash(token))
    if found is None:
        abort(404)
    consultation, response = found
    note_consultation_languages(consultation.languages)
    return Journey(consultation, consultations.survey_for(consultation), response)


def _hash(token: str | None) -> str | None:
    if not token or len(token) > 200:
        return None
    return responses.hash_token(token)


def set_resume_cookie(http_response, consultation: Consultation, token: str) -> None:
    http_response.set_cookie(
        cookie_name(consultation),
        token,
        max_age=60 * 60 * 24 * current_app.config["RESUME_COOKIE_DAYS"],
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        path=f"/s/{consultation.slug}",
    )


def current_language() -> str:
    return str(get_locale() or "en")


def needs_about_page(journey: Journey) -> bool:
    """Age band (and, for some surveys, group) are asked before the first question."""
    return bool(journey.survey.age_bands) or asks_group(journey)


def asks_group(journey: Journey) -> bool:
    return journey.survey.ask_group and len(journey.consultation.groups) > 1
