"""Fixtures: an app per test on SQLite, and again on PostgreSQL when TEST_DATABASE_URL is set.

The suite runs in parallel processes (pytest-xdist, ``-n auto`` in ``pyproject.toml``). Each
process has a PostgreSQL database of its own, ``<TEST_DATABASE_URL's database>_<worker id>``,
created when it starts and dropped when it ends, since every test empties the tables it used.
"""

import os
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import g
from itsdangerous import TimestampSigner
from sqlalchemy import create_engine, delete, text
from sqlalchemy.engine import make_url

from app import cookie_session, create_app
from app.extensions import db
from app.questionnaire.loader import load_surveys
from app.services.surveys import sync_surveys

# One definition of the browser fixtures for the whole suite: a session fixture defined in
# several modules would start several Playwright instances, which Playwright refuses.
pytest_plugins = ["tests.browser_fixtures"]

TEST_SURVEYS = Path(__file__).parent / "data" / "surveys"
SHARED_POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")
# Set by pytest-xdist in its worker processes before this file is imported ("gw0", "gw1", ...).
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def _worker_url(url: str, worker: str) -> str:
    """The URL of this process's own database on the same server (the URL itself outside xdist)."""
    if not url or not worker:
        return url
    parsed = make_url(url)
    return parsed.set(database=f"{parsed.database}_{worker}").render_as_string(hide_password=False)


POSTGRES_URL = _worker_url(SHARED_POSTGRES_URL, WORKER)


def pytest_configure(config):
    if POSTGRES_URL != SHARED_POSTGRES_URL:
        on_server(f'DROP DATABASE IF EXISTS "{make_url(POSTGRES_URL).database}" WITH (FORCE)')
        on_server(f'CREATE DATABASE "{make_url(POSTGRES_URL).database}"')


def pytest_unconfigure(config):
    if POSTGRES_URL != SHARED_POSTGRES_URL:
        on_server(f'DROP DATABASE IF EXISTS "{make_url(POSTGRES_URL).database}" WITH (FORCE)')


def on_server(statement: str) -> None:
    """Run a statement outside any transaction, connected to TEST_DATABASE_URL's database."""
    engine = create_engine(SHARED_POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


def make_app(database_url: str, **overrides):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test-secret",
            **overrides,
        }
    )
    app.extensions["surveys"].update(load_surveys(TEST_SURVEYS))
    # The `app` fixture keeps an app context open so tests can use db.session, and Flask reuses
    # it for every test request, so `g` would carry the signed-in user and the CSRF token from
    # one request to the next. Start each request with an empty `g`, as in production.
    app.before_request_funcs.setdefault(None, []).insert(0, _fresh_g)
    return app


def _fresh_g() -> None:
    g.__dict__.clear()


@pytest.fixture(scope="session")
def postgres_ready():
    """Create the schema on the test PostgreSQL database once per run."""
    if not POSTGRES_URL:
        pytest.skip("TEST_DATABASE_URL is not set: PostgreSQL tests need a server")
    app = make_app(POSTGRES_URL)
    with app.app_context():
        db.drop_all()
        db.create_all()
        db.engine.dispose()
    return POSTGRES_URL


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request):
    return request.param


@pytest.fixture
def app(request, backend, tmp_path):
    with app_on(backend, request, tmp_path) as app:
        yield app


@contextmanager
def app_on(backend: str, request, tmp_path: Path, extra_surveys: Path | None = None, **overrides):
    """A test app with its schema and surveys, inside an app context; emptied afterwards."""
    if backend == "postgresql":
        url = request.getfixturevalue("postgres_ready")
    else:
        url = f"sqlite:///{tmp_path / 'test.db'}"
    app = make_app(url, **overrides)
    if extra_surveys is not None:
        app.extensions["surveys"].update(load_surveys(extra_surveys))
    with app.app_context():
        if backend == "sqlite":
            db.create_all()
        sync_surveys()
        yield app
        db.session.remove()
        if backend == "postgresql":
            _empty_all_tables()
        db.engine.dispose()


def _empty_all_tables() -> None:
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(delete(table))
    db.session.commit()


@pytest.fixture
def signing_clock(monkeypatch):
    """The clock that signed cookies and tokens are dated and aged by, moved on by the test:
    ``signing_clock["seconds"] += 3600``."""
    now = {"seconds": int(time.time())}
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda _signer: now["seconds"])
    monkeypatch.setattr(cookie_session.time, "time", lambda: float(now["seconds"]))
    return now


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def pytest_sessionfinish(session, exitstatus):
    """In CI nothing may skip: a skipped test there means a missing service or browser."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if os.environ.get("CI") == "true" and skipped and exitstatus == 0:
        reporter.write_line(f"CI=true and {skipped} test(s) skipped: failing the run.", red=True)
        session.exitstatus = 1
