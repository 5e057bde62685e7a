"""The theme chart in a real browser: Plotly from our own server draws under the strict CSP."""

import pytest

from app.services import themes
from app.services.users import create_user
from tests.factories import create_consultation
from tests.themes.conftest import add_answers

pytestmark = pytest.mark.browser
PASSWORD = "correct-horse-battery"


@pytest.fixture
def themed_consultation(live_server):
    with live_server.app.app_context():
        consultation = create_consultation(slug="theme-chart", groups=[])
        add_answers(consultation, ["The drug dealers at the park scare me"] * 12)
        themes.analyse_pending(consultation)
        create_user("chart-lead@example.org", "pilot_lead", PASSWORD)
        return consultation.id


def test_the_theme_chart_draws_without_breaking_the_content_security_policy(
    browser,
    live_server,
    themed_consultation,
):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{live_server.url}/staff/sign-in")
    page.fill("input[name=email]", "chart-lead@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/staff/themes/?consultation={themed_consultation}")
    page.wait_for_selector(".chart-plot .main-svg")
    assert page.locator(".chart-plot .bars path").count() >= 1
    assert problems == []
    context.close()
