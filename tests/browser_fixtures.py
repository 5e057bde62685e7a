"""Browser fixtures, shared by every browser test in the suite (one Chromium per run).

The app is served on loopback from a thread, and Debian's Chromium is driven by Playwright.

Browser tests run on SQLite only: what they prove (layout, JavaScript on and off, accessibility)
does not depend on the database.
"""

import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app.extensions import db
from app.services.demo import load_demo_data
from app.services.surveys import sync_surveys
from tests.conftest import make_app

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    app = demo_app(tmp_path_factory.mktemp("browser") / "browser.db")
    with served(app) as base_url:
        yield type("LiveServer", (), {"url": base_url, "app": app})


def demo_app(path: Path):
    """An app on a fresh SQLite file with the surveys and the demo data, CSRF on."""
    app = make_app(f"sqlite:///{path}", WTF_CSRF_ENABLED=True)
    with app.app_context():
        db.create_all()
        sync_surveys()
        load_demo_data()
    return app


@contextmanager
def served(app):
    """Serve the app on a free loopback port from a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base_url = f"http://127.0.0.1:{server.server_port}"
    app.config["NEUTRAL_EXIT_URL"] = f"{base_url}/healthz"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base_url
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


def _context(browser, javascript: bool):
    context = browser.new_context(
        viewport=PHONE,
        java_script_enabled=javascript,
        is_mobile=True,
        has_touch=True,
        locale="en-GB",
    )
    context.set_default_timeout(10_000)
    return context


@pytest.fixture(params=[True, False], ids=["js-on", "js-off"])
def phone(request, browser, live_server):
    """A phone-sized page, with JavaScript on and then off, that records every request."""
    context = _context(browser, request.param)
    page = context.new_page()
    page.javascript_enabled = request.param
    page.requests_seen = []
    page.on("request", lambda r: page.requests_seen.append(r.url))
    yield page
    context.close()


@pytest.fixture
def phone_js(browser, live_server):
    context = _context(browser, True)
    page = context.new_page()
    page.javascript_enabled = True
    yield page
    context.close()
