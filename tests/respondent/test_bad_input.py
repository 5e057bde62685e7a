"""Bad input on respondent pages: a friendly message in the page, and nothing already saved lost."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Answer
from tests.factories import create_consultation
from tests.pages import get_page, parse
from tests.respondent_driver import Respondent


@pytest.fixture
def child(child):
    """The child of ``conftest``, a few answers further on."""
    child.answer("mood", "very_unsafe")
    child.answer("why_unsafe", "The park at night")
    return child


def saved() -> dict:
    db.session.expire_all()
    return {a.question_id: a.value for a in db.session.scalars(select(Answer))}


def test_text_over_the_limit_is_refused_with_the_count_and_kept_in_the_box(child):
    long_text = "The park is dark and nobody is around after school. " * 2
    page = child.answer_page("why_unsafe", long_text)
    assert page.status == 400
    assert "53 characters too long" in page.alert()
    assert "up to 50 characters" in page.alert()
    assert long_text.strip() in page.html  # nothing cut: the child can shorten it themselves
    assert page.title.startswith("Error:")
    assert saved()["why_unsafe"] == "The park at night"


def test_huge_text_is_refused_without_error_page(child):
    page = child.answer_page("why_unsafe", "x" * 200_000)
    assert page.status == 400
    assert "too long" in page.alert()
    assert saved()["why_unsafe"] == "The park at night"


@pytest.mark.parametrize(
    ("question_id", "answer"),
    [
        ("mood", "extremely_safe"),
        ("mood", ["very_safe", "very_unsafe"]),
        ("colour", "<script>alert(1)</script>"),
        ("pets", ["cat", "lion"]),
        ("pets", ["cat", "prefer_not_say"]),
        ("where", ["the-moon"]),
        ("has_bike", "maybe"),
    ],
)
def test_unknown_or_tampered_options_are_refused_kindly(child, question_id, answer):
    child.answer("mood", "very_unsafe")
    page = child.answer_page(question_id, answer)
    assert page.status == 400
    assert "Please choose" in page.alert()
    assert "<script>alert(1)</script>" not in page.html
    assert question_id not in saved() or question_id == "mood"
    assert saved()["mood"] == "very_unsafe"


@pytest.mark.parametrize(
    "number", ["three", "3.5", "1e3", "99", "-1", "9" * 40, "\u0663\u0663\u0663"]
)
def test_numbers_must_be_whole_and_in_range(child, number):
    page = child.answer_page("siblings", number)
    assert page.status == 400
    assert "Please write" in page.alert()
    assert "siblings" not in saved()


def test_nothing_chosen_asks_for_an_answer_or_rather_not_say(child):
    page = child.answer_page("colour", None)
    assert page.status == 400
    assert "Choose an answer" in page.alert()
    assert "rather not say" in page.alert()


def test_missing_csrf_token_is_a_friendly_page_and_loses_nothing(child):
    response = child.answer("why_unsafe", "changed", token=False)
    page = parse(response.status_code, response.get_data(as_text=True))
    assert response.status_code == 400
    assert page.has_text("Your earlier answers are saved")
    assert saved()["why_unsafe"] == "The park at night"


def test_forged_csrf_token_is_refused(child):
    response = child.client.post(
        "/s/test-consultation/q/why_unsafe", data={"answer": "changed", "csrf_token": "forged"}
    )
    assert response.status_code == 400
    assert saved()["why_unsafe"] == "The park at night"


def test_unknown_question_id_goes_back_to_where_the_child_was(child):
    response = child.client.get("/s/test-consultation/q/not_a_question")
    assert response.status_code == 302
    assert response.location.endswith("/q/welcome_note")  # the first not yet answered


def test_unknown_action_is_treated_as_next(child):
    page = get_page(child.client, "/s/test-consultation/q/colour")
    response = child.client.post(
        "/s/test-consultation/q/colour",
        data={"csrf_token": page.csrf_token(), "answer": "red", "action": "delete-everything"},
    )
    assert response.status_code == 302
    assert saved()["colour"] == "red"


def test_forged_resume_cookie_starts_nothing_and_shows_nothing(app, child):
    other = app.test_client()
    other.set_cookie("sv_resume_1", "not-a-real-token", path="/s/test-consultation")
    other.set_cookie("sv_resume_1", "x" * 300, path="/s/test-consultation")
    response = other.get("/s/test-consultation/q/mood")
    assert response.status_code == 302
    assert response.location.endswith("/s/test-consultation")


def test_bad_age_band_is_refused(client, app):
    create_consultation()
    respondent = Respondent(client, "test-consultation")
    respondent.start()
    response = respondent.about("99-100")
    page = parse(response.status_code, response.get_data(as_text=True))
    assert response.status_code == 400
    assert "Choose your age" in page.alert()


def test_wrong_http_method_is_friendly(client, app):
    create_consultation()
    response = client.put("/s/test-consultation/q/mood")
    assert response.status_code == 405
    assert "Something was not quite right" in response.get_data(as_text=True)
