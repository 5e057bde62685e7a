"""Fixtures for hostile-input tests: an app with rate limits off and a world to attack.

Rate limits are switched off here because a property posts dozens of times from one address;
the limits themselves are tested in their own tests.
"""

from pathlib import Path

import pytest

from app.extensions import limiter
from tests.conftest import app_on
from tests.hostile.helpers import World
from tests.staff.conftest import make_user, staff  # noqa: F401 - shared staff fixtures

HOSTILE_SURVEYS = Path(__file__).parent / "surveys"


@pytest.fixture
def app(request, backend, tmp_path):
    """The suite's app (SQLite, and PostgreSQL when configured) plus the hostile-text survey."""
    with app_on(
        backend, request, tmp_path, extra_surveys=HOSTILE_SURVEYS, RATELIMIT_ENABLED=False
    ) as app:
        yield app
    limiter.enabled = True


@pytest.fixture
def world(app, make_user):  # noqa: F811 - the imported fixture
    return World(app, make_user("pilot_lead"))
