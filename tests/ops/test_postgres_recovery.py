"""The app recovers by itself when PostgreSQL drops its connections or is away for a while.

A restart of the shared server would disturb everyone else's tests, so the test does to its own
database what a restart does: it terminates every backend of this gunicorn (found by the
``application_name`` in its URL), and for an outage also refuses new connections until it ends.
"""

import secrets
import time

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import create_app
from app.extensions import db
from benchmarks.server import gunicorn_server, prepare_database
from tests.conftest import POSTGRES_URL
from tests.ops.conftest import postgres_database
from tests.ops.phone import Phone, csrf_token

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not POSTGRES_URL, reason="TEST_DATABASE_URL is not set: needs PostgreSQL"),
]


@pytest.fixture(scope="module")
def served():
    """gunicorn on a database of its own, its connections named so that they can be found."""
    name = f"safevoices_ops_{secrets.token_hex(4)}"
    with postgres_database() as url:
        named = make_url(url).update_query_dict({"application_name": name})
        named_url = named.render_as_string(hide_password=False)
        prepare_database(named_url)
        with gunicorn_server(named_url, workers=2, extra_env={"RATELIMIT_ENABLED": "0"}) as server:
            yield server, name, named.database


def test_a_pooled_connection_the_server_ended_is_replaced_and_a_live_one_kept():
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": POSTGRES_URL})
    with app.app_context():
        first = _backend_of_next_request()
        assert _backend_of_next_request() == first, "a live pooled connection is used again"
        _admin("SELECT pg_terminate_backend(:pid)", pid=first)
        _wait_until_gone(first)

        second = _backend_of_next_request()
        assert second != first
        assert _backend_of_next_request() == second
        db.engine.dispose()


def _backend_of_next_request() -> int:
    """The server process behind the pooled connection the next request gets."""
    pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar_one()
    db.session.remove()  # the connection goes back to the pool, idle, as after a request
    return pid


def _wait_until_gone(pid: int) -> None:
    deadline = time.monotonic() + 10
    while _admin("SELECT 1 FROM pg_stat_activity WHERE pid = :pid", pid=pid):
        assert time.monotonic() < deadline, "the backend did not end"
        time.sleep(0.05)


def test_every_request_succeeds_after_its_connections_are_killed(served):
    server, name, _database = served
    phone = Phone(server.url)
    for _ in range(4):  # both workers open a connection
        assert phone.get("/s/safe-places").status == 200
    assert _terminate_backends(name) >= 1

    for _ in range(6):
        assert phone.get("/s/safe-places").status == 200
        assert phone.get("/readyz").status == 200
    assert _answer_first_question(phone).status == 302
    assert _backends(name) >= 1, "the app did not reconnect"


def test_an_outage_gets_a_kind_503_and_the_app_comes_back(served):
    server, name, database = served
    phone = Phone(server.url)
    # A token from before the outage: the page cannot be fetched during it.
    page, token = _about_page(phone)
    _allow_connections(database, allowed=False)
    try:
        _terminate_backends(name)
        during = phone.get("/s/safe-places")
        assert during.status == 503
        assert "We cannot save answers just now" in during.body
        assert "Traceback" not in during.body
        assert "psycopg" not in during.body
        assert phone.get("/readyz").status == 503
        refused = phone.post(page, {"csrf_token": token, "age_band": "12-15"})
        assert refused.status == 503
    finally:
        _allow_connections(database, allowed=True)

    assert phone.get("/readyz").status == 200
    assert phone.get("/s/safe-places").status == 200
    again = phone.get(page)
    assert again.status == 200
    reply = phone.post(page, {"csrf_token": csrf_token(again.body), "age_band": "12-15"})
    assert reply.status == 302
    assert reply.location.endswith("/q/feel_safe_area")


def _about_page(phone: Phone) -> tuple[str, str]:
    """Start a response; the "about you" page's address and its CSRF token."""
    welcome = phone.get("/s/safe-places")
    begun = phone.post("/s/safe-places/begin", {"csrf_token": csrf_token(welcome.body)})
    assert begun.status == 302
    about = phone.get(begun.location)
    assert about.status == 200
    return begun.location, csrf_token(about.body)


def _answer_first_question(phone: Phone):
    about, token = _about_page(phone)
    reply = phone.post(about, {"csrf_token": token, "age_band": "12-15"})
    question = phone.get(reply.location)
    data = {"csrf_token": csrf_token(question.body), "action": "next", "answer": "very_safe"}
    return phone.post(reply.location, data)


def _admin(statement: str, **parameters) -> int:
    engine = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            rows = connection.execute(text(statement), parameters).all()
    finally:
        engine.dispose()
    return len(rows)


def _terminate_backends(name: str) -> int:
    return _admin(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = :name",
        name=name,
    )


def _backends(name: str) -> int:
    return _admin("SELECT pid FROM pg_stat_activity WHERE application_name = :name", name=name)


def _allow_connections(database: str, allowed: bool) -> None:
    engine = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(
                text(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS {str(allowed).lower()}')
            )
    finally:
        engine.dispose()
