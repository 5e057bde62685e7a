"""The map question in a real browser: three phones drop pins (by tapping, and with the
keyboard), remove one, mark a named place, and the projector shows the heat map cell where
5 pins fell, with its data table. axe checks the map page and the presenter."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from app.services import live as live_sessions
from tests.browser_fixtures import PHONE
from tests.map_fixtures import map_consultation

pytestmark = pytest.mark.browser
QUESTION = "Where do you feel safe, and where not?"


def no_violations(page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


@pytest.fixture
def room(browser, live_server):
    """A worker-paced session on the map question, three phones and a projector."""
    with live_server.app.app_context():
        # spots of their own: the demo data already has a 'hayes-bus-station'
        consultation = map_consultation(slug="map-room", spots=("Canal towpath", "Skate park"))
        session = live_sessions.start_session(consultation, None)
        live_sessions.advance(session)
        code = session.code
    contexts = [
        browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True) for _ in range(3)
    ]
    contexts.append(browser.new_context(viewport={"width": 1280, "height": 800}))
    pages = []
    for context in contexts:
        context.set_default_timeout(10_000)
        pages.append(context.new_page())
    yield code, pages
    for context in contexts:
        context.close()


def open_question(phone, base: str, code: str):
    phone.goto(f"{base}/join/{code}")
    phone.get_by_role("button", name="Join").click()
    phone.goto(f"{base}/live/{code}/")
    expect(phone.get_by_role("heading", name=QUESTION)).to_be_visible()
    return phone.locator("#map-canvas")


def tap(canvas, x: float, y: float) -> None:
    box = canvas.bounding_box()
    canvas.click(position={"x": box["width"] * x + 1, "y": box["height"] * y + 1})


def send(phone) -> None:
    phone.get_by_role("button", name="Send").click()
    expect(phone.get_by_role("heading", name="Thank you, your answer is in")).to_be_visible()


def test_phones_drop_pins_and_the_projector_shows_the_heat_map(room, live_server):
    code, (first, second, third, projector) = room
    base = live_server.url

    canvas = open_question(first, base, code)
    for _pin in range(4):
        tap(canvas, 0.3, 0.3)
    expect(first.locator("#map-pin-list li")).to_have_count(4)
    first.get_by_role("button", name="Remove pin 4").click()
    expect(first.locator("#map-pin-list li")).to_have_count(3)
    expect(first.get_by_role("status").filter(has_text="Pin 4 removed")).to_be_visible()
    first.get_by_role("button", name="Safe place", exact=True).click()
    tap(canvas, 0.9, 0.1)
    expect(first.locator("#map-pin-list")).to_contain_text("Pin 4: Safe place")
    send(first)

    canvas = open_question(second, base, code)
    tap(canvas, 0.3, 0.3)
    second.get_by_role("group", name="Canal towpath").get_by_label("Unsafe").check()
    send(second)

    canvas = open_question(third, base, code)
    no_violations(third)
    canvas.focus()
    for key in ["ArrowLeft"] * 8 + ["ArrowUp"] * 8 + ["Enter"]:
        third.keyboard.press(key)
    expect(third.locator("#map-pin-list")).to_contain_text("Pin 1: Unsafe place")
    send(third)

    projector.goto(f"{base}/live/{code}/present")
    expect(projector.locator(".heatmap-cell-unsafe")).to_have_count(1)
    expect(projector.locator(".heatmap-cell-safe")).to_have_count(0)  # one safe pin: hidden
    expect(projector.locator(".heatmap-table")).to_contain_text("Column 3, row 3")
    expect(projector.locator(".heatmap-table td").nth(1)).to_have_text("5")
    no_violations(projector)
