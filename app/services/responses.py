"""Starting, saving, resuming and submitting an anonymous response.

The respondent keeps a random resume token in a cookie; only its SHA-256 is stored, so a database
copy cannot be used to reopen anyone's answers.
"""

import hashlib
import secrets
from collections.abc import Sequence
from typing import NamedTuple

from sqlalchemy import bindparam, exists, insert, select, update
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from app.database import execute_core
from app.extensions import db
from app.models import Answer, Consultation, Group, LiveSession, Response, SafeguardingFlag
from app.models.types import utcnow
from app.questionnaire.answers import ParsedAnswer
from app.questionnaire.schema import Survey
from app.services import alerts, answer_rows, kpi_tallies, safeguarding
from app.services.journey_reads import (
    AnswerRecord,
    AnyResponse,
    ConsultationRecord,
    ResponseRecord,
    keep_in_step,
)

# The responses' table, for the statements that write it directly, not through the ORM.
_RESPONSES = Response.__table__
# Responses locked per UPDATE by ``lock_unsent``: well within every database's bound parameters.
LOCK_BATCH = 5000


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_response(
    consultation: Consultation | ConsultationRecord,
    language: str,
    group: Group | None = None,
    mode: str = "self",
    live_session_id: int | None = None,
) -> tuple[ResponseRecord, str]:
    """Create a response in one INSERT; returns its record with the resume token to give the
    respondent.

    Everyone in a room starts at once, when the poster or the presenter's code goes up: the ORM's
    unit of work took most of this request's time to write one row it already knew all about.
    """
    token = secrets.token_urlsafe(32)
    now = utcnow()
    columns = {
        "consultation_id": consultation.id,
        "group_id": group.id if group is not None else None,
        "live_session_id": live_session_id,
        "language": language,
        "age_band": None,
        "mode": mode,
        "started_at": now,
        "updated_at": now,
        "submitted_at": None,
    }
    row = {**columns, "resume_token_hash": hash_token(token)}
    response_id = execute_core(_START, row).scalar_one()
    commit_keeping_loaded()
    return ResponseRecord(id=response_id, **columns), token


_START = insert(_RESPONSES).returning(_RESPONSES.c.id)


def find_by_token(consultation: Consultation, token: str | None) -> Response | None:
    if not token or len(token) > 200:
        return None
    found = db.session.execute(
        _BY_TOKEN, {"consultation_id": consultation.id, "token_hash": hash_token(token)}
    )
    return found.unique().scalar_one_or_none()


# Built once, as every respondent request runs it. The answers come in the same query: every
# respondent page reads them.
_BY_TOKEN = (
    select(Response)
    .where(
        Response.consultation_id == bindparam("consultation_id"),
        Response.resume_token_hash == bindparam("token_hash"),
    )
    .options(joinedload(Response.answers))
)


def commit_keeping_loaded() -> None:
    """Commit without expiring what this request has loaded.

    The page that follows a save is worked out from the response and answers just written;
    the default expiry would read them all back (three to five queries) to learn nothing new.
    """
    session = db.session()
    previous, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = previous


def set_about(response: AnyResponse, age_band: str | None, group: Group | None) -> None:
    """Record the age band, and the group when one is given (None keeps the one it has)."""
    values = {"age_band": age_band, "updated_at": utcnow()}
    if group is not None:
        values["group_id"] = group.id
    db.session.execute(update(_RESPONSES).where(_RESPONSES.c.id == response.id).values(values))
    commit_keeping_loaded()
    keep_in_step(response, {**values, "group": group} if group is not None else values)


def answers_of(response: AnyResponse) -> dict[str, object]:
    """Question id → value for the questions answered (skipped ones are absent)."""
    return {a.question_id: a.value for a in response.answers if not a.is_skipped}


def answered_ids(response: AnyResponse) -> set[str]:
    return {a.question_id for a in response.answers}


class SavedAnswer(NamedTuple):
    """An answer as stored, with its safeguarding flag (None unless it is text with a flag)."""

    answer: Answer | AnswerRecord
    flag: SafeguardingFlag | None


