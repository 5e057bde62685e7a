"""Live-session phones and staff sign-in under hostile input: no 5xx, no sign-in, no lost answer."""

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.extensions import db
from app.models import User
from tests.hostile.helpers import (
    HOSTILE,
    alert_text,
    assert_no_server_error,
    row_counts,
    stored_answers,
    token_of,
    with_token,
)
from tests.hostile.strategies import field_value, form_for, hostile_text, raw_value
from tests.staff.conftest import PASSWORD

LIVE_QUESTIONS = ["welcome_note", "mood", "why_unsafe", "colour", "pets", "where", "siblings"]


def phone_response_id(world) -> int:
    from app.services import live as live_sessions

    cookie = world.phone.get_cookie(f"sv_live_{world.live.id}")
    return live_sessions.participant(world.live, cookie.value).id


@HOSTILE
@given(question=st.sampled_from(LIVE_QUESTIONS), form=form_for(["answer", "action"]))
def test_a_phone_answer_is_saved_for_that_phone_only_or_refused_kindly(app, world, question, form):
    before, responses = stored_answers(), row_counts()["responses"]
    data = with_token(form, world.tokens["phone"])
    response = world.phone.post(f"/live/{world.code}/q/{question}", data=data)
    assert_no_server_error(response, question)
    after = stored_answers()
    assert row_counts()["responses"] == responses
    if response.status_code == 400:
        assert alert_text(response)
        assert after == before
    else:
        assert response.status_code == 302
        changed = {row[:2] for row in before ^ after}
        assert changed <= {(phone_response_id(world), question)}


@HOSTILE
@given(code=hostile_text | raw_value, method=st.sampled_from(["GET", "POST"]))
def test_joining_with_any_code_finds_the_session_or_says_so(app, world, code, method):
    client = app.test_client()
    before = row_counts()["responses"]
    if method == "GET":
        response = client.get("/join", query_string={"code": code})
    else:
        token = token_of(client, "/staff/sign-in")
        response = client.post(f"/join/{code}", data={"csrf_token": token})
    assert_no_server_error(response, repr(code))
    if response.status_code == 404:
        assert "could not find" in alert_text(response)  # the session, or (no code) the page
    else:
        assert response.status_code in (200, 302)
    assert row_counts()["responses"] - before in (0, 1)
    if row_counts()["responses"] > before:  # only the real code, typed loosely, joins
        assert method == "POST"


@HOSTILE
@given(cookie=st.text(st.characters(min_codepoint=33, max_codepoint=126), max_size=80))
def test_a_forged_live_cookie_reaches_no_phone(app, world, cookie):
    other = app.test_client()
    other.set_cookie(f"sv_live_{world.live.id}", cookie)
    before = stored_answers()
    token = token_of(other, f"/join/{world.code}")
    for url in ("/q/mood", "/wait", "/finish", "/"):
        response = other.post(f"/live/{world.code}{url}", data={"csrf_token": token})
        assert_no_server_error(response, url)
        assert response.status_code in (302, 405)
    assert stored_answers() == before


# Each attempt runs argon2 on purpose (slow by design): fewer examples keep the folder quick.
@settings(HOSTILE, max_examples=15)
@given(form=form_for(["email", "password"]))
def test_hostile_sign_in_details_never_sign_anyone_in(app, world, make_user, form):
    if not db.session.scalar(select(User).filter_by(email="lead@example.org")):
        make_user("pilot_lead", "lead@example.org")
    client = app.test_client()
    before = row_counts()["users"]
    response = client.post(
        "/staff/sign-in", data=with_token(form, token_of(client, "/staff/sign-in"))
    )
    assert_no_server_error(response)
    assert response.status_code == 400
    assert "e-mail address" in alert_text(response)
    assert row_counts()["users"] == before
    assert "/staff/sign-in" in client.get("/staff/").location


@settings(HOSTILE, max_examples=15)
@given(code=field_value)
def test_hostile_two_factor_codes_never_sign_in(app, world, make_user, code):
    user = db.session.scalar(select(User).filter_by(email="admin@example.org"))
    user = user or make_user("admin")
    user.failed_sign_ins, user.locked_until = 0, None  # keep reaching the code check itself
    db.session.commit()
    client = app.test_client()
    token = token_of(client, "/staff/sign-in")
    client.post("/staff/sign-in", data={"csrf_token": token, "email": user.email, **PW})
    response = client.post(
        "/staff/sign-in/code",
        data={"csrf_token": token_of(client, "/staff/sign-in/code"), "code": code},
    )
    assert_no_server_error(response, repr(code))
    assert response.status_code == 400
    assert "code" in alert_text(response)
    assert "/staff/sign-in" in client.get("/staff/").location


PW = {"password": PASSWORD}
