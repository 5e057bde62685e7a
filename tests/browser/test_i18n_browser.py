"""Arabic and Polish on a phone: a whole survey in each, the layout mirrored for Arabic (checked on
the page and kept as screenshots in test-results/), axe finds nothing, and read-aloud shows only
when the browser has a voice for the page's language."""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from app.extensions import db
from tests.factories import create_consultation, create_group

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "i18n"
WORDS = {
    "ar": {"start": "ابدأ", "next": "التالي", "send": "أرسل إجاباتي", "thanks": "شكرًا لك"},
    "pl": {
        "start": "Zacznij",
        "next": "Dalej",
        "send": "Wyślij moje odpowiedzi",
        "thanks": "Dziękujemy",
    },
}
FAKE_VOICE = """
  window.__spoken = [];
  const voice = {lang: "%s", name: "Test voice", default: true, localService: true};
  speechSynthesis.getVoices = () => [voice];
  speechSynthesis.speak = (utterance) => window.__spoken.push([utterance.lang, utterance.text]);
"""


@pytest.fixture(scope="module")
def multilingual(live_server):
    """A consultation of the young people's survey that offers English, Polish and Arabic."""
    with live_server.app.app_context():
        create_consultation(
            "i18n-safe-places",
            "safe-places-young-people",
            groups=[create_group("talkers", "Talkers")],
            languages=["en", "pl", "ar"],
        )
        db.session.remove()
    return f"{live_server.url}/s/i18n-safe-places"


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def axe_report(page) -> str:
    results = Axe().run(page)
    return results.generate_report() if results.violations_count else ""


def answer(page) -> None:
    if page.locator("textarea").count():
        page.fill("textarea", "More lights, please")
    elif page.locator("input[name=answer][type=radio]").count():
        page.locator("input[name=answer][type=radio]").first.check()
    elif page.locator("input[name=answer][type=checkbox]").count():
        page.locator("input[name=answer][type=checkbox]").first.check()


def check_direction(page, code: str) -> None:
    """Faces in reading order and Back before Next, whichever way the language reads."""
    html = page.locator("html")
    assert html.get_attribute("lang") == code
    rtl = html.get_attribute("dir") == "rtl"
    assert rtl == (code == "ar")
    faces = page.locator(".face")
    if faces.count() == 5:
        first, last = faces.nth(0).bounding_box(), faces.nth(4).bounding_box()
        assert (first["x"] > last["x"]) == rtl, "the first face is not where reading starts"
    back, following = box(page, "button[value=back]"), box(page, "button[value=next]")
    if back and following:
        # Long words can wrap the buttons onto two lines; then Back must be on the first.
        if abs(back["y"] - following["y"]) < back["height"] / 2:
            assert (back["x"] > following["x"]) == rtl, "Back and Next are not in reading order"
        else:
            assert back["y"] < following["y"], "Back and Next are not in reading order"
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "page scrolls sideways"


@pytest.mark.parametrize("code", ["ar", "pl"])
def test_a_child_completes_the_survey_in_arabic_and_polish(phone_js, multilingual, code):
    words, violations = WORDS[code], {}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone_js.goto(f"{multilingual}?lang={code}")
    violations[phone_js.url] = axe_report(phone_js)
    phone_js.get_by_role("button", name=words["start"]).click()
    phone_js.check("input[name=age_band][value='6-11']")
    phone_js.get_by_role("button", name=words["next"]).click()
    for step in range(20):
        if phone_js.url.endswith("/check"):
            break
        check_direction(phone_js, code)
        violations[phone_js.url] = axe_report(phone_js)
        phone_js.screenshot(path=str(SCREENSHOTS / f"{code}-{step:02d}.png"))
        answer(phone_js)
        phone_js.get_by_role("button", name=words["next"], exact=True).click()
    phone_js.get_by_role("button", name=words["send"]).click()
    assert phone_js.get_by_role("heading", name=words["thanks"]).is_visible()
    violations[phone_js.url] = axe_report(phone_js)
    assert {url: report for url, report in violations.items() if report} == {}


def test_read_aloud_stays_hidden_without_a_voice_for_the_language(browser, multilingual):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_init_script(FAKE_VOICE % "en-GB")
    page = context.new_page()
    question = start_in(page, multilingual, "pl")
    assert question.locator("#read-aloud").is_hidden()
    context.close()


def test_read_aloud_speaks_the_question_and_choices_in_the_page_language(browser, multilingual):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_init_script(FAKE_VOICE % "pl-PL")
    page = context.new_page()
    start_in(page, multilingual, "pl")
    page.get_by_role("button", name="Przeczytaj na głos").click()
    ((lang, text),) = page.evaluate("window.__spoken")
    assert lang == "pl-PL"
    assert text.startswith("Jak bezpiecznie czujesz się blisko domu?")
    assert "Bardzo bezpiecznie" in text
    assert "Wolę nie mówić" in text
    context.close()


def start_in(page, consultation_url: str, code: str):
    page.goto(f"{consultation_url}?lang={code}")
    page.get_by_role("button", name=WORDS[code]["start"]).click()
    page.check("input[name=age_band][value='6-11']")
    page.get_by_role("button", name=WORDS[code]["next"]).click()
    page.wait_for_url("**/q/**")
    return page
