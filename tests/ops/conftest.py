"""Scratch databases for the operations tests: a SQLite file, or a PostgreSQL database of its own.

Each PostgreSQL test gets ``safevoices_ops_<random>`` on the TEST_DATABASE_URL server, created
here and dropped afterwards, so gunicorn workers, dumps and killed connections never touch the
database other tests share.
"""

import contextlib
import secrets
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import make_url

from app.extensions import db
from app.services.surveys import sync_surveys
from tests.conftest import POSTGRES_URL, make_app, on_server


@pytest.fixture
def scratch_app(scratch_url):
    """An app on a scratch database: PostgreSQL tests here may restore, drop and kill without
    touching the database that other tests share."""
    app = make_app(scratch_url)
    with app.app_context():
        db.create_all()
        sync_surveys()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def scratch_url(request, tmp_path):
    """A URL to an empty database of the parametrised kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ops.db'}"
        return
    if not POSTGRES_URL:
        pytest.skip("TEST_DATABASE_URL is not set: PostgreSQL tests need a server")
    with postgres_database() as url:
        yield url


@contextlib.contextmanager
def postgres_database(prefix: str = "safevoices_ops") -> Iterator[str]:
    """Create a fresh database on the test server; drop it (whoever is connected) afterwards."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    on_server(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        on_server(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
