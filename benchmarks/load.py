"""Load test: hundreds of respondents answering one consultation at once, against gunicorn.

    python benchmarks/load.py [--database sqlite|postgresql|both] [--users 300] [--duration 60]
                              [--workers 2] [--threads 4] [--think 1-4] [--seed 1]

Each simulated respondent is a phone of its own (its own cookies and its own address, sent in
``X-Forwarded-For`` to a server told to trust one proxy, as behind nginx): it opens the
consultation's welcome page, starts, answers "about you", then for every question GETs the page,
"reads" it for a seeded random think time and POSTs an answer chosen from the page's own form
(with its CSRF token and resume cookie), and finally sends the response. Then the next phone
takes its place. Latencies are per kind of request; anything other than the page or the redirect
the journey expects is an error. Each result comes with the machine's speed just before and
after it (``host_speed.py``) and the CPU time gunicorn, PostgreSQL and the load client itself
used: on one machine they share its cores. Results and the server settings are in
``benchmarks/README.md``.

The PostgreSQL database named by ``--postgres-url`` is dropped and created again: scratch only.
Needs ``aiohttp`` (``pip install -e '.[bench]'``).
"""

import argparse
import asyncio
import html
import os
import random
import re
import resource
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.host_speed import reference_ms  # noqa: E402
from benchmarks.server import gunicorn_server, prepare_database  # noqa: E402

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/safevoices_bench"
SERVER_ENV = {"TRUSTED_PROXIES": "1"}
TEXTS = (
    "More lights by the bus station please",
    "The park is fine in the day but not at night",
    "Youth club on Fridays",
    "Police walking round more",
    "Cameras near the shops",
    "I don't know",
)
INPUT = re.compile(r"<(input|textarea)\b([^>]*)>", re.S)
ATTRIBUTE = re.compile(r'([a-z-]+)(?:="([^"]*)")?')


class JourneyBroken(Exception):
    """A reply the journey cannot go on from (already counted as an error)."""


@dataclass
class Recorder:
    """Latencies and errors per kind of request, for replies that came back before the end."""

    deadline: float = float("inf")
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter = field(default_factory=Counter)

    def record(self, kind: str, seconds: float) -> None:
        if time.perf_counter() <= self.deadline:
            self.latencies[kind].append(seconds)

    def error(self, kind: str, what: str) -> None:
        if time.perf_counter() <= self.deadline:
            self.errors[f"{kind}: {what}"] += 1


@dataclass
class Reply:
    status: int
    body: str
    location: str


class Phone:
    """One device: its own cookies and its own client address."""

    def __init__(self, http: aiohttp.ClientSession, base: str, recorder: Recorder, address: str):
        self.http, self.base, self.recorder = http, base, recorder
        self.headers = {"X-Forwarded-For": address}
        self.cookies: dict[str, str] = {}

    async def send(self, kind: str, method: str, path: str, data=None, expect=200) -> Reply:
        headers = dict(self.headers)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        try:
            async with self.http.request(
                method, self.base + path, data=data, headers=headers, allow_redirects=False
            ) as reply:
                body = await reply.text()
                for name, morsel in reply.cookies.items():
                    self.cookies[name] = morsel.value
                status, location = reply.status, reply.headers.get("Location", "")
        except (aiohttp.ClientError, TimeoutError) as problem:
            self.recorder.error(kind, type(problem).__name__)
            raise JourneyBroken from problem
        if status != expect:
            self.recorder.error(kind, f"HTTP {status}")
            raise JourneyBroken
        self.recorder.record(kind, time.perf_counter() - started)
        return Reply(status, body, location.removeprefix(self.base))


