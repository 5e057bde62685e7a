"""Running a live group session: join codes, pacing, what the big screen may show, the summary.

A session walks through the survey's questions (info pages included, so the worker can put them
up). Each phone that joins is one anonymous ``Response`` (mode "live", or "tablet" when one tablet
is passed round) linked to the session. ``LiveSession.version`` is bumped on every change the
phones and the presenter must notice; they poll with it as an ETag.

The big screen never shows an identity, never a count for a question fewer than
``MIN_SHOWN_ANSWERS`` people have answered, and free text only when the worker chose it, redacted,
and only while no safeguarding flag is on it.
"""

import hashlib
import secrets
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select

from analysis.redact import redact
from app.extensions import db
from app.models import Answer, Consultation, LiveSession, LiveShownAnswer, Response, User
from app.models.types import utcnow
from app.questionnaire import logic
from app.questionnaire.answers import ParsedAnswer, choices_for
from app.questionnaire.schema import Question, Survey
from app.services import consultations, map_results, place_maps, responses, safeguarding
from app.services.journey_reads import ResponseRecord
from app.services.map_results import LiveMap

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
MIN_SHOWN_ANSWERS = 3
WAITING, RUNNING, PAUSED, ENDED = "waiting", "running", "paused", "ended"
WORKER_PACED, SELF_PACED = "worker", "self"


@dataclass(frozen=True)
class QuestionResult:
    question_id: str
    type: str
    text: str
    answered: int
    # (value, English label, count); empty while fewer than MIN_SHOWN_ANSWERS have answered,
    # and always for text and map questions (a map question's figures are in ``map``)
    counts: tuple[tuple[str, str, int], ...]
    shown_texts: tuple[str, ...]
    # a map question's heat map and named places, once MIN_SHOWN_ANSWERS have answered
    map: LiveMap | None = None

    @property
    def is_hidden(self) -> bool:
        return self.answered < MIN_SHOWN_ANSWERS


def normalise_code(raw: str) -> str:
    """What people type: spaces, dashes and lower case are forgiven."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())[:CODE_LENGTH]


def new_code() -> str:
    """A code no session still running uses."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        taken = select(LiveSession.id).where(LiveSession.code == code)
        if db.session.scalar(taken) is None:
            return code


def start_session(
    consultation: Consultation, worker: User | None, pacing: str = WORKER_PACED, is_tablet=False
) -> LiveSession:
    """A new session in the waiting state, with the survey's first question ready."""
    pacing = SELF_PACED if is_tablet else pacing
    if pacing not in (WORKER_PACED, SELF_PACED):
        raise ValueError(f"unknown pacing {pacing!r}")
    first = session_questions(consultations.survey_for(consultation))[0]
    session = LiveSession(
        code=new_code(),
        consultation=consultation,
        worker_id=worker.id if worker else None,
        pacing=pacing,
        is_tablet=is_tablet,
        current_question_id=first.id,
    )
    db.session.add(session)
    db.session.commit()
    return session


def find(code: str) -> LiveSession | None:
    """The session with this code; an ended session's code may be reused, so the newest wins."""
    query = select(LiveSession).where(LiveSession.code == normalise_code(code))
    return db.session.scalar(query.order_by(LiveSession.id.desc()).limit(1))


def survey_of(session: LiveSession) -> Survey:
    return consultations.survey_for(session.consultation)


def session_questions(survey: Survey) -> list[Question]:
    """Every question, in order: a group session has no age band, so age-only ones are left out."""
    return [q for q in survey.questions if not q.ages]


def join(session: LiveSession, language: str) -> tuple[ResponseRecord, str]:
    """A fresh anonymous response for one phone (or one child at the tablet), with its token."""
    mode = "tablet" if session.is_tablet else "live"
    return responses.start_response(
        session.consultation, language, mode=mode, live_session_id=session.id
    )


def participant(session: LiveSession, token: str | None) -> Response | None:
    response = responses.find_by_token(session.consultation, token)
    if response is None or response.live_session_id != session.id:
        return None
    return response


def rejoins_finished(session: LiveSession, response: Response | None) -> bool:
    """A phone that finished and scans the code again gets its own finished response back;
    only at a shared tablet does a finished response make way for the next child's."""
    return response is not None and response.is_submitted and not session.is_tablet


def queue_key(response: Response) -> str:
    """A name for this phone's unsent answers in the browser's storage: stable for the response,
    different for every response, and of no use for reopening it (a hash of the stored hash)."""
    return hashlib.sha256(f"live-queue:{response.resume_token_hash}".encode()).hexdigest()[:20]


