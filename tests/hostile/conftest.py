"""Fixtures for hostile-input tests: an app with rate limits off and a world to attack.

Rate limits are switched off here because a property posts dozens of times from one address;
the limits themselves are tested in their own tests.
"""

from pathlib import Path

import pytest

from app.extensions import db, limiter
from app.questionnaire.loader import load_surveys
from app.services.surveys import sync_surveys
from tests.conftest import _empty_all_tables, make_app
from tests.hostile.helpers import World
from tests.staff.conftest import make_user, staff  # noqa: F401 - shared staff fixtures

HOSTILE_SURVEYS = Path(__file__).parent / "surveys"


@pytest.fixture
def app(request, backend, tmp_path):
    """The suite's app (SQLite, and PostgreSQL when configured) plus the hostile-text survey."""
    if backend == "postgresql":
        url = request.getfixturevalue("postgres_ready")
    else:
        url = f"sqlite:///{tmp_path / 'test.db'}"
    app = make_app(url, RATELIMIT_ENABLED=False)
    app.extensions["surveys"].update(load_surveys(HOSTILE_SURVEYS))
    with app.app_context():
        if backend == "sqlite":
            db.create_all()
        sync_surveys()
        yield app
        db.session.remove()
        if backend == "postgresql":
            _empty_all_tables()
        db.engine.dispose()
    limiter.enabled = True


@pytest.fixture
def world(app, make_user):  # noqa: F811 - the imported fixture
    return World(app, make_user("pilot_lead"))
