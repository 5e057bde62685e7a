"""Rate limits on starting, answering, sending, joining and signing in: a kind page in the
visitor's language and look when hit, and nothing already saved is lost."""

from sqlalchemy import func, select

from app.extensions import db, limiter
from app.models import Answer, Response
from tests.factories import create_consultation
from tests.live.conftest import Phone
from tests.pages import get_page
from tests.respondent_driver import Respondent
from tests.security.limits import respondent_look, slow_down_page, tiny_limits
from tests.staff.conftest import PASSWORD


def saved_answers() -> dict:
    db.session.expire_all()
    return {a.question_id: a.value for a in db.session.scalars(select(Answer))}


def response_count() -> int:
    return db.session.scalar(select(func.count(Response.id)))


def begin(client, slug: str):
    welcome = get_page(client, f"/s/{slug}")
    return client.post(f"/s/{slug}/begin", data={"csrf_token": welcome.csrf_token()})


def test_the_production_limits_fit_a_class_behind_one_address(app):
    limits = app.config["RATE_LIMITS"]
    assert limits["start"] == "120 per minute"
    assert limits["join"] == "300 per minute"
    assert limits["answer_address"] == "1200 per minute"
    assert limits["answer_device"] == "60 per minute"


def test_starting_a_response_is_limited_per_address(app, client, consultation):
    tiny_limits(app, start="2 per minute")
    first = Respondent(client, consultation.slug)
    first.start()
    first.about("12-15")
    first.answer("mood", "very_safe")
    assert begin(app.test_client(), consultation.slug).status_code == 302
    page = slow_down_page(begin(app.test_client(), consultation.slug))
    assert respondent_look(page)
    assert page.has_text("Your answers so far are saved.")
    assert response_count() == 2
    assert first.page("mood").checked() == ["very_safe"]  # the first child carries on


def test_answers_are_limited_per_device_and_keep_what_was_saved(app, client, consultation):
    tiny_limits(app, answer_device="3 per minute")
    child = Respondent(client, consultation.slug)
    child.start()
    assert child.about("12-15").status_code == 302
    assert child.answer("mood", "very_unsafe").status_code == 302
    assert child.answer("why_unsafe", "More lights").status_code == 302
    page = slow_down_page(child.answer("colour", "red"))
    assert respondent_look(page)
    assert saved_answers() == {"mood": "very_unsafe", "why_unsafe": "More lights"}
    assert child.page("why_unsafe").has_text("More lights")  # reading is never limited
    other = Respondent(app.test_client(), consultation.slug)  # another phone is not held up
    other.start()
    assert other.about("12-15").status_code == 302


def test_answers_are_limited_per_address_across_devices(app, client, consultation):
    tiny_limits(app, answer_address="2 per minute")
    first, second = (
        Respondent(client, consultation.slug),
        Respondent(app.test_client(), consultation.slug),
    )
    first.start()
    second.start()
    assert first.about("12-15").status_code == 302
    assert second.about("12-15").status_code == 302
    slow_down_page(first.answer("mood", "very_safe"))
    assert saved_answers() == {}
    assert response_count() == 2


def test_sending_is_limited_and_the_answers_wait_to_be_sent(app, client, consultation):
    child = Respondent(client, consultation.slug)
    child.start()
    child.about("12-15")
    child.answer("mood", "a_bit_unsafe")
    tiny_limits(app, answer_device="0 per minute")
    slow_down_page(child.submit())
    db.session.expire_all()
    assert db.session.scalars(select(Response)).one().submitted_at is None
    assert saved_answers() == {"mood": "a_bit_unsafe"}
    limiter.reset()  # the minute is over
    tiny_limits(app)
    assert child.submit().location.endswith("/thank-you")


def test_the_slow_down_page_speaks_the_visitors_language(app, client):
    consultation = create_consultation(slug="w-polsku", languages=["en", "pl"])
    tiny_limits(app, start="0 per minute")
    welcome = get_page(client, f"/s/{consultation.slug}?lang=pl")
    assert welcome.lang == "pl"
    response = client.post(
        f"/s/{consultation.slug}/begin", data={"csrf_token": welcome.csrf_token()}
    )
    assert response.status_code == 429
    assert '<html lang="pl"' in response.get_data(as_text=True)


def test_joining_a_live_session_is_limited_per_address(app, worker):
    code = worker.start()
    tiny_limits(app, join="3 per minute")
    first = Phone(app, code)
    first.join()  # a GET and a POST
    phone = app.test_client()
    token = get_page(phone, f"/join/{code}").csrf_token()
    page = slow_down_page(phone.post(f"/join/{code}", data={"csrf_token": token}))
    assert respondent_look(page)
    slow_down_page(phone.get(f"/join?code={code}"))  # looking codes up counts too
    assert response_count() == 1
    assert first.where()[0].endswith("/wait")  # the phone that joined is still in


def test_live_answers_are_limited_per_phone_and_keep_what_was_saved(app, worker):
    code = worker.start(pacing="self")
    worker.control(code, "start")
    phone = Phone(app, code)
    phone.join()
    tiny_limits(app, answer_device="2 per minute")
    assert phone.answer("welcome_note").status_code == 302
    assert phone.answer("mood", "very_unsafe").status_code == 302
    slow_down_page(phone.answer("why_unsafe", "Nothing"))
    assert saved_answers() == {"welcome_note": None, "mood": "very_unsafe"}
    limiter.reset()  # the minute is over
    assert phone.answer("why_unsafe", "Nothing").status_code == 302
    assert saved_answers()["why_unsafe"] == "Nothing"


def test_finishing_a_live_session_is_limited_too(app, worker):
    code = worker.start(pacing="self")
    worker.control(code, "start")
    phone = Phone(app, code)
    phone.join()
    phone.answer("welcome_note")
    phone.answer("mood", "very_safe")
    tiny_limits(app, answer_device="0 per minute")
    slow_down_page(phone.client.post(f"/live/{code}/finish", data={"csrf_token": phone.token}))
    db.session.expire_all()
    assert db.session.scalars(select(Response)).one().submitted_at is None
    assert saved_answers()["mood"] == "very_safe"


def test_the_code_step_counts_towards_the_sign_in_limit(app, client, make_user):
    make_user("admin")
    tiny_limits(app, sign_in="2 per minute")
    page = get_page(client, "/staff/sign-in")
    data = {"csrf_token": page.csrf_token(), "email": "admin@example.org", "password": PASSWORD}
    assert client.post("/staff/sign-in", data=data).location == "/staff/sign-in/code"
    code_page = get_page(client, "/staff/sign-in/code")
    wrong = {"csrf_token": code_page.csrf_token(), "code": "not-a-code"}
    assert client.post("/staff/sign-in/code", data=wrong).status_code == 400
    page = slow_down_page(client.post("/staff/sign-in/code", data=wrong))
    assert "staff-banner" in page.html  # the staff look, not the respondent one
    assert not respondent_look(page)
    assert page.has_text("Please wait")
