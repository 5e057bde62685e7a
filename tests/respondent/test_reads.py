"""A phone's GETs only read, and on PostgreSQL they read outside a transaction.

Under load on PostgreSQL every respondent GET used to open a transaction and end it with ROLLBACK,
which made psycopg forget its prepared statements: the journey read was planned afresh on every
page. ``app.database.read_outside_transaction`` runs these pages' statements without BEGIN and
ROLLBACK, which is only right while the pages never write; these tests hold them to that (the
live session's phone and presenter pages: ``tests/live/test_live_reads.py``). Each request
starts with a fresh session, as in production.
"""

import pytest
from sqlalchemy import text

from app.extensions import db
from tests.factories import create_consultation
from tests.pages import get_page
from tests.queries import watched_statements, writes
from tests.respondent_driver import Respondent
from tests.safeguarding.conftest import DISCLOSURE


def fetched(client, url: str) -> list[tuple[str, bool, object]]:
    with watched_statements() as seen:
        get_page(client, url)
    return seen


def test_no_page_a_phone_gets_writes_anything(client, app):
    create_consultation()
    phone = Respondent(client, "test-consultation")
    gets = fetched(client, phone.url()) + fetched(client, phone.url("/help"))
    phone.start()
    gets += fetched(client, phone.url("/about"))
    phone.about("12-15")
    answers = {
        "mood": "very_unsafe",
        "why_unsafe": DISCLOSURE,
        "colour": "blue",
        "pets": ["cat"],
        "happy_scale": "a_lot",
        "has_bike": "no",
        "older_only": "yes",
        "where": ["somewhere_else"],
        "siblings": "2",
    }
    for question_id in ("welcome_note", *answers):
        gets += fetched(client, phone.url(f"/q/{question_id}"))
        phone.answer(question_id, answers.get(question_id))
    gets += fetched(client, phone.url("/help-now?after=why_unsafe"))
    gets += fetched(client, phone.url("/q/why_unsafe"))  # a page showing typed text
    gets += fetched(client, phone.url("/check"))
    assert phone.submit().status_code == 302
    gets += fetched(client, phone.url("/thank-you"))

    assert len(gets) >= 15
    assert writes(gets) == []


@pytest.mark.parametrize("backend", ["postgresql"])
def test_on_postgresql_a_page_reads_outside_a_transaction_and_an_answer_inside_one(client, child):
    page_statements = fetched(client, child.url("/q/mood"))
    assert page_statements
    assert all(autocommit for _s, autocommit, _c in page_statements)

    token = child.page("mood").csrf_token()
    with watched_statements() as answer_statements:
        data = {"csrf_token": token, "action": "next", "answer": "fairly_safe"}
        client.post(child.url("/q/mood"), data=data)
    # The answer's read, its lock on the response and its write are one transaction.
    assert len(answer_statements) == 3
    assert not any(autocommit for _s, autocommit, _c in answer_statements)


@pytest.mark.parametrize("backend", ["postgresql"])
def test_on_postgresql_the_journey_read_stays_prepared_from_page_to_page(client, child):
    connections = set()
    for _ in range(8):  # psycopg prepares a statement from its sixth run on a connection
        connections |= {connection for _s, _a, connection in fetched(client, child.url("/q/mood"))}
    assert len(connections) == 1, "the pool should hand each request the same idle connection"
    (connection,) = connections
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    connection.rollback()
    assert any("FROM consultations JOIN surveys" in statement for statement in prepared), prepared
    # Reading it back through the app's own session still works afterwards.
    assert db.session.execute(text("SELECT 1")).scalar_one() == 1
