"""A participation worker on a laptop: sign in, create and open a consultation, share it, and see
a response arrive. axe-core checks every staff page on the way."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from app.services.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from app.services.two_factor import code_for

pytestmark = pytest.mark.browser


def no_violations(page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


@pytest.fixture
def laptop(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/staff/")
    no_violations(page)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if email in ("admin@safevoices.example", "safeguarding@safevoices.example"):
        # the demo's two-factor accounts: the code step, with a code from the demo's key
        no_violations(page)
        page.get_by_label("Code").fill(code_for(DEMO_TOTP_SECRET))
        page.get_by_role("button", name="Sign in").click()
        assert page.get_by_role("heading", name="Consultations").is_visible()


def test_a_worker_runs_a_consultation_from_start_to_first_response(laptop, browser, live_server):
    base = live_server.url
    sign_in(laptop, base, "worker@safevoices.example")
    assert laptop.get_by_role("heading", name="Consultations").is_visible()
    no_violations(laptop)

    laptop.get_by_role("link", name="New consultation").click()
    no_violations(laptop)
    laptop.get_by_label("Title").fill("Step-Up summer check-in")
    laptop.get_by_label("Link name").fill("step-up-summer")
    laptop.get_by_label("Survey").select_option(label="Where do you feel safe? (v1)")
    laptop.get_by_label("Step-Up").check()
    laptop.get_by_label("Place").select_option(label="Hayes Town Centre")
    laptop.get_by_label("Polski").check()
    laptop.get_by_role("button", name="Save").click()
    assert laptop.get_by_text("Consultation created as a draft").is_visible()
    no_violations(laptop)

    laptop.get_by_role("link", name="Change settings or status").click()
    no_violations(laptop)
    laptop.get_by_label("New status").select_option(label="Open")
    laptop.get_by_role("button", name="Change status").click()
    assert laptop.get_by_text("Accepting answers now.").is_visible()

    with laptop.expect_download() as svg:
        laptop.get_by_role("link", name="QR code (SVG)").click()
    assert svg.value.suggested_filename == "step-up-summer-qr.svg"
    with laptop.expect_download() as png:
        laptop.get_by_role("link", name="QR code (PNG)").click()
    with open(png.value.path(), "rb") as downloaded:
        assert downloaded.read(4) == b"\x89PNG"
    laptop.get_by_role("link", name="Printable A4 poster").click()
    assert laptop.get_by_text(f"{base}/s/step-up-summer").is_visible()
    assert laptop.get_by_text("Polski").is_visible()
    no_violations(laptop)
    laptop.go_back()

    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    phone.goto(f"{base}/s/step-up-summer")
    phone.get_by_role("button", name="Start").click()
    phone.check("input[name=age_band][value='12-15']")
    phone.get_by_role("button", name="Next").click()
    phone.check("input[name=answer][value=fairly_safe]")
    phone.get_by_role("button", name="Next").click()
    phone.context.close()

    laptop.get_by_role("link", name="Read the responses").click()
    assert laptop.get_by_text("1 response matches.").is_visible()
    no_violations(laptop)
    laptop.locator("table.data a").first.click()
    assert laptop.get_by_text("Fairly safe").is_visible()
    no_violations(laptop)


def test_admin_pages_are_accessible(laptop, live_server):
    sign_in(laptop, live_server.url, "admin@safevoices.example")
    for path in ("/staff/users", "/staff/setup", "/staff/audit-log"):
        laptop.goto(live_server.url + path)
        no_violations(laptop)
