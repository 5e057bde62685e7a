"""Helpers the respondent views share: finding the consultation and this device's response."""

from dataclasses import dataclass

from flask import abort, current_app, request
from flask_babel import get_locale

from app.i18n import note_consultation_languages
from app.models import Consultation, Response
from app.questionnaire.schema import Survey
from app.services import consultations, responses


@dataclass
class Journey:
    consultation: Consultation
    survey: Survey
    response: Response | None


def cookie_name(consultation: Consultation) -> str:
    return f"sv_resume_{consultation.id}"


def load_journey(slug: str) -> Journey:
    consultation = consultations.find_by_slug(slug)
    if consultation is None:
        abort(404)
    note_consultation_languages(consultation.languages)
    survey = consultations.survey_for(consultation)
    token = request.cookies.get(cookie_name(consultation))
    return Journey(consultation, survey, responses.find_by_token(consultation, token))


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
