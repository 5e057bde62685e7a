"""Fixtures for the theme pages and services: a codebook copy per test and answers to theme."""

import shutil
from pathlib import Path

import pytest

from app.extensions import db
from app.models import Answer, Response, SafeguardingFlag
from tests.factories import create_consultation, create_group
from tests.staff.conftest import make_user, staff  # noqa: F401 - shared staff fixtures

BUNDLED_CODEBOOK = Path(__file__).parents[2] / "analysis" / "data" / "codebook.yaml"


@pytest.fixture(autouse=True)
def codebook_path(request, tmp_path):
    """Every theme test writes to its own copy of the codebook, never the bundled file."""
    path = tmp_path / "codebook.yaml"
    shutil.copy(BUNDLED_CODEBOOK, path)
    if "app" in request.fixturenames:  # the CLI tests need no app and run once, not per database
        request.getfixturevalue("app").config["CODEBOOK_PATH"] = str(path)
    return path


@pytest.fixture
def consultation(app):
    return create_consultation(languages=["en", "pl"])


def add_answers(consultation, texts, group=None, age_band="12-15", language="en"):
    """One submitted response per text, answering the survey's free-text question."""
    answers = []
    for text in texts:
        response = Response(
            consultation=consultation, group=group, age_band=age_band, language=language
        )
        answer = Answer(
            survey_id="all-types", survey_version=1, question_id="why_unsafe", value=text
        )
        response.answers.append(answer)
        db.session.add(response)
        answers.append(answer)
    db.session.commit()
    return answers


def flag(answer):
    db.session.add(
        SafeguardingFlag(
            answer_id=answer.id,
            response_id=answer.response_id,
            consultation_id=answer.response.consultation_id,
            severity="high",
        )
    )
    db.session.commit()


@pytest.fixture
def talkers(app):
    return create_group()


@pytest.fixture
def step_up(app):
    return create_group("step-up", "Step-Up")
