"""Respondent pages under hostile input: stored exactly as sent, or refused kindly, never lost.

Each property posts with a valid CSRF token (so the request reaches the answer parsing) unless it
is about the token itself, and compares every stored answer before and after.
"""

from hypothesis import example, given
from hypothesis import strategies as st

from app.extensions import db
from app.models import Response
from tests.factories import create_consultation
from tests.hostile.helpers import (
    HOSTILE,
    Tokens,
    alert_text,
    assert_no_server_error,
    newest_response_id,
    row_counts,
    stored_answers,
    token_of,
    with_token,
)
from tests.hostile.strategies import csrf_choice, field_value, form_for, hostile_text, raw_bodies

QUESTIONS = ["mood", "why_unsafe", "colour", "pets", "happy_scale", "has_bike", "older_only"]
QUESTIONS += ["where", "siblings", "welcome_note"]


def clean(text: str) -> str:
    """What the text question promises to store: the words as sent, NUL and outer space gone."""
    return text.replace("\r\n", "\n").replace("\x00", "").strip()


def changed(before: set, after: set) -> set:
    return {row[:2] for row in before ^ after}


@HOSTILE
@given(question=st.sampled_from(QUESTIONS), form=form_for(["answer", "action"]))
def test_an_answer_is_stored_exactly_as_sent_or_refused_with_a_message(app, world, question, form):
    respondent = world.respondent
    before, counts = stored_answers(), row_counts()
    data = with_token(form, world.tokens["respondent"])
    response = respondent.client.post(respondent.url(f"/q/{question}"), data=data)
    assert_no_server_error(response, question)
    after = stored_answers()
    assert row_counts()["responses"] == counts["responses"]
    if response.status_code == 400:
        assert alert_text(response), "refused without saying why"
        assert after == before, "a refused answer changed what was saved"
        return
    assert response.status_code == 302
    mine = world.respondent_id
    assert changed(before, after) <= {(mine, question)}, "another answer changed"
    answer = form.get("answer")
    sent_text = question == "why_unsafe" and isinstance(answer, str) and clean(answer)
    if sent_text and form.get("action", "next") not in ("skip", "back"):
        assert (mine, question, repr(clean(answer)), False) in after, "not stored exactly"


@HOSTILE
@given(text=hostile_text)
def test_free_text_is_never_cut_or_changed_beyond_outer_space_and_nul(app, world, text):
    """The long-text question stores every character sent, or says it is too long."""
    page = world.long_text_page()
    response = world.long_text.client.post(
        world.long_text.url("/q/say"), data={"csrf_token": page.csrf_token(), "answer": text}
    )
    assert_no_server_error(response)
    stored = {row[2] for row in stored_answers() if row[1] == "say"}
    if not clean(text):
        assert response.status_code == 302
    elif len(clean(text)) <= 1000:
        assert response.status_code == 302
        assert repr(clean(text)) in stored
    else:
        assert response.status_code == 400
        assert "too long" in alert_text(response)


@HOSTILE
@given(form=form_for(["age_band", "group"]))
def test_about_you_accepts_only_its_choices(app, world, form):
    respondent = world.respondent
    before = row_counts()
    data = with_token(form, world.tokens["respondent"])
    response = respondent.client.post(respondent.url("/about"), data=data)
    assert_no_server_error(response)
    assert row_counts()["responses"] == before["responses"]
    db.session.rollback()
    mine = db.session.get(Response, world.respondent_id)
    assert mine.age_band in (None, "6-11", "12-15")
    if response.status_code == 400:
        assert "Choose your age" in alert_text(response) or "describes you" in alert_text(response)
    else:
        assert response.status_code == 302


@HOSTILE
@given(form=form_for(["group", "fresh"]))
def test_starting_makes_at_most_one_response_in_a_served_group(app, world, form):
    client = app.test_client()
    token = token_of(client, f"/s/{world.slug}")
    before = row_counts()["responses"]
    response = client.post(f"/s/{world.slug}/begin", data=with_token(form, token))
    assert_no_server_error(response)
    assert response.status_code == 302
    assert row_counts()["responses"] - before in (0, 1)
    newest = db.session.get(Response, newest_response_id())
    assert newest.group_id in {group.id for group in world.consultation.groups}


@HOSTILE
@given(
    route=st.sampled_from(["/q/why_unsafe", "/q/mood", "/about", "/check", "/begin"]),
    choice=csrf_choice.filter(lambda choice: choice != "valid"),
    form=form_for(["answer", "action", "age_band", "group", "fresh"]),
    raw=st.booleans(),
    body=raw_bodies(["answer", "csrf_token", "action"]),
)
def test_a_missing_forged_or_replayed_csrf_token_changes_nothing(
    app, world, route, choice, form, raw, body
):
    respondent, tokens = world.respondent, Tokens(app)
    before, answers = row_counts(), stored_answers()
    url = respondent.url(route)
    if raw:
        response = respondent.client.post(
            url, data=body, content_type="application/x-www-form-urlencoded"
        )
    else:
        token = tokens.value(choice, world.tokens["respondent"])
        response = respondent.client.post(url, data=with_token(form, token))
    assert_no_server_error(response)
    if response.status_code == 400:
        assert "Your earlier answers are saved" in alert_text(response)
    assert row_counts() == before
    assert stored_answers() == answers


