"""CPU per request for every kind of request in a respondent's journey, in-process.

    python benchmarks/journey_kinds.py [--phones 60] [--database-url postgresql+psycopg://...]
                                       [--profile KIND]

Builds the app as ``hot_paths.py`` does (a temporary SQLite file, or the scratch database
``--database-url`` names, whose tables are dropped and created again), then sends ``--phones``
phones one after another through the ``safe-places`` consultation with the Flask test client,
as ``load.py``'s phones go: welcome, start, about you, every question's page and answer (picked
from the page's own form, seeded), the check page and send. Prints each kind's median and lower
quartile of process CPU time, the first five phones left out (caches warming). The kinds that
come once per journey are what a whole room asks for in the same minute. ``--profile KIND``
(e.g. ``start``) prints a cProfile of that kind, by cumulative time.
"""

import argparse
import cProfile
import pstats
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from werkzeug.datastructures import MultiDict

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.hot_paths import SLUG, build_app  # noqa: E402
from benchmarks.load import choose, csrf_token, form_data  # noqa: E402

WARM_UP = 5


class Timer:
    """Process CPU time per kind of request, and a profile of one kind if asked."""

    def __init__(self, profiled: str | None):
        self.times: dict[str, list[float]] = defaultdict(list)
        self.profiled, self.profiler = profiled, cProfile.Profile()

    def __call__(self, kind: str, send, *args, **kwargs):
        profiling = kind == self.profiled
        if profiling:
            self.profiler.enable()
        started = time.process_time()
        reply = send(*args, **kwargs)
        self.times[kind].append(time.process_time() - started)
        if profiling:
            self.profiler.disable()
        return reply


def journey(client, timed: Timer, rng: random.Random) -> None:
    welcome = timed("welcome page", client.get, f"/s/{SLUG}")
    token = csrf_token(welcome.get_data(as_text=True))
    begun = timed("start", client.post, f"/s/{SLUG}/begin", data={"csrf_token": token})
    location = begun.location
    while "/check" not in location:
        kind = "about" if location.endswith("/about") else "question"
        page = timed(f"{kind} page", client.get, location)
        data = MultiDict(form_data(choose(page.get_data(as_text=True), rng)))
        sent = timed("answer" if kind == "question" else kind, client.post, location, data=data)
        assert sent.status_code == 302, (location, sent.status_code)
        location = sent.location
    check = timed("check page", client.get, location)
    token = csrf_token(check.get_data(as_text=True))
    timed("send", client.post, location, data={"csrf_token": token})


def arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=60)
    parser.add_argument("--database-url", help="a scratch database: its tables are replaced")
    parser.add_argument("--profile", metavar="KIND", help="e.g. start, answer, welcome page")
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    options = arguments(argv)
    with tempfile.TemporaryDirectory() as folder:
        app = build_app(Path(folder), options.database_url)
        timed, rng = Timer(options.profile), random.Random(options.seed)
        for _ in range(options.phones):
            journey(app.test_client(), timed, rng)
    print(f"{'kind':15} {'requests':>8} {'median ms':>10} {'p25 ms':>8}")
    for kind, seconds in timed.times.items():
        kept = sorted(seconds[WARM_UP:]) or sorted(seconds)
        median, quartile = kept[len(kept) // 2], kept[len(kept) // 4]
        print(f"{kind:15} {len(kept):8d} {1000 * median:10.2f} {1000 * quartile:8.2f}")
    if options.profile:
        pstats.Stats(timed.profiler).sort_stats("cumulative").print_stats(40)
    return 0


if __name__ == "__main__":
    sys.exit(main())
