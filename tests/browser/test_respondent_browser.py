"""A child answers both demo surveys on a phone, with JavaScript on and off; axe finds nothing."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import select

from app.extensions import db
from app.models import Response

pytestmark = pytest.mark.browser


def axe_violations(page) -> str:
    if not page.javascript_enabled:
        return ""  # axe runs as a script; the JavaScript-on run of the same pages checks them
    results = Axe().run(page)
    return results.generate_report() if results.violations_count else ""


def answer_current_question(page) -> None:
    """Answer like a child would: a choice where there are choices, a few words in a box."""
    if page.locator("textarea").count():
        page.fill("textarea", "More lights by the bus station please")
    elif page.locator("input[name=answer][type=radio]").count():
        page.locator("input[name=answer][type=radio]").nth(1).check()
    elif page.locator("input[name=answer][type=checkbox]").count():
        page.locator("input[name=answer][type=checkbox]").first.check()


def complete_survey(page, base_url: str, slug: str, about: dict, violations: dict) -> None:
    page.goto(f"{base_url}/s/{slug}")
    violations[page.url] = axe_violations(page)
    page.get_by_role("button", name="Start").click()
    for name, value in about.items():
        page.check(f"input[name={name}][value='{value}']")
    violations[page.url] = axe_violations(page)
    page.get_by_role("button", name="Next").click()
    for _ in range(30):
        if page.url.endswith("/check"):
            break
        violations[page.url] = axe_violations(page)
        answer_current_question(page)
        page.get_by_role("button", name="Next").click()
    violations[page.url] = axe_violations(page)
    page.get_by_role("button", name="Send my answers").click()
    assert page.url.endswith("/thank-you")
    violations[page.url] = axe_violations(page)


@pytest.mark.parametrize(
    ("slug", "about"),
    [
        ("safe-places", {"age_band": "6-11"}),
        ("hayes-community-safety", {"age_band": "25-44", "group": "residents"}),
    ],
)
def test_a_child_completes_the_survey_on_a_phone(phone, live_server, slug, about):
    violations: dict[str, str] = {}
    complete_survey(phone, live_server.url, slug, about, violations)
    assert phone.get_by_role("heading", name="Thank you").is_visible()
    assert {url: report for url, report in violations.items() if report} == {}
    assert all(url.startswith(live_server.url) for url in phone.requests_seen)
    with live_server.app.app_context():
        latest = db.session.scalars(select(Response).order_by(Response.id.desc())).first()
        assert latest.submitted_at is not None
        assert len(latest.answers) >= 8


def test_help_and_not_found_pages_are_accessible(phone_js, live_server):
    for path in ("/s/safe-places/help", "/s/no-such-survey"):
        phone_js.goto(live_server.url + path)
        assert axe_violations(phone_js) == "", path


def test_error_message_is_announced_and_keeps_the_text(phone_js, live_server):
    phone_js.goto(f"{live_server.url}/s/hayes-community-safety")
    phone_js.get_by_role("button", name="Start").click()
    phone_js.get_by_role("button", name="Next").click()
    alert = phone_js.get_by_role("alert")
    assert "Choose your age" in alert.inner_text()
    assert axe_violations(phone_js) == ""


def test_character_counter_warns_before_sending(phone_js, live_server):
    phone_js.goto(f"{live_server.url}/s/safe-places")
    phone_js.get_by_role("button", name="Start").click()
    phone_js.check("input[name=age_band][value='12-15']")
    phone_js.get_by_role("button", name="Next").click()
    for _ in range(15):
        if phone_js.locator("textarea").count():
            break
        phone_js.get_by_role("button", name="Skip this question").or_(
            phone_js.locator("input[value=prefer_not_say]")
        ).first.click()
        phone_js.get_by_role("button", name="Next").click()
    phone_js.fill("textarea", "x" * 1005)
    assert phone_js.locator(".counter").inner_text() == "5 characters too many"
    phone_js.get_by_role("button", name="Next").click()
    assert "5 characters too long" in phone_js.get_by_role("alert").inner_text()
    assert phone_js.locator("textarea").input_value() == "x" * 1005


def test_quick_exit_leaves_at_once_and_back_does_not_return(phone_js, live_server):
    phone_js.goto(f"{live_server.url}/s/safe-places")
    phone_js.goto(f"{live_server.url}/s/safe-places/help")
    phone_js.get_by_role("link", name="Leave this site quickly").click()
    phone_js.wait_for_url(re.compile(r".*/healthz$"))
    phone_js.go_back()
    assert not phone_js.url.endswith("/help")  # the help page was replaced in the history


def test_escape_three_times_leaves(phone_js, live_server):
    phone_js.goto(f"{live_server.url}/s/safe-places")
    for _ in range(3):
        phone_js.keyboard.press("Escape")
    phone_js.wait_for_url(re.compile(r".*/healthz$"))


def test_quick_exit_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/s/safe-places")
    page.get_by_role("link", name="Leave this site quickly").click()
    page.wait_for_url(re.compile(r".*/healthz$"))
    context.close()
