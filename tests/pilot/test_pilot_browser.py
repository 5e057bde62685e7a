"""The pilot pages and the public "You said, we did" page in a browser: axe finds nothing."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import select

from app.extensions import db
from app.models import Consultation, User, Wave
from app.services import pilot
from app.services.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def no_violations(page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def test_pilot_pages_are_accessible(browser, live_server):  # noqa: F811
    with live_server.app.app_context():
        wave_id = db.session.scalar(select(Wave.id).order_by(Wave.position).limit(1))
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/staff/")
    page.get_by_label("E-mail address").fill("lead@safevoices.example")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    for path in ("/staff/pilot/", "/staff/pilot/places", "/staff/pilot/references"):
        page.goto(live_server.url + path)
        no_violations(page)
    page.goto(f"{live_server.url}/staff/pilot/report/{wave_id}")
    no_violations(page)
    context.close()


def test_public_page_is_accessible(phone_js, live_server):  # noqa: F811
    with live_server.app.app_context():
        consultation = db.session.scalars(select(Consultation)).first()
        lead = db.session.scalar(select(User).filter_by(role="pilot_lead"))
        fields = {"you_said": "The park is dark.", "we_did": "New lights.", "child_friendly": "Hi"}
        pilot.save_you_said_we_did(consultation, {**fields, "is_published": True}, lead)
        slug = consultation.slug
    phone_js.goto(f"{live_server.url}/s/{slug}/you-said-we-did")
    assert phone_js.get_by_text("New lights.").is_visible()
    no_violations(phone_js)