@HOSTILE
@given(cookie=st.one_of(st.text(st.characters(min_codepoint=33, max_codepoint=126)), field_value))
def test_a_forged_resume_cookie_reaches_no_response(app, world, cookie):
    other = app.test_client()
    cookie = cookie if isinstance(cookie, str) else ",".join(cookie)
    cookie = cookie.encode("utf-8", "replace").decode("latin-1")
    other.set_cookie(f"sv_resume_{world.consultation.id}", cookie, path=f"/s/{world.slug}")
    before = stored_answers()
    for url in ("/q/mood", "/q/why_unsafe", "/check", "/about", "/thank-you"):
        response = other.get(f"/s/{world.slug}{url}")
        assert_no_server_error(response, url)
        assert response.status_code == 302
        assert response.location.endswith(f"/s/{world.slug}")
    assert stored_answers() == before


def test_another_consultations_resume_token_is_refused(app, world):
    """A real token, moved to another consultation's cookie, finds nothing there."""
    other = create_consultation(slug="other-consultation")
    token = world.respondent.client.get_cookie(
        f"sv_resume_{world.consultation.id}", path=f"/s/{world.slug}"
    ).value
    thief = app.test_client()
    thief.set_cookie(f"sv_resume_{other.id}", token, path="/s/other-consultation")
    before = stored_answers()
    response = thief.get("/s/other-consultation/q/mood")
    assert response.status_code == 302
    assert response.location.endswith("/s/other-consultation")
    assert thief.post("/s/other-consultation/check").status_code == 400  # no token either way
    assert stored_answers() == before


def test_with_several_resume_cookies_only_this_consultations_counts(app, world):
    """A phone sends one resume cookie (each is scoped to its consultation's path). One that
    sends several, by hand, is matched by the one named for this consultation: the child's
    own token still resumes, and a real token under another name opens nothing."""
    other = create_consultation(slug="other-consultation")
    own = world.respondent.client.get_cookie(
        f"sv_resume_{world.consultation.id}", path=f"/s/{world.slug}"
    ).value
    phone = app.test_client()
    phone.set_cookie(f"sv_resume_{other.id}", "a-stale-token", path=f"/s/{world.slug}")
    phone.set_cookie(f"sv_resume_{world.consultation.id}", own, path=f"/s/{world.slug}")
    assert phone.get(f"/s/{world.slug}/check").status_code == 200

    thief = app.test_client()
    thief.set_cookie(f"sv_resume_{other.id}", own, path=f"/s/{world.slug}")
    thief.set_cookie(f"sv_resume_{world.consultation.id}", "forged", path=f"/s/{world.slug}")
    response = thief.get(f"/s/{world.slug}/check")
    assert response.status_code == 302
    assert response.location.endswith(f"/s/{world.slug}")


def test_a_megabyte_in_any_field_is_refused_kindly_and_loses_nothing(app, world):
    megabyte = "a\u202e\u200b\U0001f469 " * 200_000
    respondent, before = world.respondent, stored_answers()
    posts = [
        ("/q/why_unsafe", {"answer": megabyte}),
        ("/q/colour", {"answer": megabyte}),
        ("/q/siblings", {"answer": megabyte}),
        ("/q/mood", {"action": megabyte, "answer": "very_safe"}),
        ("/about", {"age_band": megabyte}),
    ]
    for url, form in posts:
        data = with_token(form, world.tokens["respondent"])
        response = respondent.client.post(respondent.url(url), data=data)
        assert_no_server_error(response, url)
        assert response.status_code in (400, 413), url
        if response.status_code == 413:  # beyond the form size limit: said plainly
            assert "too long to send" in alert_text(response), url
            assert "earlier answers are saved" in alert_text(response), url
        else:
            assert alert_text(response), url
    assert stored_answers() == before


# Anything that looks a bit like a number: every kind of Unicode digit, signs and spaces.
number_piece = st.characters(categories=("Nd", "No", "Nl")) | st.sampled_from(
    ["-", "-", "+", " ", "0", "7", "12", "\u00b2", "\u00bd", "\u0663", "\uff11", "\u2212", "e3"]
)
number_like = st.lists(number_piece, min_size=1, max_size=5).map("".join)


@HOSTILE
@given(raw=number_like | hostile_text)
@example(raw="\u00b2")  # superscript two: str.isdigit() says yes, int() says no
@example(raw="--5")
def test_a_number_answer_is_a_whole_number_in_range_or_a_clear_refusal(app, world, raw):
    respondent = world.respondent
    data = with_token({"answer": raw}, world.tokens["respondent"])
    response = respondent.client.post(respondent.url("/q/siblings"), data=data)
    assert_no_server_error(response, repr(raw))
    stored = {row[2] for row in stored_answers() if row[:2] == (world.respondent_id, "siblings")}
    if response.status_code == 400:
        assert "Please write" in alert_text(response)
    elif raw.strip():
        assert stored == {repr(int(raw.strip()))}
        assert 0 <= int(raw.strip()) <= 20
