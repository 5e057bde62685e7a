"""Nothing lost when a worker dies: SIGKILL a gunicorn worker while many phones are answering.

Phones answer through the real respondent pages (CSRF, resume cookie), retrying a step that the
server dropped, as a phone on flaky wi-fi does. Afterwards every answer that got a success reply
is in the database exactly once with the value sent, every response that was sent is marked
sent, and the requests that were cut off left nothing half-written.
"""

import hashlib
import http.client
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from app.models import Answer, Consultation, Response
from benchmarks.server import gunicorn_server, prepare_database
from tests.ops.phone import Phone, an_answer, csrf_token

pytestmark = pytest.mark.slow

SLUG = "safe-places"
PHONES = 12
QUESTIONS_PER_JOURNEY = 3  # then send: a short survey keeps the test quick on two cores
SUCCESSES_AROUND_THE_KILL = 20
KILL_ATTEMPTS = 20


@dataclass
class Ledger:
    """What the phones saw, shared between their threads."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    saved: list[tuple[str, str, object]] = field(default_factory=list)  # token, question, value
    tried: set[tuple[str, str, str | None]] = field(default_factory=set)  # None: nothing to say
    sent: list[str] = field(default_factory=list)
    tokens: set[str] = field(default_factory=set)
    dropped: int = 0
    statuses: dict[int, int] = field(default_factory=dict)

    def count(self, status: int) -> None:
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1


class Dropped(Exception):
    """The server cut the request off (its worker died) or could not serve it."""


def test_sigkilled_workers_lose_no_answer(scratch_url):
    prepare_database(scratch_url)
    before = _last_response_id(scratch_url)
    ledger, stop = Ledger(), threading.Event()
    with gunicorn_server(scratch_url, workers=2, threads=1, extra_env=_env()) as server:
        phones = [
            threading.Thread(target=_keep_answering, args=(server.url, n, ledger, stop))
            for n in range(PHONES)
        ]
        for phone in phones:
            phone.start()
        try:
            killed = _kill_a_worker_mid_run(server, ledger)
            _wait_for_successes(ledger, SUCCESSES_AROUND_THE_KILL)
        finally:
            stop.set()
            for phone in phones:
                phone.join(timeout=60)
        workers = server.worker_pids()
        assert killed not in workers
        assert len(workers) == 2, "gunicorn did not replace the killed worker"

    print(f"saved {len(ledger.saved)}, sent {len(ledger.sent)}, dropped {ledger.dropped}")
    assert ledger.dropped >= 1, "no request was cut off: the kills did not hit a busy worker"
    assert 500 not in ledger.statuses, ledger.statuses
    _assert_every_saved_answer_stored_once(scratch_url, ledger)
    _assert_nothing_half_written(scratch_url, ledger, before)


def _env() -> dict[str, str]:
    # Twelve phones on one loopback address would trip the per-address limits meant for the
    # public; this test is about durability, the limits have their own tests.
    return {"RATELIMIT_ENABLED": "0"}


def _kill_a_worker_mid_run(server, ledger: Ledger) -> int:
    """SIGKILL a worker while it holds a client's connection, i.e. in the middle of a request;
    again if that request still slipped through before the signal. A request takes a few
    milliseconds, so the connection is often seen just after its reply: up to 20 tries."""
    port = int(server.url.rsplit(":", 1)[1])
    for _ in range(KILL_ATTEMPTS):
        _wait_for_successes(ledger, SUCCESSES_AROUND_THE_KILL)
        victim = _a_worker_serving(server, port)
        os.kill(victim, signal.SIGKILL)
        deadline = time.monotonic() + 2  # a cut-off phone notices at once
        while not ledger.dropped and time.monotonic() < deadline:
            time.sleep(0.05)
        if ledger.dropped:
            break
    return victim


def _a_worker_serving(server, port: int, timeout: float = 10) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        serving = _established_inodes(port)
        for pid in server.worker_pids():
            if _socket_inodes(pid) & serving:
                return pid
        time.sleep(0.002)
    raise AssertionError("no worker was serving a request")


def _established_inodes(port: int) -> set[str]:
    """Inodes of accepted connections on the server's port (TCP state 01, ESTABLISHED)."""
    rows = Path("/proc/net/tcp").read_text().splitlines()[1:]
    fields = [row.split() for row in rows]
    return {f[9] for f in fields if f[3] == "01" and int(f[1].split(":")[1], 16) == port}


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    try:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            target = os.readlink(fd)
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    except OSError:  # the worker is exiting or being replaced
        pass
    return inodes


def _wait_for_successes(ledger: Ledger, more: int, timeout: float = 40) -> None:
    target = len(ledger.saved) + more
    deadline = time.monotonic() + timeout
    while len(ledger.saved) < target:
        assert time.monotonic() < deadline, f"phones stalled: {ledger.statuses}"
        time.sleep(0.05)


def _keep_answering(base_url: str, number: int, ledger: Ledger, stop: threading.Event) -> None:
    journey = 0
    while not stop.is_set():
        journey += 1
        _one_journey(Phone(base_url), f"phone {number} journey {journey}", ledger, stop)


