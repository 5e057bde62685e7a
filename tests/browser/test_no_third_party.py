"""No page asks any third party for anything: crawl every page a pilot lead can reach, the public
pages and a live session's presenter and phone, and check every request the browser made.

The server has the demo's sample answers, themes and a published "You said, we did" page, so the
charts (Plotly, from our own static files) and the quote lists are really drawn.
"""

from urllib.parse import urldefrag, urlparse

import pytest

from app.extensions import db
from app.models import Consultation, User
from app.services import live, pilot, themes
from app.services.demo import DEMO_PASSWORD
from app.services.demo_answers import load_demo_answers
from tests.browser_fixtures import demo_app, served

pytestmark = pytest.mark.browser

MAX_PAGES = 120
# Links that end the session or start a download rather than show a page.
SKIPPED = ("/sign-out", "/export", ".csv", ".xlsx", ".svg", ".png", ".pdf", ".json")


@pytest.fixture(scope="module")
def full_server(tmp_path_factory):
    app = demo_app(tmp_path_factory.mktemp("third-party") / "crawl.db")
    with app.app_context():
        load_demo_answers()
        lead = db.session.query(User).filter_by(role="pilot_lead").one()
        consultation = db.session.query(Consultation).filter_by(slug="safe-places").one()
        themes.analyse_pending(consultation)
        pilot.save_you_said_we_did(
            consultation,
            {
                "you_said": "The park is too dark.",
                "we_did": "New lights are going in.",
                "child_friendly": "You told us the park is dark. We are adding lights.",
                "is_published": True,
            },
            lead,
        )
        code = live.start_session(consultation, lead).code
    with served(app) as base_url:
        yield type("Server", (), {"url": base_url, "code": code})


@pytest.fixture
def recorded_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.requests_seen = []
    page.on("request", lambda request: page.requests_seen.append(request.url))
    yield page
    context.close()


def crawl(page, base: str, start: str) -> set[str]:
    """Visit every same-origin page linked from ``start`` (breadth first); the paths visited."""
    queue, seen = [start], set()
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        page.goto(base + path)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            url = urlparse(urldefrag(href).url)
            if url.netloc != urlparse(base).netloc or any(s in url.path for s in SKIPPED):
                continue
            link = url.path + (f"?{url.query}" if url.query else "")
            if link not in seen:
                queue.append(link)
    return seen


def assert_only_our_origin(page, base: str) -> None:
    # data: and blob: URLs are made in the page itself, never fetched from anywhere
    foreign = [
        url
        for url in page.requests_seen
        if not url.startswith(base) and not url.startswith(("data:", "blob:"))
    ]
    assert foreign == [], foreign


def test_no_staff_page_requests_a_third_party(recorded_page, full_server):
    page, base = recorded_page, full_server.url
    page.goto(f"{base}/staff/")
    page.get_by_label("E-mail address").fill("lead@safevoices.example")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "sign-in" not in url)
    visited = crawl(page, base, "/staff/")
    # the crawl really reached the pages with charts, themes and the live presenter
    assert any(path.startswith("/staff/pilot") for path in visited), visited
    assert any("/themes" in path for path in visited), visited
    assert len(visited) > 20, visited
    assert any("/plotly" in url for url in page.requests_seen)  # charts were drawn, from us
    page.goto(f"{base}/live/{full_server.code}/present")
    assert_only_our_origin(page, base)


def test_no_public_page_requests_a_third_party(recorded_page, full_server):
    page, base = recorded_page, full_server.url
    visited = crawl(page, base, "/s/safe-places")
    visited |= crawl(page, base, "/s/safe-places/you-said-we-did")
    page.goto(f"{base}/join/{full_server.code}")
    page.goto(f"{base}/join")
    assert "/s/safe-places/you-said-we-did" in visited
    assert_only_our_origin(page, base)
