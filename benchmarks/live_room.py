"""A room of 60 phones in one worker-paced live session, against gunicorn as production runs it.

    python benchmarks/live_room.py [--phones 60] [--postgres URL]

For SQLite (always) and PostgreSQL (with ``--postgres``, a scratch database: the demo data is
loaded into it), this migrates a fresh database, serves the app with gunicorn (2 sync workers)
on loopback, and then, on threads with the standard library only:

- a worker signs in, starts a worker-paced session on the demo consultation, puts up each of
  the first questions in turn, moving on once every phone's answer is in, and ends it;
- each phone joins by code, polls ``state.json`` with an ETag as live.js does, and answers each
  question the worker puts up (an answer that fails is sent again, as live.js would);
- a presenter screen polls its fragment with an ETag.

It prints p50/p95/max latency per kind of request, the errors, how long phones took to see each
new question, and whether the presenter's data counts every answer exactly once.
"""

import argparse
import http.cookiejar
import json
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.questionnaire.schema import SKIP_VALUE  # noqa: E402
from benchmarks.server import gunicorn_server, prepare_database  # noqa: E402

QUESTIONS = [
    "feel_safe_area",
    "feel_safe_school",
    "feel_safe_transport",
    "feel_safe_online",
    "stays_away_from_places",
]
POLL_SECONDS = 1.5  # as live.js
WORKER = ("worker@safevoices.example", "safe-voices-demo")  # the demo's printed sign-in
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
CHOICE = re.compile(r'name="answer" value="([^"]+)"')
CONSULTATION = re.compile(r'href="/staff/consultations/(\d+)">Places where you feel safe<')
OK = {200, 302, 304}


class Stats:
    """Latencies by kind of request, and every error, from all threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.tally: Counter = Counter()  # (question, value) → answers the phones got through
        self.seen_after: list[float] = []  # seconds from the worker's "next" to a phone noticing

    def record(self, kind: str, seconds: float, status: int | None, problem: str = "") -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if status not in OK:
                self.errors.append(f"{kind}: {problem or status}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Each request is measured on its own: a redirect is an answer, not a second request."""

    def redirect_request(self, *_args, **_kwargs):
        return None


class Client:
    """One device with its own cookies."""

    def __init__(self, base: str, stats: Stats):
        self.base, self.stats = base, stats
        cookies = urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        self.opener = urllib.request.build_opener(cookies, NoRedirect)

    def request(self, kind: str, path: str, fields=None, headers=None) -> tuple[int, dict, str]:
        data = urllib.parse.urlencode(fields).encode() if fields is not None else None
        url = self.base + path  # always the loopback server this script started
        request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=30) as reply:
                status, head, body = reply.status, dict(reply.headers), reply.read().decode()
        except urllib.error.HTTPError as reply:
            status, head, body = reply.code, dict(reply.headers), reply.read().decode()
        except OSError as problem:
            self.stats.record(kind, time.perf_counter() - started, None, repr(problem))
            return 0, {}, ""
        self.stats.record(kind, time.perf_counter() - started, status)
        return status, head, body


def run_phone(base: str, code: str, index: int, stats: Stats, moved_at: dict) -> None:
    phone = Client(base, stats)
    _status, _head, html = phone.request("join page", f"/join/{code}")
    phone.request("join", f"/join/{code}", {"csrf_token": TOKEN.search(html)[1]})
    etag, seen = None, None
    while True:
        headers = {"If-None-Match": etag} if etag else {}
        status, head, body = phone.request("phone poll", f"/live/{code}/state.json", None, headers)
        if status == 200:
            etag, state = head.get("ETag"), json.loads(body)
            if state["state"] == "ended":
                return
            if state["state"] == "running" and state["question_id"] != seen:
                seen = state["question_id"]
                with stats.lock:
                    stats.seen_after.append(time.perf_counter() - moved_at[seen])
                answer(phone, code, seen, index)
        time.sleep(POLL_SECONDS)


def answer(phone: Client, code: str, question_id: str, index: int) -> None:
    """Read the question, choose, send; send again on failure, like live.js's queue."""
    for _attempt in range(6):
        _status, _head, html = phone.request("question page", f"/live/{code}/q/{question_id}")
        # "I'd rather not say" is stored as skipped, and a skip is not counted on the screen
        choices = [value for value in CHOICE.findall(html) if value != SKIP_VALUE]
        token = TOKEN.search(html)
        if token and choices:
            value = choices[index % len(choices)]
            fields = {"csrf_token": token[1], "action": "next", "answer": value}
            status, _head, _body = phone.request("answer", f"/live/{code}/q/{question_id}", fields)
            if status == 302:
                with phone.stats.lock:
                    phone.stats.tally[question_id, value] += 1
                return
        time.sleep(2)


def run_presenter(base: str, code: str, stats: Stats, stop: threading.Event) -> None:
    screen, etag = Client(base, stats), None
    while not stop.is_set():
        headers = {"If-None-Match": etag} if etag else {}
        status, head, _body = screen.request(
            "presenter poll", f"/live/{code}/present/screen", None, headers
        )
        if status == 200:
            etag = head.get("ETag")
        time.sleep(1)


