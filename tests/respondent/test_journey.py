"""The respondent journey end to end through the test client, on every database."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Answer, Response
from app.models.types import utcnow
from tests.factories import create_consultation, create_group
from tests.pages import get_page
from tests.respondent_driver import Respondent


@pytest.fixture
def consultation(app):
    return create_consultation()


@pytest.fixture
def child(client, consultation):
    respondent = Respondent(client, consultation.slug)
    respondent.start()
    respondent.about("12-15")
    return respondent


def stored_answers() -> dict:
    db.session.expire_all()
    return {a.question_id: (a.value, a.is_skipped) for a in db.session.scalars(select(Answer))}


def only_response() -> Response:
    db.session.expire_all()
    return db.session.scalars(select(Response)).one()


def test_welcome_page_says_who_why_anonymous_and_skippable(client, consultation):
    page = get_page(client, "/s/test-consultation")
    assert page.title.startswith("Every kind of question")
    assert page.has_text("You don't need to give your name")
    assert page.has_text("You can skip any question")
    assert page.has_text("a person whose job is to keep children safe may need to act on it")
    assert page.lang == "en"
    assert page.dir == "ltr"


def test_every_respondent_page_has_quick_exit_and_get_help(client, child):
    for url in (
        "/s/test-consultation",
        "/s/test-consultation/about",
        "/s/test-consultation/q/mood",
        "/s/test-consultation/help",
    ):
        page = get_page(client, url)
        assert 'id="quick-exit"' in page.html
        assert page.has_text("Leave this site quickly")
        assert page.has_text("Get help")


def test_help_page_lists_childline_999_and_the_local_contact(client, consultation):
    page = get_page(client, "/s/test-consultation/help")
    assert page.has_text("0800 1111")
    assert page.has_text("call 999")
    assert page.has_text("Your youth worker, Sam: 01895 000000")


def test_age_band_is_asked_first_and_changes_the_wording(client, consultation):
    respondent = Respondent(client, consultation.slug)
    assert respondent.start().endswith("/about")
    respondent.about("6-11")
    assert respondent.page("mood").has_text("Do you feel safe today?")
    assert only_response().age_band == "6-11"


def test_the_older_wording_is_used_for_older_children(child):
    assert child.page("mood").has_text("How safe do you feel today?")


def test_info_page_moves_on_without_an_answer(child):
    response = child.answer("welcome_note")
    assert response.location.endswith("/q/mood")
    assert stored_answers()["welcome_note"] == (None, True)


def test_faces_show_five_labelled_faces_and_rather_not_say(child):
    page = child.page("mood")
    assert page.values() == [
        "very_safe",
        "fairly_safe",
        "not_sure",
        "a_bit_unsafe",
        "very_unsafe",
        "prefer_not_say",
    ]
    for label in (
        "Very safe",
        "Fairly safe",
        "Not sure",
        "A bit unsafe",
        "Very unsafe",
        "I\u2019d rather not say",
    ):
        assert page.has_text(label)


def test_show_if_asks_why_only_when_unsafe(child):
    assert child.answer("mood", "very_safe").location.endswith("/q/colour")
    assert child.client.get("/s/test-consultation/q/why_unsafe").status_code == 302
    assert child.answer("mood", "very_unsafe").location.endswith("/q/why_unsafe")


def test_answers_of_every_type_are_saved_as_given(child):
    child.answer("welcome_note")
    child.answer("mood", "a_bit_unsafe")
    child.answer("why_unsafe", "  The underpass is dark  ")
    child.answer("colour", "blue")
    child.answer("pets", ["cat", "fish"])
    child.answer("happy_scale", "a_lot")
    child.answer("has_bike", "no")
    child.answer("older_only", "yes")
    child.answer("where", ["test-consultation-place-park", "somewhere_else"])
    assert child.answer("siblings", "3").location.endswith("/check")
    assert stored_answers() == {
        "welcome_note": (None, True),
        "mood": ("a_bit_unsafe", False),
        "why_unsafe": ("The underpass is dark", False),
        "colour": ("blue", False),
        "pets": (["cat", "fish"], False),
        "happy_scale": ("a_lot", False),
        "has_bike": ("no", False),
        "older_only": ("yes", False),
        "where": (["test-consultation-place-park", "somewhere_else"], False),
        "siblings": (3, False),
    }
    answer = db.session.scalars(select(Answer).filter_by(question_id="mood")).one()
    assert (answer.survey_id, answer.survey_version) == ("all-types", 1)


def test_places_offer_the_consultations_named_places_and_somewhere_else(child):
    page = child.page("where")
    assert page.values() == [
        "test-consultation-place-bus-station",
        "test-consultation-place-park",
        "somewhere_else",
        "prefer_not_say",
    ]
    assert page.has_text("Bus station")
    assert page.has_text("Somewhere else")


def test_questions_for_other_ages_are_not_shown(client, consultation):
    respondent = Respondent(client, consultation.slug)
    respondent.start()
    respondent.about("6-11")
    assert respondent.answer("has_bike", "yes").location.endswith("/q/where")
    assert client.get("/s/test-consultation/q/older_only").status_code == 302


@pytest.mark.parametrize(
    ("question_id", "how"),
    [
        ("mood", {"answer": "prefer_not_say"}),
        ("pets", {"action": "skip"}),
        ("why_unsafe", {"action": "skip"}),
        ("siblings", {"answer": ""}),
        ("where", {"answer": "prefer_not_say"}),
    ],
)
def test_every_question_can_be_skipped(child, question_id, how):
    child.answer("mood", "very_unsafe")
    response = child.answer(question_id, how.get("answer"), how.get("action", "next"))
    assert response.status_code == 302
    assert stored_answers()[question_id] == (None, True)


def test_progress_shows_where_the_child_is(child):
    page = child.page("colour")
    assert page.has_text("Question 3 of about 9")
    assert '<progress max="9" value="3"' in page.html


def test_back_returns_to_the_previous_question_and_keeps_the_answer(child):
    child.answer("mood", "fairly_safe")
    response = child.answer("colour", "red", action="back")
    assert response.location.endswith("/q/mood")
    assert child.page("mood").checked() == ["fairly_safe"]
    assert child.page("colour").checked() == ["red"]


def test_changing_an_answer_keeps_one_row(child):
    child.answer("colour", "red")
    child.answer("colour", "blue")
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Answer.id))) == 1
    assert stored_answers()["colour"] == ("blue", False)


def resume_token(client, consultation) -> str:
    return client.get_cookie(f"sv_resume_{consultation.id}", path="/s/test-consultation").value


def test_closing_the_tab_and_coming_back_resumes_on_the_same_device(client, child, consultation):
    child.answer("welcome_note")
    child.answer("mood", "very_safe")
    page = get_page(client, "/s/test-consultation")
    assert page.has_text("You have started answering already")
    assert child.start().endswith("/q/colour")
    assert child.page("colour").has_text("Which colour do you like?")


def test_only_a_hash_of_the_resume_token_is_stored(client, child, consultation):
    token = resume_token(client, consultation)
    stored = only_response().resume_token_hash
    assert token not in stored
    assert len(stored) == 64


def test_start_again_makes_a_new_response_and_keeps_the_old_one(client, child):
    child.answer("mood", "very_safe")
    assert child.start(fresh=True).endswith("/about")
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Response.id))) == 2


def test_another_device_cannot_see_or_change_these_answers(app, child):
    child.answer("mood", "very_safe")
    other = app.test_client()
    assert other.get("/s/test-consultation/q/mood").location.endswith("/s/test-consultation")
    response = other.post("/s/test-consultation/q/mood", data={"answer": "very_unsafe"})
    assert response.status_code in (302, 400)
    assert stored_answers()["mood"] == ("very_safe", False)


def test_submitting_twice_creates_nothing_twice(child):
    child.answer("mood", "very_safe")
    check = get_page(child.client, "/s/test-consultation/check")
    token = check.csrf_token()
    first = child.client.post("/s/test-consultation/check", data={"csrf_token": token})
    second = child.client.post("/s/test-consultation/check", data={"csrf_token": token})
    assert first.location.endswith("/thank-you")
    assert second.location.endswith("/thank-you")
    submitted_at = only_response().submitted_at
    assert submitted_at is not None
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Response.id))) == 1
    assert db.session.scalar(select(func.count(Answer.id))) == 1


def test_thank_you_page_and_no_changes_after_sending(child):
    child.answer("mood", "very_safe")
    assert child.submit().location.endswith("/thank-you")
    page = get_page(child.client, "/s/test-consultation/thank-you")
    assert page.has_text("Thank you")
    assert page.has_text("We have your answers")
    assert child.client.get("/s/test-consultation/q/mood").location.endswith("/thank-you")
    assert child.client.post(
        "/s/test-consultation/q/mood", data={"answer": "very_unsafe"}
    ).status_code in (302, 400)
    assert stored_answers()["mood"] == ("very_safe", False)


@pytest.mark.parametrize(
    ("status", "opens", "closes", "message"),
    [
        ("closed", None, None, "This survey has closed"),
        ("archived", None, None, "This survey has closed"),
        ("open", None, -1, "This survey has closed"),
        ("draft", None, None, "This survey has not opened yet"),
        ("open", 2, None, "It opens on"),
    ],
)
def test_consultations_not_open_say_so_kindly(client, app, status, opens, closes, message):
    now = utcnow()
    create_consultation(
        slug="later",
        status=status,
        opens_at=now + timedelta(days=opens) if opens else None,
        closes_at=now + timedelta(days=closes) if closes else None,
    )
    page = get_page(client, "/s/later")
    assert page.has_text(message)
    assert not [f for f in page.forms if f["method"] == "post"]
    assert client.post("/s/later/begin").status_code in (302, 400)
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Response.id))) == 0


def test_a_closed_consultation_keeps_answers_already_given(client, child, consultation):
    child.answer("mood", "very_safe")
    consultation.status = "closed"
    db.session.commit()
    assert client.get("/s/test-consultation/q/colour").location.endswith("/s/test-consultation")
    assert stored_answers()["mood"] == ("very_safe", False)


def test_unknown_consultation_is_a_friendly_404(client):
    page = get_page(client, "/s/no-such-thing", status=404)
    assert page.has_text("We could not find that page")


def test_group_in_the_link_is_stored(client, app):
    groups = [create_group("talkers", "Talkers"), create_group("youth-voice", "Youth Voice")]
    consultation = create_consultation(groups=groups)
    respondent = Respondent(client, consultation.slug)
    get_page(client, "/s/test-consultation?group=youth-voice")
    respondent.start(group="youth-voice")
    assert only_response().group.slug == "youth-voice"


def test_group_is_asked_when_the_survey_asks_and_the_link_does_not_say(client, app):
    groups = [
        create_group("residents", "Residents", public_label="I live in this area"),
        create_group("businesses", "Businesses", public_label="I run a business here"),
    ]
    consultation = create_consultation(
        slug="hayes", survey_id="community-safety-residents", groups=groups
    )
    respondent = Respondent(client, consultation.slug)
    respondent.start()
    page = get_page(client, "/s/hayes/about")
    assert page.has_text("Which of these describes you best?")
    assert page.has_text("I run a business here")
    respondent.about("25-44", group="businesses")
    assert only_response().group.slug == "businesses"
    assert only_response().language == "en"
