"""Fixtures for safeguarding: a consultation, a child part-way through it, and a lead."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import OutboxEmail, SafeguardingFlag
from tests.factories import create_consultation
from tests.respondent_driver import Respondent
from tests.staff.conftest import make_user, staff  # noqa: F401 - fixtures used here too

DISCLOSURE = "my dad hits me every night"
HARMLESS = "more lights in the park"


@pytest.fixture
def consultation(app):
    return create_consultation(title="Safe places 2027")


@pytest.fixture
def child(client, consultation):
    """A child who said they feel very unsafe, so the free-text question comes next."""
    respondent = Respondent(client, consultation.slug)
    respondent.start()
    respondent.about("12-15")
    respondent.answer("mood", "very_unsafe")
    return respondent


@pytest.fixture
def lead(make_user):  # noqa: F811 - the fixture imported above
    return make_user("safeguarding_lead", "lead@example.org")


def flags() -> list[SafeguardingFlag]:
    db.session.expire_all()
    return list(db.session.scalars(select(SafeguardingFlag).order_by(SafeguardingFlag.id)))


def outbox() -> list[OutboxEmail]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxEmail).order_by(OutboxEmail.id)))


def answer_text(consultation, text: str, language: str = "en", age_band: str | None = "12-15"):
    """A new response whose free-text answer is ``text``, saved the way every page saves one."""
    from app.questionnaire.answers import ParsedAnswer
    from app.services import consultations, responses

    response, _token = responses.start_response(consultation, language, consultation.groups[0])
    responses.set_about(response, age_band, None)
    survey = consultations.survey_for(consultation)
    return responses.save_answer(response, survey, "why_unsafe", ParsedAnswer(text, False)).answer