def save_answer(
    session: LiveSession, response: Response, question_id: str, parsed: ParsedAnswer
) -> responses.SavedAnswer:
    """Store one phone's answer, returned with its safeguarding flag; sent again (a retry, a
    reload, a resend) it replaces, never adds.

    A retry can overtake a slow first try, so two copies may be written at once: the answer's
    row is written with an upsert on (response, question), so the later one replaces the first.
    """
    return responses.save_answer(response, survey_of(session), question_id, parsed)


def current_question(session: LiveSession) -> Question | None:
    return survey_of(session).question(session.current_question_id or "")


def next_for(session: LiveSession, response: Response) -> Question | None:
    """Where this phone belongs: the worker's question, or its own first unanswered one."""
    if session.pacing == WORKER_PACED:
        return current_question(session)
    done, answers = responses.answered_ids(response), responses.answers_of(response)
    # on their own, people see only the questions their answers lead to (show_if)
    return next(
        (
            q
            for q in session_questions(survey_of(session))
            if q.id not in done and logic.is_shown(q, answers, response.age_band)
        ),
        None,
    )


def previous_for(session: LiveSession, question_id: str) -> Question | None:
    questions = session_questions(survey_of(session))
    ids = [q.id for q in questions]
    position = ids.index(question_id) if question_id in ids else 0
    return questions[position - 1] if position > 0 else None


def accepts_answers(session: LiveSession) -> bool:
    # answers sent late (a phone that was offline) still count until the session ends
    return session.state != ENDED


def _bump(session: LiveSession) -> None:
    session.version = (session.version or 0) + 1
    db.session.commit()


def _move(session: LiveSession, step: int) -> None:
    ids = [q.id for q in session_questions(survey_of(session))]
    here = ids.index(session.current_question_id) if session.current_question_id in ids else 0
    session.current_question_id = ids[max(0, min(len(ids) - 1, here + step))]


def advance(session: LiveSession) -> None:
    """Start the session, or put up the next question."""
    if session.state == WAITING:
        session.state = RUNNING
    elif session.state == RUNNING:
        _move(session, 1)
    _bump(session)


def back(session: LiveSession) -> None:
    if session.state != ENDED:
        _move(session, -1)
        _bump(session)


def pause(session: LiveSession) -> None:
    if session.state == RUNNING:
        session.state = PAUSED
        _bump(session)


def resume(session: LiveSession) -> None:
    if session.state == PAUSED:
        session.state = RUNNING
        _bump(session)


def show_question(session: LiveSession, question_id: str) -> None:
    """Self-paced: the worker chooses which question the big screen discusses."""
    if any(q.id == question_id for q in session_questions(survey_of(session))):
        session.current_question_id = question_id
        _bump(session)


def end(session: LiveSession) -> None:
    """Stop the session; every response with an answer becomes a complete response."""
    if session.state == ENDED:
        return
    session.state, session.ended_at = ENDED, utcnow()
    responses.mark_live_session_submitted(session)  # counted for the KPI in this transaction
    _bump(session)


def finish(response: Response) -> None:
    """A participant (or a child at the tablet) has finished: their answers are sealed."""
    responses.submit(response)


def counts(session: LiveSession) -> tuple[int, int]:
    """(joined, finished) phones."""
    joined = func.count(Response.id)
    finished = func.count(Response.submitted_at)
    query = select(joined, finished).where(Response.live_session_id == session.id)
    row = db.session.execute(query).one()
    return int(row[0]), int(row[1])


def results(session: LiveSession) -> list[QuestionResult]:
    """Each answerable question's answers so far, ready for the big screen (see module doc)."""
    questions = [q for q in session_questions(survey_of(session)) if q.type != "info"]
    places = []  # the consultation's named places: read only for a "places" question
    if any(q.type == "places" for q in questions):
        places = consultations.place_choices(session.consultation)
    spots = place_maps.spots_by_place(q.place for q in questions if q.type == "map")
    rows = _answers_by_question(session)
    shown = _shown_texts(session)
    return [_result(q, rows.get(q.id, []), places, spots, shown.get(q.id, ())) for q in questions]