class Worker:
    """The participation worker's laptop: sign in, start, move the group on, end."""

    def __init__(self, base: str, stats: Stats):
        self.client = Client(base, stats)
        self.code = ""

    def start_session(self) -> str:
        _s, _h, html = self.client.request("worker", "/staff/sign-in")
        fields = {"csrf_token": TOKEN.search(html)[1], "email": WORKER[0], "password": WORKER[1]}
        assert self.client.request("worker", "/staff/sign-in", fields)[0] == 302, "sign-in failed"
        consultation = CONSULTATION.search(self.client.request("worker", "/staff/")[2])[1]
        new = f"/staff/live/new?consultation_id={consultation}"
        token = TOKEN.search(self.client.request("worker", new)[2])[1]
        fields = {"csrf_token": token, "consultation_id": consultation, "pacing": "worker"}
        status, head, _body = self.client.request("worker", "/staff/live/new", fields)
        assert status == 302, f"could not start a session: {status}"
        self.code = head["Location"].rstrip("/").rsplit("/", 1)[-1]
        return self.code

    def control(self, action: str) -> None:
        console = self.client.request("worker console", f"/staff/live/{self.code}")[2]
        fields = {"csrf_token": TOKEN.search(console)[1], "action": action}
        self.client.request("worker control", f"/staff/live/{self.code}/control", fields)

    def results(self) -> dict:
        return json.loads(self.client.request("worker check", f"/live/{self.code}/results.json")[2])

    def wait_until(self, condition, timeout: float = 120) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition(self.results()):
                return True
            time.sleep(1)
        return False


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def answered(data: dict, question_id: str) -> int:
    return next(q["answered"] for q in data["questions"] if q["id"] == question_id)


def run_room(base: str, phones: int) -> tuple[Stats, dict, float]:
    stats, moved_at = Stats(), {}
    worker = Worker(base, stats)
    code = worker.start_session()
    threads = [
        threading.Thread(target=run_phone, args=(base, code, i, stats, moved_at), daemon=True)
        for i in range(phones)
    ]
    stop = threading.Event()
    presenter = threading.Thread(target=run_presenter, args=(base, code, stats, stop))
    started = time.perf_counter()
    for thread in [*threads, presenter]:
        thread.start()
    worker.wait_until(lambda data: data["joined"] == phones)
    progress(f"session {code}: {phones} phones joined")
    for position, question_id in enumerate(QUESTIONS):
        moved_at[question_id] = time.perf_counter()
        worker.control("start" if position == 0 else "next")
        worker.wait_until(lambda data, q=question_id: answered(data, q) >= phones)
        progress(f"  {question_id}: answered")
    final = worker.results()
    worker.control("end")
    for thread in threads:
        thread.join(60)
    stop.set()
    presenter.join(10)
    return stats, final, time.perf_counter() - started


def exactly_once(stats: Stats, final: dict, phones: int) -> bool:
    """Every answer the phones got through is on the presenter's data once, and nothing more."""
    for question_id in QUESTIONS:
        question = next(q for q in final["questions"] if q["id"] == question_id)
        sent = {value: n for (q, value), n in stats.tally.items() if q == question_id}
        shown = {row["value"]: row["count"] for row in question["counts"] if row["count"]}
        if question["answered"] != phones or sent != shown:
            print(f"  {question_id}: sent {sent}, presenter shows {shown}")
            return False
    return True


def report(name: str, phones: int, stats: Stats, final: dict, elapsed: float) -> None:
    print(f"\n{name}: {phones} phones, {len(QUESTIONS)} questions, {elapsed:.1f} s in all")
    print(f"  {'request':<16}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for kind, values in sorted(stats.latencies.items()):
        print(f"  {kind:<16}{len(values):>7}" + "".join(f"{v * 1000:>9.0f}" for v in _p(values)))
    print(
        f"  {'sees next q.':<16}{len(stats.seen_after):>7}"
        + "".join(f"{v * 1000:>9.0f}" for v in _p(stats.seen_after))
    )
    print(f"  errors: {len(stats.errors)} {Counter(stats.errors).most_common(5)}")
    print(
        f"  joined: {final['joined']}; every answer counted exactly once: "
        f"{'yes' if exactly_once(stats, final, phones) else 'NO'}"
    )


def _p(values: list[float]) -> tuple[float, float, float]:
    ordered = sorted(values) or [0.0]
    p95 = ordered[round(0.95 * (len(ordered) - 1))]
    return statistics.median(ordered), p95, ordered[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phones", type=int, default=60)
    parser.add_argument("--postgres", help="a scratch PostgreSQL database URL (demo data is added)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        databases = [("SQLite", f"sqlite:///{folder}/live_room.db")]
        if args.postgres:
            databases.append(("PostgreSQL", args.postgres))
        all_good = True
        for name, url in databases:
            progress(f"{name}: preparing the database")
            prepare_database(url)
            with gunicorn_server(url, workers=2) as server:
                stats, final, elapsed = run_room(server.url, args.phones)
            report(name, args.phones, stats, final, elapsed)
            all_good &= not stats.errors and exactly_once(stats, final, args.phones)
    return 0 if all_good else 1


if __name__ == "__main__":
    sys.exit(main())
