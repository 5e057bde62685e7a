"""The machine's ceiling: a bare Flask + SQLAlchemy app beside our respondent page and answer.

    python benchmarks/bare_app.py [--database sqlite|postgresql|both] [--clients 16]
                                  [--duration 15] [--rounds 3] [--workers 2] [--threads 4]

The bare app (``create_bare_app``) renders a 5 KB page from a Jinja template and, on POST, inserts
one row and redirects: what any Flask + SQLAlchemy app must do at least. In the same run, with the
same gunicorn settings and the same client (``benchmarks/load.py``: aiohttp, ``--clients`` phones
in a closed loop with no think time), four phases each last ``--duration`` seconds:

- bare GET ``/`` and bare POST ``/rows``;
- our question page GET (each phone re-reads its first question) and our answer POST (each phone
  answers question after question of responses it started beforehand, with CSRF token and
  resume cookie, as ``load.py`` does; rate limits stay on, each response with its own address).

Bare and ours alternate for ``--rounds`` rounds, so that other work on the machine hits both; the
ratios of requests per second are printed per round with their median. Target: ours at least half
of bare for both the GET and the POST, on SQLite.
"""

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
from flask import Flask, redirect, render_template, request
from flask_sqlalchemy import SQLAlchemy
from jinja2 import DictLoader
from sqlalchemy import String, event
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import load  # noqa: E402
from benchmarks.server import gunicorn_server, prepare_database  # noqa: E402