def _answers_by_question(session: LiveSession) -> dict[str, list[object]]:
    query = (
        select(Answer.question_id, Answer.value)
        .join(Response, Answer.response_id == Response.id)
        .where(Response.live_session_id == session.id, Answer.is_skipped.is_(False))
    )
    grouped: dict[str, list[object]] = {}
    for question_id, value in db.session.execute(query):
        grouped.setdefault(question_id, []).append(value)
    return grouped


def _result(question: Question, values: list, places, spots, shown) -> QuestionResult:
    """Nothing is counted or shown while fewer than MIN_SHOWN_ANSWERS have answered."""
    if len(values) < MIN_SHOWN_ANSWERS:
        return QuestionResult(question.id, question.type, question.text, len(values), (), ())
    board = None
    if question.type == "map":
        own_spots = spots.get(question.place or "", [])
        board = map_results.live_map(question, values, own_spots, MIN_SHOWN_ANSWERS)
    counts = _counts(question, values, places)
    return QuestionResult(
        question.id, question.type, question.text, len(values), counts, shown, board
    )


def _counts(question: Question, values: list, places) -> tuple[tuple[str, str, int], ...]:
    if question.type in ("text", "map"):
        return ()
    if question.type == "number":
        tally = Counter(str(value) for value in values)
        return tuple((v, v, n) for v, n in sorted(tally.items(), key=lambda i: int(i[0])))
    tally = Counter(v for value in values for v in _as_list(value))
    return tuple((v, label, tally[v]) for v, label in choices_for(question, places))


def _as_list(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _shown_texts(session: LiveSession) -> dict[str, tuple[str, ...]]:
    """Redacted texts the worker chose, oldest first; a flag hides one at once, whenever set."""
    query = (
        select(Answer.question_id, Answer.value)
        .join(LiveShownAnswer, LiveShownAnswer.answer_id == Answer.id)
        .where(
            LiveShownAnswer.live_session_id == session.id,
            LiveShownAnswer.is_hidden.is_(False),
            Answer.is_skipped.is_(False),
            safeguarding.unflagged_answers_clause(),
        )
        .order_by(LiveShownAnswer.shown_at, LiveShownAnswer.id)
    )
    grouped: dict[str, list[str]] = {}
    for question_id, value in db.session.execute(query):
        grouped.setdefault(question_id, []).append(redact(str(value)).text)
    return {key: tuple(texts) for key, texts in grouped.items()}


@dataclass(frozen=True)
class QueuedText:
    answer_id: int
    question_id: str
    redacted: str
    is_shown: bool


def moderation_queue(session: LiveSession) -> list[QueuedText]:
    """Free-text answers the worker may put on the screen, redacted; flagged ones never appear."""
    text_ids = [q.id for q in session_questions(survey_of(session)) if q.type == "text"]
    query = (
        select(Answer.id, Answer.question_id, Answer.value)
        .join(Response, Answer.response_id == Response.id)
        .where(
            Response.live_session_id == session.id,
            Answer.question_id.in_(text_ids),
            Answer.is_skipped.is_(False),
            safeguarding.unflagged_answers_clause(),
        )
        .order_by(Answer.answered_at, Answer.id)
    )
    shown = _visible_shown_ids(session)
    return [
        QueuedText(answer_id, question_id, redact(str(value)).text, answer_id in shown)
        for answer_id, question_id, value in db.session.execute(query)
        if str(value or "").strip()
    ]


def _visible_shown_ids(session: LiveSession) -> set[int]:
    query = select(LiveShownAnswer.answer_id).where(
        LiveShownAnswer.live_session_id == session.id, LiveShownAnswer.is_hidden.is_(False)
    )
    return set(db.session.scalars(query))


def show_text(session: LiveSession, answer_id: int, worker: User | None) -> bool:
    """Put one queued answer on the screen; False when it is not in this session's queue."""
    if answer_id not in {item.answer_id for item in moderation_queue(session)}:
        return False
    shown = db.session.scalar(
        select(LiveShownAnswer).filter_by(live_session_id=session.id, answer_id=answer_id)
    )
    if shown is None:
        shown = LiveShownAnswer(live_session_id=session.id, answer_id=answer_id)
        db.session.add(shown)
    shown.is_hidden, shown.shown_at = False, utcnow()
    shown.shown_by_id = worker.id if worker else None
    _bump(session)
    return True


def hide_text(session: LiveSession, answer_id: int) -> None:
    shown = db.session.scalar(
        select(LiveShownAnswer).filter_by(live_session_id=session.id, answer_id=answer_id)
    )
    if shown is not None:
        shown.is_hidden = True
        _bump(session)
