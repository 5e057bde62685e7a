"""Configuration from the environment: secrets, database defaults, SQLite tuning, liveness."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from sqlalchemy import text

from app import create_app
from app.config import MissingSecretKeyError
from app.extensions import db


def test_a_production_app_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    with pytest.raises(MissingSecretKeyError, match="SECRET_KEY is not set"):
        create_app()


def test_secret_key_and_database_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'env.db'}")
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("env.db")


def test_sqlite_is_the_default_in_the_instance_folder(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"TESTING": True})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == (
        "sqlite:///" + os.path.join(app.instance_path, "safevoices.db")
    )


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/w.db"})
    with app.app_context():
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        db.engine.dispose()


def test_healthz_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_security_headers_on_every_page(client):
    response = client.get("/healthz")
    assert "object-src 'none'" in response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_demo_serves_the_respondent_pages(tmp_path):
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'served.db'}"}
    env.pop("SECRET_KEY", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "demo", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        body = ""
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/s/safe-places") as page:  # noqa: S310
                    body = page.read().decode()
                break
            except OSError:
                time.sleep(0.2)
        assert "Where do you feel safe?" in body
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert f"http://127.0.0.1:{port}/s/safe-places" in output


def test_cookies_are_secure_in_production_and_not_in_the_demo(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'c.db'}")
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    assert create_app().config["SESSION_COOKIE_SECURE"] is True
    assert create_app({"DEMO": True}).config["SESSION_COOKIE_SECURE"] is False
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "0")
    assert create_app().config["SESSION_COOKIE_SECURE"] is False


def test_readyz_says_whether_migrations_are_current(tmp_path):
    from flask_migrate import upgrade

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/r.db"})
    client = app.test_client()
    behind = client.get("/readyz")
    assert behind.status_code == 503
    assert behind.json["migrations"] == "behind"
    with app.app_context():
        upgrade()
        db.engine.dispose()
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json == {"status": "ok", "database": "ok", "migrations": "current"}


def test_readyz_reports_an_unreachable_database(tmp_path):
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:1/none"}
    )
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"