BARE_APP = "benchmarks.bare_app:create_bare_app()"
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title>
<link rel="stylesheet" href="/static/app.css"></head>
<body><main><h1>{{ title }}</h1>
<form method="post" action="/rows"><fieldset><legend>{{ title }}</legend>
{% for item in items %}<label class="choice">
<input type="radio" name="answer" value="{{ item.value }}"><span>{{ item.label }}</span></label>
<p class="hint">{{ item.hint }}</p>
{% endfor %}</fieldset><button type="submit">Next</button></form></main></body></html>
"""
ITEMS = [
    {
        "value": f"option_{n}",
        "label": f"Option number {n}, a choice",
        "hint": "A short line of help text under each choice, as pages often have.",
    }
    for n in range(22)
]


class BareBase(DeclarativeBase):
    pass


class BareRow(BareBase):
    __tablename__ = "bare_rows"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(String(200))


def create_bare_app() -> Flask:
    """What gunicorn serves: one page, one insert, the same database settings as ours."""
    app = Flask(__name__)
    app.jinja_loader = DictLoader({"page.html": PAGE})  # compiled once, as files would be
    url = os.environ["DATABASE_URL"]
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    if url.startswith("sqlite"):
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"timeout": 15}}
    database = SQLAlchemy(model_class=BareBase)
    database.init_app(app)
    with app.app_context():
        if url.startswith("sqlite"):
            event.listen(database.engine, "connect", _sqlite_like_ours)

    @app.get("/")
    def page():
        return render_template("page.html", title="A question for the benchmark", items=ITEMS)

    @app.post("/rows")
    def insert():
        database.session.add(BareRow(body=request.form.get("answer", "")[:200]))
        database.session.commit()
        return redirect("/", 302)

    @app.get("/readyz")
    def ready():
        return "ok"

    return app


def _sqlite_like_ours(connection, _record) -> None:
    """The pragmas ``app/database.py`` sets, so the ceiling is measured on the same footing."""
    cursor = connection.cursor()
    for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def create_bare_table(url: str) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(url)
    BareBase.metadata.create_all(engine)
    engine.dispose()


async def hammer(base: str, clients: int, duration: float, prepare, step) -> load.Recorder:
    """``clients`` phones, each prepared once, then each repeating ``step`` for ``duration``."""
    connector = aiohttp.TCPConnector(limit=0)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(
        connector=connector, timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()
    ) as http:
        setup = load.Recorder()
        states = await asyncio.gather(
            *(prepare(load.Phone(http, base, setup, f"10.9.{n}.1"), n) for n in range(clients))
        )
        if setup.errors:
            raise RuntimeError(f"setting up the phones failed: {dict(setup.errors)}")
        recorder = load.Recorder(deadline=time.perf_counter() + duration)

        async def loop(state):
            state.phone.recorder = recorder
            while time.perf_counter() < recorder.deadline:
                try:
                    await step(state)
                except load.JourneyBroken:
                    await asyncio.sleep(0.1)

        await asyncio.gather(*(loop(state) for state in states))
    return recorder


class State:
    def __init__(self, phone: load.Phone, **fields):
        self.phone = phone
        self.__dict__.update(fields)


def bare_phases(base: str, clients: int, duration: float) -> dict[str, float]:
    async def prepare(phone, number):
        return State(phone, rng=random.Random(number))

    async def get(state):
        await state.phone.send("bare GET", "GET", "/")

    async def post(state):
        data = {"answer": f"option_{state.rng.randrange(22)}"}
        await state.phone.send("bare POST", "POST", "/rows", data, 302)

    return {
        "GET": _rate(asyncio.run(hammer(base, clients, duration, prepare, get)), duration),
        "POST": _rate(asyncio.run(hammer(base, clients, duration, prepare, post)), duration),
    }


def our_phases(base: str, clients: int, duration: float, slug: str, stock: int) -> dict:
    pages: dict[str, str] = {}  # question address → its page, learnt once, for choosing answers

    async def start(phone, number, index):
        phone.headers["X-Forwarded-For"] = f"10.{10 + index // 250}.{number}.{index % 250 + 1}"
        welcome = await phone.send("setup", "GET", f"/s/{slug}")
        token = load.csrf_token(welcome.body)
        data = {"csrf_token": token, "fresh": "1"}
        await phone.send("setup", "POST", f"/s/{slug}/begin", data, 302)
        about = {"csrf_token": token, "age_band": "12-15", "group": "prefer_not_say"}
        sent = await phone.send("setup", "POST", f"/s/{slug}/about", about, 302)
        return token, sent.location, dict(phone.cookies), dict(phone.headers)

    async def prepare_get(phone, number):
        token, first, _cookies, _headers = await start(phone, number, 0)
        return State(phone, first=first)

    async def get(state):
        await state.phone.send("our GET", "GET", state.first)

    async def prepare_post(phone, number):
        started = [await start(phone, number, index) for index in range(stock)]
        return State(phone, started=started, index=0, location=None, rng=random.Random(number))

    async def post(state):
        if state.location is None or "/check" in state.location:
            token, state.location, cookies, headers = state.started[state.index % stock]
            state.phone.cookies, state.phone.headers, state.token = dict(cookies), headers, token
            state.index += 1
        if state.location not in pages:
            pages[state.location] = (await state.phone.send("learn", "GET", state.location)).body
        data = load.choose(pages[state.location], state.rng)
        data["csrf_token"] = state.token
        sent = await state.phone.send("our POST", "POST", state.location, load.form_data(data), 302)
        state.location = sent.location

    get_recorder = asyncio.run(hammer(base, clients, duration, prepare_get, get))
    post_recorder = asyncio.run(hammer(base, clients, duration, prepare_post, post))
    errors = sum(get_recorder.errors.values()) + sum(post_recorder.errors.values())
    return {
        "GET": _rate(get_recorder, duration),
        "POST": _rate(post_recorder, duration),
        "errors": errors,
    }


def _rate(recorder: load.Recorder, duration: float) -> float:
    if recorder.errors:
        print(f"  errors: {dict(recorder.errors)}")
    return sum(len(values) for values in recorder.latencies.values()) / duration


def run(kind: str, options, folder: Path) -> list[dict]:
    url = load.database_url(kind, options.postgres_url, folder)
    prepare_database(url)
    create_bare_table(url)
    # Each worker holds at most its share of the phones' connections: without a cap, the 16
    # phones connecting at once were at times all taken by one worker, halving either app's
    # rate from one round to the next.
    share = -(-options.clients // options.workers)
    settings = {"workers": options.workers, "threads": options.threads, "worker_connections": share}
    rounds = []
    for number in range(1, options.rounds + 1):
        with gunicorn_server(url, app=BARE_APP, **settings) as server:
            bare = bare_phases(server.url, options.clients, options.duration)
        with gunicorn_server(url, extra_env=load.SERVER_ENV, **settings) as server:
            ours = our_phases(server.url, options.clients, options.duration, "safe-places", 30)
        rounds.append({"bare": bare, "ours": ours})
        print(
            f"{kind} round {number}: bare GET {bare['GET']:.0f}/s, POST {bare['POST']:.0f}/s; "
            f"ours GET {ours['GET']:.0f}/s, POST {ours['POST']:.0f}/s; ratios GET "
            f"{ours['GET'] / bare['GET']:.2f}, POST {ours['POST'] / bare['POST']:.2f}"
        )
    return rounds


def arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="sqlite")
    parser.add_argument("--postgres-url", default=load.POSTGRES_URL)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duration", type=float, default=15)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    options = arguments(argv)
    kinds = ["sqlite", "postgresql"] if options.database == "both" else [options.database]
    below = False
    for kind in kinds:
        with tempfile.TemporaryDirectory() as folder:
            rounds = run(kind, options, Path(folder))
        for what in ("GET", "POST"):
            bare = statistics.median(r["bare"][what] for r in rounds)
            ours = statistics.median(r["ours"][what] for r in rounds)
            ratio = statistics.median(r["ours"][what] / r["bare"][what] for r in rounds)
            print(f"{kind} {what}: bare {bare:.0f}/s, ours {ours:.0f}/s, median ratio {ratio:.2f}")
            below |= kind == "sqlite" and ratio < 0.5
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
