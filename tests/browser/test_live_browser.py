"""A live group session in a real browser: the worker's console on a laptop, the presenter
screen on a projector, and three phones that join by code and follow the worker."""

import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Answer, Response
from app.services import live as live_sessions
from app.services.demo import DEMO_PASSWORD
from tests.browser_fixtures import PHONE

pytestmark = pytest.mark.browser
FIRST = "How safe do you feel in your local area?"
SECOND = "How safe do you feel at school or college?"


@pytest.fixture
def room(browser, live_server):
    """A laptop, a projector and three phones, each a browser of its own."""
    contexts = [browser.new_context(viewport={"width": 1280, "height": 800}) for _ in range(2)]
    contexts += [browser.new_context(viewport=PHONE, is_mobile=True) for _ in range(3)]
    pages = []
    for context in contexts:
        context.set_default_timeout(10_000)
        pages.append(context.new_page())
    yield pages
    for context in contexts:
        context.close()


def no_violations(page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def start_session(laptop, base: str) -> str:
    laptop.goto(f"{base}/staff/")
    laptop.get_by_label("E-mail address").fill("worker@safevoices.example")
    laptop.get_by_label("Password").fill(DEMO_PASSWORD)
    laptop.get_by_role("button", name="Sign in").click()
    laptop.get_by_role("link", name="Places where you feel safe").first.click()
    laptop.get_by_role("link", name="Start a live session").click()
    no_violations(laptop)
    laptop.get_by_role("button", name="Start the session").click()
    no_violations(laptop)
    return laptop.locator(".console-join .join-code-big").inner_text().strip()


def join(phone, base: str, code: str) -> None:
    phone.goto(f"{base}/join")
    phone.get_by_label("Code").fill(code.lower())
    phone.get_by_role("button", name="Join").click()
    phone.get_by_role("button", name="Join").click()
    expect(phone.get_by_role("heading", name="You\u2019re in!")).to_be_visible()


def answer(phone, face: str) -> None:
    phone.get_by_label(face, exact=True).check()
    phone.get_by_role("button", name="Send").click()
    expect(phone.get_by_role("heading", name="Thank you, your answer is in")).to_be_visible()


def test_a_worker_runs_a_live_session_with_three_phones(room, live_server):
    laptop, projector, *phones = room
    base = live_server.url
    code = start_session(laptop, base)
    projector.goto(f"{base}/live/{code}/present")
    expect(projector.locator(".presenter-join")).to_contain_text(code)

    for phone in phones:
        join(phone, base, code)
    expect(projector.locator(".screen-count")).to_contain_text("3 people have joined")

    laptop.get_by_role("button", name="Start").click()
    for phone in phones:  # they move on by themselves: live.js polls the session
        expect(phone.get_by_role("heading", name=FIRST)).to_be_visible()

    no_violations(phones[0])
    answer(phones[0], "Very safe")
    answer(phones[1], "Very safe")
    expect(projector.locator(".screen-wait")).to_contain_text("3 or more people")
    answer(phones[2], "A bit unsafe")
    counts = projector.locator(".bar-count")
    expect(counts).to_have_text(["2", "0", "0", "1", "0"], timeout=2_000)
    no_violations(projector)

    laptop.get_by_role("button", name="Next question").click()
    for phone in phones:
        expect(phone.get_by_role("heading", name=SECOND)).to_be_visible()
    expect(projector.get_by_role("heading", name=SECOND)).to_be_visible()

    laptop.get_by_role("button", name="End the session").click()
    expect(laptop.get_by_role("heading", name="What the group told us")).to_be_visible()
    for phone in phones:
        expect(phone.get_by_role("heading", name="Thank you")).to_be_visible()


def answer_offline(laptop, phone, base: str) -> str:
    """Start a session, join it and answer the first question with the phone's wi-fi off."""
    code = start_session(laptop, base)
    join(phone, base, code)
    laptop.get_by_role("button", name="Start").click()
    expect(phone.get_by_role("heading", name=FIRST)).to_be_visible()
    # The heading shows before the deferred live.js has run; a Send tapped in between is a plain
    # form post, which offline ends on the browser's own error page (seen on a busy machine).
    phone.wait_for_load_state("load")
    phone.context.set_offline(True)
    phone.get_by_label("Fairly safe", exact=True).check()
    phone.get_by_role("button", name="Send").click()
    expect(phone.get_by_role("status")).to_contain_text("Not sent yet")
    return code


def test_an_answer_given_offline_says_so_and_is_sent_when_the_wifi_returns(room, live_server):
    laptop, projector, phone, *_others = room
    base = live_server.url
    code = answer_offline(laptop, phone, base)
    phone.context.set_offline(False)
    expect(phone.get_by_role("heading", name="Thank you, your answer is in")).to_be_visible()
    results = projector.request.get(f"{base}/live/{code}/results.json").json()
    first = next(q for q in results["questions"] if q["id"] == "feel_safe_area")
    assert first["answered"] == 1


SAFER = "What would make places feel safer for you and other young people?"
LAST = "Is there anything else you want to tell us?"


def stored_answers(live_server, code: str, question_id: str) -> list:
    """What the server holds for one question, read straight from the database."""
    with live_server.app.app_context():
        live = live_sessions.find(code)
        query = (
            select(Answer.value)
            .join(Response, Answer.response_id == Response.id)
            .where(Response.live_session_id == live.id, Answer.question_id == question_id)
        )
        return list(db.session.scalars(query))


def on_the_text_question(laptop, phone, base: str, javascript: bool = True) -> str:
    code = start_session(laptop, base)
    join(phone, base, code)
    laptop.get_by_role("button", name="Start").click()
    while not laptop.get_by_text(SAFER).first.is_visible():
        laptop.get_by_role("button", name="Next question").click()
    if not javascript:
        # without JavaScript a question page does not look for the next one: open it again
        # (with JavaScript the phone moves by itself, and opening it here would race that)
        phone.goto(f"{base}/live/{code}/")
    expect(phone.get_by_label(SAFER)).to_be_visible()
    return code


def test_text_typed_but_not_sent_is_sent_when_the_worker_moves_on(room, live_server):
    laptop, _projector, phone, *_others = room
    code = on_the_text_question(laptop, phone, live_server.url)
    phone.get_by_label(SAFER).fill("More lights in the park")  # typed, never sent
    laptop.get_by_role("button", name="Next question").click()
    expect(phone.get_by_label(LAST)).to_be_visible()
    assert stored_answers(live_server, code, "make_places_safer") == ["More lights in the park"]


def test_without_javascript_a_late_answer_is_kept_and_the_phone_catches_up(
    browser, room, live_server
):
    laptop = room[0]
    context = browser.new_context(viewport=PHONE, is_mobile=True, java_script_enabled=False)
    context.set_default_timeout(10_000)
    phone = context.new_page()
    code = on_the_text_question(laptop, phone, live_server.url, javascript=False)
    phone.get_by_label(SAFER).fill("A youth club that stays open later")
    laptop.get_by_role("button", name="Next question").click()
    phone.get_by_role("button", name="Send").click()  # after the group moved on
    expect(phone.get_by_label(LAST)).to_be_visible()
    assert stored_answers(live_server, code, "make_places_safer") == [
        "A youth club that stays open later"
    ]
    context.close()


def test_an_unsent_answer_survives_a_reload_and_is_counted_once(room, live_server):
    laptop, _projector, phone, *_others = room
    base = live_server.url
    code = answer_offline(laptop, phone, base)
    expect(phone.get_by_role("status")).to_contain_text(FIRST)  # which answer is waiting

    # The wi-fi returns but is flaky: the answer reaches the server, the reply is lost.
    def reply_lost(route):
        if route.request.method != "POST":
            route.continue_()
            return
        route.fetch()
        route.abort()

    phone.route("**/q/feel_safe_area", reply_lost)
    phone.context.set_offline(False)
    _wait_for(phone, lambda: stored_answers(live_server, code, "feel_safe_area") == ["fairly_safe"])
    phone.reload()  # the phone still has it as "not sent yet", kept in its storage
    expect(phone.get_by_role("status")).to_contain_text(FIRST)
    expect(phone.get_by_label("Fairly safe", exact=True)).to_be_checked()
    phone.unroute("**/q/feel_safe_area")
    expect(phone.get_by_role("heading", name="Thank you, your answer is in")).to_be_visible()
    assert phone.evaluate("Object.keys(window.localStorage)") == []
    results = phone.request.get(f"{base}/live/{code}/results.json").json()
    first = next(q for q in results["questions"] if q["id"] == "feel_safe_area")
    assert first["answered"] == 1
    assert stored_answers(live_server, code, "feel_safe_area") == ["fairly_safe"]


def _wait_for(page, condition, timeout: float = 10) -> None:
    """Poll the server's side; waiting through Playwright lets it run route handlers meanwhile."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        page.wait_for_timeout(200)
