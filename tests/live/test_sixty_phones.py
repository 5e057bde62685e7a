"""Sixty phones at once against a real threaded server: every answer counted exactly once.

Run with ``-s`` to see the timings (joining, answering, the presenter's view catching up).
"""

import http.cookiejar
import json
import os
import re
import statistics
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from app.extensions import db
from app.services import live as live_sessions
from app.services.surveys import sync_surveys
from tests.conftest import make_app
from tests.factories import create_consultation

PHONES = int(os.environ.get("LIVE_PHONES", "60"))
FACES = ["very_safe", "fairly_safe", "not_sure", "a_bit_unsafe", "very_unsafe"]
COLOURS = ["red", "blue"]
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:  # thousands of lines would hide the figures
        pass


@pytest.fixture
def server(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'sixty.db'}", WTF_CSRF_ENABLED=True)
    with app.app_context():
        db.create_all()
        sync_surveys()
        consultation = create_consultation()
        session = live_sessions.start_session(consultation, None)
        live_sessions.advance(session)  # running, on the welcome note
        live_sessions.advance(session)  # the faces question
        code = session.code
    http_server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=http_server.serve_forever, daemon=True)
    thread.start()
    yield type(
        "Server",
        (),
        {"url": f"http://127.0.0.1:{http_server.server_port}", "app": app, "code": code},
    )
    http_server.shutdown()
    with app.app_context():
        db.engine.dispose()


class PhoneClient:
    def __init__(self, base: str, code: str):
        self.base, self.code = base, code
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def get(self, path: str) -> tuple[str, str]:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.geturl(), response.read().decode()

    def post(self, path: str, fields: dict) -> tuple[str, str]:
        body = urllib.parse.urlencode(fields).encode()
        with self.opener.open(self.base + path, data=body, timeout=30) as response:
            return response.geturl(), response.read().decode()

    def join(self) -> str:
        _url, html = self.get(f"/join/{self.code}")
        url, html = self.post(f"/join/{self.code}", {"csrf_token": TOKEN.search(html)[1]})
        self.token = TOKEN.search(html)[1]
        return url

    def answer(self, question_id: str, value: str) -> float:
        started = time.perf_counter()
        fields = {"csrf_token": self.token, "action": "next", "answer": value}
        self.post(f"/live/{self.code}/q/{question_id}", fields)
        return time.perf_counter() - started

    def wait_for(self, question_id: str) -> None:
        """Poll the session state like live.js does, until the worker moves on."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            _url, body = self.get(f"/live/{self.code}/state.json")
            if json.loads(body)["question_id"] == question_id:
                return
            time.sleep(0.5)
        raise TimeoutError(f"the session never moved on to {question_id}")


def run_phone(server, index: int, moved_on: threading.Event, timings: dict, errors: list):
    try:
        phone = PhoneClient(server.url, server.code)
        started = time.perf_counter()
        assert phone.join().endswith("/q/mood")
        timings["join"].append(time.perf_counter() - started)
        timings["answer"].append(phone.answer("mood", FACES[index % len(FACES)]))
        moved_on.wait(60)
        phone.wait_for("colour")
        _url, html = phone.get(f"/live/{server.code}/")
        phone.token = TOKEN.search(html)[1]
        timings["answer"].append(phone.answer("colour", COLOURS[index % len(COLOURS)]))
    except Exception as problem:  # noqa: BLE001 - reported by the main thread
        errors.append(repr(problem))


def results(server) -> dict:
    _url, body = PhoneClient(server.url, server.code).get(f"/live/{server.code}/results.json")
    return json.loads(body)


def counts_of(data: dict, question_id: str) -> dict[str, int]:
    question = next(q for q in data["questions"] if q["id"] == question_id)
    return {row["value"]: row["count"] for row in question["counts"]}


def test_sixty_phones_answer_at_once_and_each_answer_counts_once(server):
    moved_on, errors = threading.Event(), []
    timings: dict[str, list[float]] = {"join": [], "answer": []}
    threads = [
        threading.Thread(target=run_phone, args=(server, i, moved_on, timings, errors), daemon=True)
        for i in range(PHONES)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    _wait_until(lambda: results(server)["joined"] == PHONES and len(timings["answer"]) == PHONES)
    with server.app.app_context():
        live = live_sessions.find(server.code)
        live_sessions.advance(live)  # the worker moves past the free-text question...
        live_sessions.advance(live)  # ...to the colours
    moved_on.set()
    for thread in threads:
        thread.join(120)
    elapsed = time.perf_counter() - started
    assert errors == []
    data = results(server)
    assert data["joined"] == PHONES
    assert counts_of(data, "mood") == Counter(FACES[i % 5] for i in range(PHONES))
    assert counts_of(data, "colour") == Counter(COLOURS[i % 2] for i in range(PHONES))
    _report(timings, elapsed)
    assert max(timings["answer"]) < 10


def _wait_until(condition, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def _report(timings: dict[str, list[float]], elapsed: float) -> None:
    for name, values in timings.items():
        values = sorted(values)
        p95 = values[int(0.95 * (len(values) - 1))]
        print(
            f"\n{name}: n={len(values)} median={statistics.median(values) * 1000:.0f} ms "
            f"p95={p95 * 1000:.0f} ms max={values[-1] * 1000:.0f} ms"
        )
    print(f"whole session for {PHONES} phones: {elapsed:.1f} s")
