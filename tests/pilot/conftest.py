"""Pilot fixtures: waves, a consultation per wave and respondents who answer the KPI question."""

from datetime import date

import pytest

from app.extensions import db
from app.models import Answer, Response, Wave
from app.models.types import utcnow
from tests.factories import add_submitted, create_consultation, create_group, create_place
from tests.respondent_driver import Respondent
from tests.staff.conftest import make_user, staff  # noqa: F401  (fixtures shared with staff tests)


def create_wave(position: int) -> Wave:
    wave = Wave(
        name=f"Wave {position}" if position else "Baseline",
        position=position,
        starts_on=date(2026, 1 + 3 * position, 1),
        ends_on=date(2026, 3 + 3 * position, 28),
    )
    db.session.add(wave)
    db.session.commit()
    return wave


def answer_mood(app, slug: str, mood: str | None) -> None:
    """One respondent, in their own browser session, answers the KPI question and submits."""
    respondent = Respondent(app.test_client(), slug)
    respondent.start()
    respondent.about("12-15")
    if mood is None:
        respondent.answer("mood", "prefer_not_say")
    else:
        respondent.answer("mood", mood)
    assert respondent.submit().status_code == 302


def store_moods(consultation, moods: dict) -> None:
    """Submitted responses stored directly (faster than the pages): {mood or None: how many}."""
    for mood, times in moods.items():
        for _ in range(times):
            response = Response(
                consultation=consultation, group=consultation.groups[0], submitted_at=utcnow()
            )
            response.answers.append(
                Answer(
                    survey_id="all-types",
                    survey_version=1,
                    question_id="mood",
                    value=mood,
                    is_skipped=mood is None,
                )
            )
            add_submitted(response)
    db.session.commit()


@pytest.fixture
def two_waves(app):
    """A baseline and a second wave of the same consultation design, with a target of 20."""
    group, place = create_group(kind="young_people"), create_place("hayes")
    return [
        create_consultation(
            slug=f"wave-{position}",
            title=f"Feeling safe, wave {position}",
            groups=[group],
            place=place,
            wave=create_wave(position),
            target_per_group=20,
        )
        for position in (0, 1)
    ]
