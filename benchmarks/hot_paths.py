"""CPU per request on the respondent's hot paths, in-process: question page GET, answer POST.

    python benchmarks/hot_paths.py [--requests 300] [--batches 8] [--profile get|post]
                                   [--database-url postgresql+psycopg://...]

Builds the app on a temporary SQLite file (or on the scratch database ``--database-url`` names:
its tables are dropped and created again) with the surveys and demo data, starts a response on
the ``safe-places`` consultation through the Flask test client (welcome, start, about you), then
times ``--requests`` GETs of its first question page and as many POSTs of an answer to it (the
answer alternates, so each POST writes), in ``--batches`` batches. Prints the best batch's CPU
milliseconds per request (process time: other work on a shared machine barely moves it).
``--profile`` prints a cProfile top 30 (by own time) of one more batch of that kind.

Rate limits stay on with in-memory counters, as ``benchmarks/load.py`` runs them, but are raised
so that the loop never meets them. No network, no gunicorn: the load scripts measure those.
"""

import argparse
import cProfile
import io
import os
import pstats
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from app import create_app, logging_setup  # noqa: E402
from app.extensions import db  # noqa: E402
from app.services.demo import load_demo_data  # noqa: E402
from app.services.surveys import sync_surveys  # noqa: E402

SLUG = "safe-places"
ROOMY_LIMITS = dict.fromkeys(
    ("sign_in", "join", "start", "answer_address", "answer_device"), "1000000 per minute"
)


def build_app(folder: Path, database_url: str | None = None):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url or f"sqlite:///{folder / 'hot_paths.db'}",
            "SECRET_KEY": "hot-paths-benchmark-secret",
            "SESSION_COOKIE_SECURE": False,
            "RATE_LIMITS": ROOMY_LIMITS,
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
        sync_surveys()
        load_demo_data()
    return app


def _token(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def start_response(client) -> tuple[str, str, list[str]]:
    """Welcome, start, about you; returns the first question's URL, a CSRF token and two of its
    answers' values."""
    welcome = client.get(f"/s/{SLUG}")
    token = _token(welcome.get_data(as_text=True))
    begun = client.post(f"/s/{SLUG}/begin", data={"csrf_token": token, "fresh": "1"})
    assert begun.status_code == 302, begun.status_code
    about = {"csrf_token": token, "age_band": "12-15", "group": "prefer_not_say"}
    first = client.post(f"/s/{SLUG}/about", data=about)
    assert first.status_code == 302, first.status_code
    url = first.location
    page = client.get(url).get_data(as_text=True)
    values = re.findall(r'name="answer"[^>]*value="([^"]+)"', page)
    values += re.findall(r'value="([^"]+)"[^>]*name="answer"', page)
    assert len(values) >= 2, "the first question should offer choices"
    return url, _token(page), values[:2]


def timed_batch(client, kind: str, url: str, token: str, values: list[str], count: int) -> float:
    """CPU milliseconds per request over ``count`` requests of ``kind``."""
    started = time.process_time()
    for number in range(count):
        if kind == "get":
            answer = client.get(url)
            expected = 200
        else:
            data = {"csrf_token": token, "action": "next", "answer": values[number % 2]}
            answer = client.post(url, data=data)
            expected = 302
        if answer.status_code != expected:
            raise SystemExit(f"{kind.upper()} {url} answered {answer.status_code}")
    return (time.process_time() - started) * 1000 / count


def arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="requests per batch")
    parser.add_argument("--batches", type=int, default=8)
    parser.add_argument("--profile", choices=("get", "post"), help="print a cProfile top 30")
    parser.add_argument("--sort", default="tottime", help="cProfile order: tottime, cumulative")
    parser.add_argument("--database-url", help="a scratch database instead of a temporary SQLite")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    options = arguments(argv)
    with tempfile.TemporaryDirectory() as folder:
        app = build_app(Path(folder), options.database_url)
        # The request log line stays on, as in production, but is formatted into the void.
        logging_setup._shared_handler().setStream(open(os.devnull, "w"))  # noqa: SIM115
        client = app.test_client()
        url, token, values = start_response(client)
        timed_batch(client, "get", url, token, values, 20)  # warm caches and compiled templates
        timed_batch(client, "post", url, token, values, 20)
        best = {}
        for kind in ("get", "post"):
            runs = [
                timed_batch(client, kind, url, token, values, options.requests)
                for _ in range(options.batches)
            ]
            best[kind] = min(runs)
            print(
                f"{kind.upper():4} {url}: best {best[kind]:.2f} ms CPU/request "
                f"(median of batches {sorted(runs)[len(runs) // 2]:.2f})"
            )
        if options.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            timed_batch(client, options.profile, url, token, values, options.requests)
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(options.sort).print_stats(30)
            print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
