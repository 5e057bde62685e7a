"""Ending a live session seals every phone that answered in a fixed number of SQL statements.

It used to seal one response at a time: reading its answers, an UPDATE and a KPI count each,
about 180 statements for a room of 60 phones as the worker pressed "End".
"""

from sqlalchemy import func, select

from app.extensions import db
from app.models import Answer, KpiTally, LiveSession, Response
from app.services import live as live_sessions
from tests.factories import create_consultation
from tests.queries import counted_statements


def a_room(consultation, answered: int, silent: int = 2) -> int:
    """A running live session with phones that answered and phones that only joined."""
    session = live_sessions.start_session(consultation, None)
    live_sessions.advance(session)
    for index in range(answered + silent):
        response = Response(consultation=consultation, live_session_id=session.id, mode="live")
        if index < answered:
            response.answers.append(
                Answer(
                    survey_id="all-types", survey_version=1, question_id="mood", value="very_safe"
                )
            )
        db.session.add(response)
    db.session.commit()
    return session.id


def statements_to_end(session_id: int) -> list[str]:
    with counted_statements() as statements:
        live_sessions.end(db.session.get(LiveSession, session_id))
    return statements


def sealed(session_id: int) -> int:
    query = select(func.count()).where(
        Response.live_session_id == session_id, Response.submitted_at.is_not(None)
    )
    return db.session.scalar(query)


def test_ending_a_live_session_costs_the_same_statements_for_any_number_of_phones(app):
    consultation = create_consultation()
    small, large = a_room(consultation, answered=2), a_room(consultation, answered=12)
    few, many = statements_to_end(small), statements_to_end(large)
    # the session; it ends (flushed); the phones that answered sealed; their KPI answers
    # counted; its version bumped
    assert len(few) == len(many) == 5, many
    assert (sealed(small), sealed(large)) == (2, 12)
    assert db.session.scalar(select(func.sum(KpiTally.count))) == 14
    assert statements_to_end(large) == [many[0]]  # ended already: only read
