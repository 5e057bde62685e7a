"""SQL statements per request on the live pages a whole room asks for at once: joining, and the
pages polled while a map question is up.

The presenter's screen is polled every 2 seconds and ``results.json`` by whatever reads the
figures. Each reads the session's answers once (``live.results``: the map's figures are built from
them), the named places of every map question's place in one query and, for the screen, the
uploaded map without its image. They took 11 and 12 statements when the map's answers and places
were read again for the map. Each request starts with an empty session, as in production.
"""

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Response
from app.services import live as live_sessions
from tests.live.test_map_heatmap import UNSAFE, send_pins
from tests.map_fixtures import map_consultation
from tests.queries import counted_statements


@pytest.fixture
def session(app):
    session = live_sessions.start_session(map_consultation(), None)
    live_sessions.advance(session)  # running, on the map question
    return session


def reads(statements: list[str], table: str) -> int:
    return sum(re.search(rf"\bFROM {table}\b", statement) is not None for statement in statements)


@pytest.mark.parametrize(("path", "budget"), [("results.json", 7), ("present/screen", 8)])
def test_a_live_map_poll_reads_the_answers_and_the_places_once(app, client, session, path, budget):
    for feeling in ("unsafe", "unsafe", "safe"):
        send_pins(app, session.code, [UNSAFE], **{"hayes-park": feeling})
    with counted_statements() as statements:
        response = client.get(f"/live/{session.code}/{path}")
    assert response.status_code == 200
    # the session, its counts, the consultation and its survey row, the named places, the
    # answers, the texts on the screen; the screen adds the map's size and digest
    assert len(statements) == budget, statements
    assert reads(statements, "answers") == 2, statements  # the answers; the texts shown
    assert reads(statements, "places") == 1, statements
    assert not any(re.search(r"place_maps\.image\b(?!_)", s) for s in statements), statements


def test_a_map_with_too_few_answers_reads_no_map(app, client, session):
    send_pins(app, session.code, [UNSAFE])
    with counted_statements() as statements:
        response = client.get(f"/live/{session.code}/present/screen")
    assert response.status_code == 200
    assert reads(statements, "place_maps") == 0, statements


def test_joining_writes_the_phone_s_response_in_one_insert(app, session):
    # A whole room joins in the same minute the code goes up on the screen.
    phone = app.test_client()
    page = phone.get(f"/join/{session.code}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    with counted_statements() as statements:
        joined = phone.post(f"/join/{session.code}", data={"csrf_token": token})
    assert joined.status_code == 302
    writes = [s for s in statements if s.lstrip().upper().startswith(("INSERT", "UPDATE"))]
    assert len(writes) == 1, writes
    assert writes[0].lstrip().startswith("INSERT INTO responses")
    [stored] = db.session.scalars(select(Response)).all()
    assert (stored.live_session_id, stored.mode) == (session.id, "live")
    # the phone is in: its cookie takes it to the question on the screen, not back to joining
    where = phone.get(joined.location)
    assert "/q/" in where.location