def save_answer(
    response: AnyResponse, survey: Survey, question_id: str, parsed: ParsedAnswer
) -> SavedAnswer:
    """Insert or replace one answer; the same question answered twice keeps one row.

    A text answer is screened for safeguarding in the same transaction, so the answer and its
    flag are stored together: no moment, nor a worker killed in between, leaves a disclosure
    stored but unflagged (and so on a quote list). Screening is pure Python, a fraction of a
    millisecond, so the lock below is held barely longer. A new high flag alerts the leads
    once it is committed.
    """
    fields = {
        "question_id": question_id,
        "survey_id": survey.id,
        "survey_version": survey.version,
        "value": parsed.value,
        "is_skipped": parsed.is_skipped,
        "answered_at": utcnow(),
    }
    # From here to the commit the response's row is locked (on SQLite, the database): only
    # the statements themselves and the screening run in between.
    sealed = _touch(response)
    if sealed:
        kpi_tallies.remove_response(response)  # sent meanwhile (another tab, the session ended)
    answer = answer_rows.write(response, fields)
    if sealed:
        kpi_tallies.add_response(response)
    question = survey.question(question_id)
    screened = safeguarding.Screened(None, raised=False)
    if question is not None and question.type == "text":
        screened = safeguarding.screen_answer(answer, response)
    commit_keeping_loaded()
    if screened.raised:
        alerts.alert_leads(screened.flag)
    return SavedAnswer(answer, screened.flag)


def _touch(response: AnyResponse) -> bool:
    """Set the response's ``updated_at``, locking its row; True if it has been sent meanwhile.

    The lock orders this answer after (or before) a submission of the same response, so the
    KPI counts of a sent response are changed exactly when its answers are.
    """
    if response.id is None:
        return False
    now = utcnow()
    sent = execute_core(_TOUCH, {"response_id": response.id, "now": now}).scalar_one()
    keep_in_step(response, {"updated_at": now})
    return sent is not None


# Built once, like ``_BY_TOKEN``: every answer runs it. On the table, not the entity: the ORM's
# bulk-update path had nothing to do here (nothing to synchronise) but cost 6 % of an answer.
_TOUCH = (
    update(_RESPONSES)
    .where(_RESPONSES.c.id == bindparam("response_id"))
    .values(updated_at=bindparam("now"))
    .returning(_RESPONSES.c.submitted_at)
)


def lock_unsent(found: Sequence[Response]) -> list[Response]:
    """Lock the rows of the unsent responses in ``found`` until commit; returns those, leaving out
    any sent since it was read (one UPDATE per ``LOCK_BATCH`` responses).

    Retention deletes partial responses: one sent in the meantime is counted for the KPI and
    must be kept.
    """
    ids = [response.id for response in found]
    locked: set[int] = set()
    for start in range(0, len(ids), LOCK_BATCH):
        locked.update(
            db.session.scalars(
                update(Response)
                .where(
                    Response.id.in_(ids[start : start + LOCK_BATCH]),
                    Response.submitted_at.is_(None),
                )
                .values(updated_at=Response.updated_at)
                .returning(Response.id)
                .execution_options(synchronize_session=False)
            )
        )
    return [response for response in found if response.id in locked]


def submit(response: AnyResponse) -> bool:
    """Mark the response as sent. Returns False if it had been sent already (nothing changes)."""
    if response.submitted_at is not None or not mark_submitted(response):
        return False
    db.session.commit()
    return True


def mark_submitted(response: AnyResponse) -> bool:
    """Seal the response and count its KPI answers, in the caller's transaction.

    Returns False, changing nothing, if it had been sent already (see ``_seal``).
    """
    db.session.flush()
    if not _seal(Response.id == response.id):
        if isinstance(response, Response):  # a record is a snapshot, not refreshed
            db.session.expire(response, ["submitted_at", "updated_at"])
        return False
    return True


def mark_live_session_submitted(live_session: LiveSession) -> int:
    """Seal every unsent response of a live session that has an answer, and count their KPI
    answers, in the caller's transaction: two statements however many phones joined.
    Returns how many were sealed."""
    db.session.flush()
    answered = exists().where(Answer.response_id == Response.id)
    return len(_seal(Response.live_session_id == live_session.id, answered))


def _seal(*where) -> list[int]:
    """Mark the unsent responses matching ``where`` as sent, then count their KPI answers;
    returns their ids.

    The UPDATE only matches an unsent response, so two requests sending the same response at
    once (a double click, a phone finishing as its session ends) seal and count it once.
    """
    now = utcnow()
    sealed = db.session.scalars(
        update(Response)
        .where(Response.submitted_at.is_(None), *where)
        .values(submitted_at=now, updated_at=now)
        .returning(Response.id)
        .execution_options(synchronize_session=False)
    ).all()
    for response_id in sealed:  # responses already loaded show the times without a read
        loaded = db.session.identity_map.get(identity_key(Response, response_id))
        if loaded is not None:
            set_committed_value(loaded, "submitted_at", now)
            set_committed_value(loaded, "updated_at", now)
    kpi_tallies.add_responses(sealed)
    return sealed
