"""After an answer that may disclose harm, the next page kindly offers help, in the child's
language, with the same words whatever they wrote, and never says anything was noticed."""

import pytest

from tests.factories import create_consultation
from tests.pages import check_page, get_page, parse
from tests.respondent_driver import Respondent
from tests.safeguarding.conftest import DISCLOSURE, HARMLESS

WORDS_THAT_GIVE_IT_AWAY = ("detect", "flag", "concern", "noticed", "safeguarding", "screen")


def test_a_high_answer_leads_to_help_now_then_the_next_question(client, child):
    response = child.answer("why_unsafe", DISCLOSURE)
    assert response.status_code == 302
    assert response.location.endswith("/s/test-consultation/help-now?after=why_unsafe")
    page = get_page(client, response.location)
    assert page.has_text("If anything is worrying you, you can talk to someone now")
    assert page.has_text("call 999")
    assert page.has_text("0800 1111")
    assert page.has_text("Your youth worker, Sam: 01895 000000")  # the consultation's contact
    assert 'href="/s/test-consultation/q/colour"' in page.html
    assert page.has_text("Carry on")
    for word in WORDS_THAT_GIVE_IT_AWAY:
        assert word not in page.text.lower(), word


@pytest.mark.parametrize("text", ["someone follows me home", "I want to kill myself"])
def test_the_help_page_says_the_same_whatever_was_written(client, child, text):
    first = get_page(client, child.answer("why_unsafe", DISCLOSURE).location)
    again = get_page(client, child.answer("why_unsafe", text).location)
    assert again.text == first.text


def test_harmless_or_skipped_answers_go_straight_to_the_next_question(child):
    assert child.answer("why_unsafe", HARMLESS).location.endswith("/q/colour")
    assert child.answer("why_unsafe", action="skip").location.endswith("/q/colour")


def test_the_help_page_is_in_the_childs_language(client, app):
    create_consultation("polish", languages=["en", "pl"])
    child = Respondent(client, "polish")
    get_page(client, "/s/polish?lang=pl")
    child.start()
    child.about("12-15")
    child.answer("mood", "very_unsafe")
    response = child.answer("why_unsafe", DISCLOSURE)
    assert "/help-now" in response.location
    page = check_page(parse(200, client.get(response.location).get_data(as_text=True)))
    assert page.lang == "pl"
    assert page.has_text("0800 1111")
    for english in ("If anything is worrying you", "In an emergency", "Carry on"):
        assert not page.has_text(english), english


def test_without_a_response_the_help_now_page_sends_the_visitor_to_the_start(client, consultation):
    response = client.get("/s/test-consultation/help-now?after=why_unsafe")
    assert response.status_code == 302
    assert response.location.endswith("/s/test-consultation")
