"""Run Safe Voices under gunicorn on loopback, as production would, for load scripts and tests.

``prepare_database(url)`` migrates a database and loads the surveys and demo data;
``gunicorn_server(url, workers=2)`` starts gunicorn on a free port and yields a ``Server`` with
its base URL and master process, then stops it. Used by the benchmarks in this folder and by the
tests that kill workers mid-run (``from benchmarks.server import gunicorn_server``).
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Server:
    url: str
    process: subprocess.Popen

    def worker_pids(self) -> list[int]:
        """The pids of gunicorn's workers (children of the master), read from /proc."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]


def prepare_database(database_url: str) -> None:
    """Create the schema with the migrations, then load surveys and demo data, in a subprocess
    so the caller's own app and engine are untouched."""
    environment = _environment(database_url)
    subprocess.run(
        [sys.executable, "-m", "app.cli", "db", "upgrade"],
        cwd=PROJECT_ROOT,
        env=environment,
        check=True,
        capture_output=True,
    )
    script = (
        "from app import create_app\n"
        "from app.services.demo import load_demo_data\n"
        "from app.services.surveys import sync_surveys\n"
        "app = create_app({'CLI': True})\n"
        "with app.app_context():\n"
        "    sync_surveys()\n"
        "    load_demo_data()\n"
    )
    subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT_ROOT,
        env=environment,
        check=True,
        capture_output=True,
    )


@contextlib.contextmanager
def gunicorn_server(
    database_url: str,
    workers: int = 2,
    threads: int = 1,
    extra_env: dict[str, str] | None = None,
    log_path: Path | None = None,
    app: str = "wsgi:app",
    worker_connections: int | None = None,
) -> Iterator[Server]:
    """Serve ``app`` (``wsgi:app`` unless told) with gunicorn on a free loopback port until the
    block ends; ``benchmarks/bare_app.py`` serves its own app this way with the same settings.

    ``worker_connections`` caps the keep-alive connections each worker holds (gunicorn's
    default is 1,000): a few clients connecting at once may otherwise all be taken by one
    worker and leave the other core idle."""
    port = _free_port()
    environment = {**_environment(database_url), **(extra_env or {})}
    log = open(log_path, "wb") if log_path else subprocess.DEVNULL  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--graceful-timeout",
            "5",
            *(["--worker-connections", str(worker_connections)] if worker_connections else []),
            app,
        ],
        cwd=PROJECT_ROOT,
        env=environment,
        stdout=log,
        stderr=log,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(url, process)
        yield Server(url=url, process=process)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log_path:
            log.close()


def _environment(database_url: str) -> dict[str, str]:
    environment = dict(os.environ)
    environment.update(
        DATABASE_URL=database_url,
        SECRET_KEY=environment.get("SECRET_KEY", "benchmark-secret-key-not-for-production"),
        SESSION_COOKIE_SECURE="0",
        FLASK_APP="app",
        PYTHONPATH=str(PROJECT_ROOT),
    )
    return environment


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_ready(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/readyz", timeout=2) as reply:  # noqa: S310
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not become ready at {url} within {timeout} s")