def csrf_token(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    return found.group(1) if found else ""


def fields(page: str) -> list[dict[str, str]]:
    """The page's form inputs as attribute dicts (``tag`` added), hidden ones left out."""
    found = []
    for tag, attributes in INPUT.findall(page):
        parsed = {k: html.unescape(v) for k, v in ATTRIBUTE.findall(attributes)}
        if parsed.get("type") != "hidden":
            found.append({"tag": tag, **parsed})
    return found


def choose(page: str, rng: random.Random) -> dict[str, object]:
    """A plausible answer to every field on the page, as a phone would tap it."""
    data: dict[str, object] = {"csrf_token": csrf_token(page), "action": "next"}
    by_name: dict[str, list[dict]] = defaultdict(list)
    for item in fields(page):
        if item.get("name"):
            by_name[item["name"]].append(item)
    for name, items in by_name.items():
        kind = items[0].get("type", items[0]["tag"])
        values = [i["value"] for i in items if i.get("value") not in (None, "prefer_not_say")]
        if kind == "radio":
            data[name] = rng.choice(values) if values and rng.random() > 0.1 else "prefer_not_say"
        elif kind == "checkbox":
            data[name] = rng.sample(values, k=min(len(values), rng.randint(1, 2)))
        elif kind == "textarea":
            data[name] = rng.choice(TEXTS)[: int(items[0].get("maxlength") or 500)]
        elif kind == "number":
            low, high = int(items[0].get("min") or 0), int(items[0].get("max") or 20)
            data[name] = str(rng.randint(low, min(high, low + 20)))
    return data


def form_data(data: dict[str, object]) -> list[tuple[str, str]]:
    pairs = []
    for name, value in data.items():
        for one in value if isinstance(value, list) else [value]:
            pairs.append((name, str(one)))
    return pairs


async def journey(phone: Phone, slug: str, rng: random.Random, think: tuple[float, float]):
    """Welcome, start, about you, every question, send: one respondent from start to finish."""
    pause = lambda: asyncio.sleep(rng.uniform(*think))  # noqa: E731
    welcome = await phone.send("welcome page", "GET", f"/s/{slug}")
    begun = await phone.send(
        "start", "POST", f"/s/{slug}/begin", {"csrf_token": csrf_token(welcome.body)}, 302
    )
    location = begun.location
    while "/check" not in location:
        kind = "about" if location.endswith("/about") else "question"
        page = await phone.send(f"{kind} page", "GET", location)
        await pause()
        data = form_data(choose(page.body, rng))
        sent = await phone.send(
            "answer" if kind == "question" else "about", "POST", location, data, 302
        )
        location = sent.location
        if "/help-now" in location:  # a safeguarding flag: say so, then carry on as a child would
            phone.recorder.error("answer", "help-now offered")
            raise JourneyBroken
    check = await phone.send("check page", "GET", location)
    await pause()
    await phone.send("send", "POST", location, {"csrf_token": csrf_token(check.body)}, 302)


async def respondent(number, http, base, slug, recorder, seed, think, deadline) -> int:
    """One person's place in the room: phone after phone until the time is up."""
    rng = random.Random(seed * 100_003 + number)
    await asyncio.sleep(rng.uniform(0, think[1]))  # people do not all tap at the same instant
    finished = 0
    while time.perf_counter() < deadline:
        address = f"10.{number // 250}.{number % 250}.{finished % 250 + 1}"
        try:
            await journey(Phone(http, base, recorder, address), slug, rng, think)
            finished += 1
        except JourneyBroken:
            await asyncio.sleep(1)
    return finished


async def run_journeys(base, slug, users, duration, think, seed) -> tuple[Recorder, int]:
    started = time.perf_counter()
    recorder = Recorder(deadline=started + duration)
    # A connection per request: phones idle for seconds between pages, longer than gunicorn keeps
    # a connection open, and reusing one the server is closing would count as a false error.
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    timeout = aiohttp.ClientTimeout(total=30)
    jar = aiohttp.DummyCookieJar()
    async with aiohttp.ClientSession(connector=connector, timeout=timeout, cookie_jar=jar) as http:
        tasks = [
            respondent(n, http, base, slug, recorder, seed, think, recorder.deadline)
            for n in range(users)
        ]
        running = [asyncio.ensure_future(task) for task in tasks]
        # Stop at the deadline: a journey still under way is not waited for.
        _done, pending = await asyncio.wait(running, timeout=duration)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
    return recorder, len(recorder.latencies.get("send", []))


def percentile(ordered: list[float], fraction: float) -> float:
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def summary_rows(recorder: Recorder, duration: float) -> list[tuple]:
    """(kind, requests, per second, p50 ms, p95 ms, p99 ms, errors), "all" last."""
    rows = []
    everything = []
    for kind, values in sorted(recorder.latencies.items()):
        everything += values
        errors = sum(n for key, n in recorder.errors.items() if key.startswith(kind + ":"))
        rows.append(_row(kind, sorted(values), duration, errors))
    rows.append(_row("all", sorted(everything), duration, sum(recorder.errors.values())))
    return rows


def _row(kind, ordered, duration, errors) -> tuple:
    milliseconds = [1000 * percentile(ordered, f) for f in (0.50, 0.95, 0.99)]
    return (kind, len(ordered), len(ordered) / duration, *milliseconds, errors)


def print_table(title: str, rows: list[tuple]) -> None:
    print(f"\n{title}")
    headings = ("requests", "req/s", "p50 ms", "p95 ms", "p99 ms")
    print(f"{'kind':<14}" + "".join(f"{h:>9}" for h in headings) + f"{'errors':>8}")
    for kind, count, rate, p50, p95, p99, errors in rows:
        print(f"{kind:<14}{count:>9}{rate:>9.1f}{p50:>9.1f}{p95:>9.1f}{p99:>9.1f}{errors:>8}")


def database_url(kind: str, postgres_url: str, folder: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{folder / 'bench.db'}"
    fresh_postgres(postgres_url)
    return postgres_url


def fresh_postgres(url: str) -> None:
    """Drop and create the scratch database the URL names, so every run starts from the same."""
    import psycopg

    server, name = url.replace("postgresql+psycopg", "postgresql").rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def cpu_seconds() -> dict[str, float]:
    """CPU seconds used so far by this process (the load client), by the processes it has
    waited for (gunicorn, once stopped, with its workers) and by PostgreSQL's processes, the
    exited backends included (read from /proc; 0 where there is none)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "client": own.ru_utime + own.ru_stime,
        "gunicorn": children.ru_utime + children.ru_stime,
        "postgresql": _postgres_seconds(),
    }


def _postgres_seconds() -> float:
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended meanwhile
            continue
        name, rest = text[text.index("(") + 1 : text.rindex(")")], text[text.rindex(")") + 2 :]
        if name == "postgres":
            fields = rest.split()
            ticks += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def parse_think(text: str) -> tuple[float, float]:
    low, _sep, high = text.partition("-")
    return float(low), float(high or low)


def arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--postgres-url", default=POSTGRES_URL)
    parser.add_argument("--slug", default="safe-places")
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--think", type=parse_think, default=(1.0, 4.0), help="seconds, e.g. 1-4")
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    options = arguments(argv)
    kinds = ["sqlite", "postgresql"] if options.database == "both" else [options.database]
    failed = False
    for kind in kinds:
        with tempfile.TemporaryDirectory() as folder:
            url = database_url(kind, options.postgres_url, Path(folder))
            prepare_database(url)
            settings = {"workers": options.workers, "threads": options.threads}
            speed_before = reference_ms()
            cpu_before = cpu_seconds()
            with gunicorn_server(url, extra_env=SERVER_ENV, **settings) as server:
                recorder, finished = asyncio.run(
                    run_journeys(
                        server.url,
                        options.slug,
                        options.users,
                        options.duration,
                        options.think,
                        options.seed,
                    )
                )
        cpu_used = {who: seconds - cpu_before[who] for who, seconds in cpu_seconds().items()}
        speed_after = reference_ms()
        rows = summary_rows(recorder, options.duration)
        print_table(
            f"{kind}: {options.users} respondents, {options.duration:.0f} s, think "
            f"{options.think[0]:g}-{options.think[1]:g} s, gunicorn {options.workers} workers x "
            f"{options.threads} threads; {finished} responses sent",
            rows,
        )
        print(
            f"host speed (benchmarks/host_speed.py; lower is faster): {speed_before:.1f} ms "
            f"before, {speed_after:.1f} ms after"
        )
        print(
            "CPU used on this machine's cores: gunicorn {gunicorn:.1f} s (its start-up included), "
            "PostgreSQL {postgresql:.1f} s, the load client {client:.1f} s".format(**cpu_used)
        )
        for what, count in recorder.errors.most_common(10):
            print(f"  error {what}: {count}")
        failed |= bool(recorder.errors) or rows[-1][4] > 300
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