def _one_journey(phone: Phone, label: str, ledger: Ledger, stop: threading.Event) -> None:
    """Start, say the age band, answer a few questions, send; each step retried until it works."""
    about = _retry(ledger, stop, lambda: _start(phone, ledger))
    if about is None:
        return
    with ledger.lock:
        ledger.tokens.add(_token(phone))
    location = _retry(ledger, stop, lambda: _post_page(phone, about, {"age_band": "12-15"}, ledger))
    for _ in range(QUESTIONS_PER_JOURNEY):
        if not location or location.endswith("/check"):
            break
        location = _retry(ledger, stop, lambda at=location: _answer(phone, at, label, ledger))
    if location and _retry(ledger, stop, lambda: _send(phone, ledger)):
        with ledger.lock:
            ledger.sent.append(_token(phone))


def _retry(ledger: Ledger, stop: threading.Event, step):
    while not stop.is_set():
        try:
            return step()
        except (Dropped, OSError, http.client.HTTPException):
            with ledger.lock:
                ledger.dropped += 1
            time.sleep(0.2)
    return None


def _start(phone: Phone, ledger: Ledger) -> str:
    welcome = _checked(phone.get(f"/s/{SLUG}"), ledger, 200)
    reply = _checked(
        phone.post(f"/s/{SLUG}/begin", {"csrf_token": csrf_token(welcome.body), "fresh": "1"}),
        ledger,
        302,
    )
    assert reply.location.endswith("/about"), reply.location
    return reply.location


def _post_page(phone: Phone, path: str, data: dict, ledger: Ledger) -> str:
    page = _checked(phone.get(path), ledger, 200)
    reply = phone.post(path, {"csrf_token": csrf_token(page.body), **data})
    return _checked(reply, ledger, 302).location


def _send(phone: Phone, ledger: Ledger) -> str:
    page = phone.get(f"/s/{SLUG}/check")
    if page.status == 302 and page.location.endswith("/thank-you"):
        return page.location  # the earlier try was saved, only its reply was lost
    _checked(page, ledger, 200)
    reply = phone.post(f"/s/{SLUG}/check", {"csrf_token": csrf_token(page.body)})
    return _checked(reply, ledger, 302).location


def _answer(phone: Phone, path: str, label: str, ledger: Ledger) -> str:
    page = _checked(phone.get(path), ledger, 200)
    question = path.rsplit("/", 1)[1]
    value = an_answer(page.body, f"More lights by the shops ({label}, {question})")
    data = {"csrf_token": csrf_token(page.body), "action": "next"}
    if value is not None:
        data["answer"] = value
    with ledger.lock:
        ledger.tried.add((_token(phone), question, value))
    reply = _checked(phone.post(path, data), ledger, 302)
    if value is not None:
        with ledger.lock:
            ledger.saved.append((_token(phone), question, value))
    return reply.location


def _checked(reply, ledger: Ledger, expected: int):
    ledger.count(reply.status)
    if reply.status == 503:
        raise Dropped
    assert reply.status == expected, (reply.status, reply.body[:300])
    return reply


def _token(phone: Phone) -> str:
    return next(value for name, value in phone.cookies.items() if name.startswith("sv_resume_"))


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _engine(url: str):
    return create_engine(url)


def _last_response_id(url: str) -> int:
    engine = _engine(url)
    with engine.connect() as connection:
        last = connection.scalar(select(func.max(Response.id))) or 0
    engine.dispose()
    return last


def _assert_every_saved_answer_stored_once(url: str, ledger: Ledger) -> None:
    assert len(ledger.saved) >= 2 * SUCCESSES_AROUND_THE_KILL
    engine = _engine(url)
    with engine.connect() as connection:
        for token, question, value in ledger.saved:
            stored = connection.scalars(
                select(Answer.value)
                .join(Response, Answer.response_id == Response.id)
                .where(Response.resume_token_hash == _hash(token), Answer.question_id == question)
            ).all()
            assert len(stored) == 1, (question, stored)
            assert stored[0] in (value, [value]), (question, stored[0], value)
        for token in ledger.sent:
            sent_at = connection.scalar(
                select(Response.submitted_at).where(Response.resume_token_hash == _hash(token))
            )
            assert sent_at is not None
    engine.dispose()


def _assert_nothing_half_written(url: str, ledger: Ledger, before: int) -> None:
    """Every row the run wrote belongs to a phone that holds its token and holds what was sent."""
    known = {_hash(token): token for token in ledger.tokens}
    tried = ledger.tried
    engine = _engine(url)
    with engine.connect() as connection:
        orphans = connection.scalar(
            select(func.count(Answer.id))
            .outerjoin(Response, Answer.response_id == Response.id)
            .where(Response.id.is_(None))
        )
        assert orphans == 0
        consultation = connection.scalar(select(Consultation.id).where(Consultation.slug == SLUG))
        rows = connection.execute(
            select(Response.resume_token_hash, Answer.question_id, Answer.value, Answer.is_skipped)
            .join(Answer, Answer.response_id == Response.id)
            .where(Response.id > before, Response.consultation_id == consultation)
        ).all()
    engine.dispose()
    assert rows
    for token_hash, question, value, is_skipped in rows:
        assert token_hash in known, "an answer under a response no phone could have reached"
        # An information page is sent with no answer and stored as passed (skipped).
        sent = None if is_skipped else (value[0] if isinstance(value, list) else value)
        assert is_skipped or value is not None
        assert (known[token_hash], question, sent) in tried, (question, value)
