"""What the big screen may show: moderated, redacted free text, never a flagged answer."""

from sqlalchemy import select

from app.extensions import db
from app.models import Answer
from tests.live.conftest import question_result
from tests.pages import check_page, parse

TEXTS = ["More lights in the park", "Call me on 07700 900123", "My dad hits me every night"]


def on_text_question(worker, phones):
    code = worker.start()
    worker.control(code, "start")
    worker.control(code, "next")
    worker.control(code, "next")  # why_unsafe, a free-text question
    group = phones(code, 3)
    for phone, text in zip(group, TEXTS, strict=True):
        phone.join()
        phone.answer("why_unsafe", text)
    return code


def answer_id(text: str) -> int:
    return next(a.id for a in db.session.scalars(select(Answer)) if a.value == text)


def test_written_answers_wait_for_the_worker_redacted_and_never_flagged(worker, phones, client):
    code = on_text_question(worker, phones)
    console = worker.console(code)
    assert console.has_text("More lights in the park")
    assert console.has_text("Call me on [phone number]")
    assert "07700" not in console.html
    assert "hits me" not in console.html
    assert question_result(client, code, "why_unsafe")["shown_texts"] == []
    assert "More lights" not in client.get(f"/live/{code}/present").get_data(as_text=True)


def test_the_worker_chooses_what_the_screen_shows_and_can_take_it_off(worker, phones, client):
    code = on_text_question(worker, phones)
    worker.moderate(code, answer_id(TEXTS[0]))
    worker.moderate(code, answer_id(TEXTS[1]))
    shown = question_result(client, code, "why_unsafe")["shown_texts"]
    assert shown == ["More lights in the park", "Call me on [phone number]"]
    screen = client.get(f"/live/{code}/present").get_data(as_text=True)
    assert "More lights in the park" in screen
    worker.moderate(code, answer_id(TEXTS[0]), action="hide")
    shown = question_result(client, code, "why_unsafe")["shown_texts"]
    assert shown == ["Call me on [phone number]"]


def test_a_flagged_answer_cannot_be_put_on_the_screen(worker, phones, client):
    code = on_text_question(worker, phones)
    response = worker.moderate(code, answer_id(TEXTS[2]))
    assert response.status_code == 404
    assert question_result(client, code, "why_unsafe")["shown_texts"] == []


def test_a_child_who_writes_something_worrying_is_offered_help(worker, phones):
    code = worker.start(pacing="self")
    worker.control(code, "start")
    phone = phones(code)[0]
    phone.join()
    response = phone.answer("why_unsafe", "someone touched me")
    assert response.location.endswith("/help-now")
    url, page = phone.open(response.location)
    assert page.has_text("Childline")


def test_the_presenter_page_is_public_but_unindexed_and_updates_cheaply(worker, client, app):
    code = worker.start()
    anonymous = app.test_client()
    response = anonymous.get(f"/live/{code}/present")
    page = check_page(parse(response.status_code, response.get_data(as_text=True)))
    assert '<meta name="robots" content="noindex">' in page.html
    assert page.has_text(code)
    assert page.forms == []
    assert "<script>" not in page.html  # CSP: script only from files
    first = anonymous.get(f"/live/{code}/present/screen")
    etag = first.headers["ETag"]
    again = anonymous.get(f"/live/{code}/present/screen", headers={"If-None-Match": etag})
    assert again.status_code == 304
    worker.control(code, "start")
    changed = anonymous.get(f"/live/{code}/present/screen", headers={"If-None-Match": etag})
    assert changed.status_code == 200


def test_phones_poll_a_small_state_with_an_etag(worker, client):
    code = worker.start()
    first = client.get(f"/live/{code}/state.json")
    assert first.get_json()["state"] == "waiting"
    assert (
        client.get(
            f"/live/{code}/state.json", headers={"If-None-Match": first.headers["ETag"]}
        ).status_code
        == 304
    )
    worker.control(code, "start")
    later = client.get(f"/live/{code}/state.json", headers={"If-None-Match": first.headers["ETag"]})
    assert later.get_json()["state"] == "running"


def test_the_summary_shows_the_group_what_it_said(worker, phones, client):
    code = on_text_question(worker, phones)
    worker.moderate(code, answer_id(TEXTS[0]))
    worker.control(code, "end")
    page = worker.client.get(f"/staff/live/{code}/summary")
    summary = check_page(parse(page.status_code, page.get_data(as_text=True)))
    assert summary.has_text("What the group told us")
    assert summary.has_text("3 people took part")
    assert summary.has_text("More lights in the park")
    assert "hits me" not in summary.html
