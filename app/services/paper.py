"""Responses collected on paper and keyed in by a worker: stored as complete, marked 'paper'."""

from dataclasses import dataclass

from flask_babel import gettext as _

from app.extensions import db
from app.models import Consultation, Response, User
from app.questionnaire.answers import ParsedAnswer
from app.questionnaire.schema import Survey
from app.services import audit, consultations, responses


class PaperError(ValueError):
    """The paper response cannot be saved as entered; the message says why."""


@dataclass(frozen=True)
class About:
    age_band: str | None
    group_slug: str | None
    language: str


def record(
    user: User,
    consultation: Consultation,
    survey: Survey,
    about: About,
    answers: dict[str, ParsedAnswer],
) -> Response:
    if about.age_band and about.age_band not in survey.age_bands:
        raise PaperError(_("Choose one of the survey's age bands."))
    group = consultations.group_from_link(consultation, about.group_slug)
    if about.group_slug and group is None:
        raise PaperError(_("Choose one of the consultation's groups."))
    if not answers:
        raise PaperError(_("Nothing was entered. Fill in at least one answer."))
    response = Response(
        consultation=consultation,
        mode="paper",
        age_band=about.age_band,
        group=group,
        language=about.language[:16] or "en",
    )
    db.session.add(response)
    for question_id, parsed in answers.items():
        responses.save_answer(response, survey, question_id, parsed)
    responses.mark_submitted(response)  # sealed and counted for the KPI with the answers
    audit.record("paper_response_entered", user, target=consultation.slug)
    db.session.commit()
    return response
