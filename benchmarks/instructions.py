"""Instructions per request, counted by Valgrind: ours beside the bare app, steady on a noisy VM.

    python benchmarks/instructions.py [--requests 30] [--database-url postgresql+psycopg://...]

Times on a shared virtual machine swing by a third from one run to the next; the number of
instructions a request executes does not. This runs, under ``valgrind --tool=callgrind`` with
counting off until the measured part, the Flask test client against (a) ours, set up as
``hot_paths.py`` does (question page GET, answer POST), and (b) the bare app of ``bare_app.py``
(page GET, insert POST), and prints millions of instructions per request and the ratio of bare
to ours: what our share of the machine would be if the server did nothing else. The test
client's own work is in both. Needs Debian's ``valgrind`` package; about a minute.

With ``--database-url`` (a scratch database: its tables are dropped and created again) ours runs
on that database instead, and the count is this process's work only: a PostgreSQL server's own
work happens in its processes, outside the count. The bare app stays on SQLite.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("get", "post")


def measured_child(app_kind: str, requests: int, database_url: str | None) -> None:
    """Inside Valgrind: warm up, then count ``requests`` of each kind, one dump per kind."""
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as folder:
        send = _ours(Path(folder), database_url) if app_kind == "ours" else _bare(Path(folder))
        for kind in KINDS:
            send(kind, 30)
            _callgrind("-i", "on")
            send(kind, requests)
            _callgrind("-i", "off")
            _callgrind("-d", kind)


def _ours(folder: Path, database_url: str | None):
    from app import logging_setup
    from benchmarks.hot_paths import build_app, start_response, timed_batch

    app = build_app(folder, database_url)
    logging_setup._shared_handler().setStream(open(os.devnull, "w"))  # noqa: SIM115
    client = app.test_client()
    url, token, values = start_response(client)
    return lambda kind, count: timed_batch(client, kind, url, token, values, count)


def _bare(folder: Path):
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bare.db'}"
    from benchmarks.bare_app import create_bare_app, create_bare_table

    create_bare_table(os.environ["DATABASE_URL"])
    client = create_bare_app().test_client()

    def send(kind: str, count: int) -> None:
        for number in range(count):
            if kind == "get":
                answer, expected = client.get("/"), 200
            else:
                answer, expected = client.post("/rows", data={"answer": f"o{number}"}), 302
            if answer.status_code != expected:
                raise SystemExit(f"bare {kind} answered {answer.status_code}")

    return send


def _callgrind(*arguments: str) -> None:
    subprocess.run(["callgrind_control", *arguments, str(os.getpid())], capture_output=True)


def count(app_kind: str, requests: int, database_url: str | None = None) -> dict[str, float]:
    """Millions of instructions per request of each kind, for ``ours`` or ``bare``."""
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "callgrind.out"
        command = [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            f"--callgrind-out-file={output}",
            sys.executable,
            __file__,
            "--child",
            app_kind,
            "--requests",
            str(requests),
            *(["--database-url", database_url] if database_url else []),
        ]
        subprocess.run(command, check=True, capture_output=True, cwd=folder)
        counts = {}
        for dump in Path(folder).glob("callgrind.out.*"):
            text = dump.read_text()
            kind = re.search(r"^desc: Trigger: dump (\w+)", text, re.M).group(1)
            total = int(re.search(r"^totals: (\d+)", text, re.M).group(1))
            counts[kind] = total / requests / 1e6
    return counts


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--database-url", help="ours on this scratch database, not SQLite")
    parser.add_argument("--child", choices=("ours", "bare"), help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.child:
        measured_child(options.child, options.requests, options.database_url)
        return 0
    ours = count("ours", options.requests, options.database_url)
    bare = count("bare", options.requests)
    for kind in KINDS:
        print(
            f"{kind.upper():4} ours {ours[kind]:.2f} M instructions/request, bare "
            f"{bare[kind]:.2f} M: bare/ours {bare[kind] / ours[kind]:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
