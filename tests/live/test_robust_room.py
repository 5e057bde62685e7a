"""A real room: answers sent late, sent twice or kept on the phone until the wi-fi returns, and
phones that come back after they finished."""

import re

from sqlalchemy import func, insert, select

from app.extensions import db
from app.models import Answer, LiveSession, Response
from app.models.types import utcnow
from app.questionnaire.answers import ParsedAnswer
from app.services import live as live_sessions
from tests.live.conftest import question_result, results
from tests.live.test_self_paced_and_tablet import answer_everything

QUEUED = {"X-Live-Queue": "1"}  # how live.js sends the answers it kept


def _on(worker, question_id: str) -> str:
    """A worker-paced session, started and moved on to ``question_id``."""
    code = worker.start()
    worker.control(code, "start")
    ids = ["welcome_note", "mood", "why_unsafe", "colour", "pets"]
    for _step in range(ids.index(question_id)):
        worker.control(code, "next")
    return code


def _queued(phone, question_id: str, answer: str | None = None, action: str = "next"):
    if phone.token is None:
        phone.where()
    data = {"csrf_token": phone.token, "action": action}
    if answer is not None:
        data["answer"] = answer
    return phone.client.post(f"/live/{phone.code}/q/{question_id}", data=data, headers=QUEUED)


def _stored(code: str) -> list[tuple[str, object]]:
    live = db.session.scalar(select(LiveSession).filter_by(code=code))
    query = (
        select(Answer.question_id, Answer.value)
        .join(Response, Answer.response_id == Response.id)
        .where(Response.live_session_id == live.id)
        .order_by(Answer.id)
    )
    db.session.expire_all()
    return [tuple(row) for row in db.session.execute(query)]


def test_without_javascript_a_late_answer_is_saved_and_the_phone_shown_the_new_question(
    worker, phones
):
    code = _on(worker, "why_unsafe")
    phone = phones(code)[0]
    assert phone.join()[0].endswith("/q/why_unsafe")  # typing...
    worker.control(code, "next")  # ...while the worker moves the group on
    response = phone.answer("why_unsafe", "The underpass is dark")
    assert response.status_code == 302
    url, page = phone.open(response.location)
    assert url.endswith("/q/colour")
    assert page.has_text("Which colour do you like?")
    assert _stored(code) == [("why_unsafe", "The underpass is dark")]


def test_a_kept_answer_sent_after_the_group_moved_on_is_saved_and_says_where_to_go(worker, phones):
    code = _on(worker, "why_unsafe")
    phone = phones(code)[0]
    phone.join()
    worker.control(code, "next")
    response = _queued(phone, "why_unsafe", "Nobody walks home with me")
    assert response.status_code == 200
    assert response.get_json() == {"saved": True, "place": f"/live/{code}/q/colour"}
    assert _stored(code) == [("why_unsafe", "Nobody walks home with me")]


def test_an_answer_sent_again_and_again_is_counted_once(worker, phones, client):
    code = _on(worker, "mood")
    first, second, third = phones(code, 3)
    for phone in (first, second, third):
        phone.join()
    for _retry in range(3):  # the reply was lost twice, so the phone sent it three times
        assert _queued(first, "mood", "very_safe").get_json()["saved"]
    first.answer("mood", "very_safe")  # and then once more without JavaScript
    second.answer("mood", "very_unsafe")
    _queued(third, "mood", "not_sure")
    mood = question_result(client, code, "mood")
    assert mood["answered"] == 3
    counted = {row["value"]: row["count"] for row in mood["counts"]}
    assert (counted["very_safe"], counted["very_unsafe"], counted["not_sure"]) == (1, 1, 1)
    assert len(_stored(code)) == 3


def test_a_changed_answer_replaces_the_one_kept_earlier(worker, phones, client):
    code = _on(worker, "mood")
    phone = phones(code)[0]
    phone.join()
    _queued(phone, "mood", "very_safe")
    _queued(phone, "mood", "a_bit_unsafe")
    assert _stored(code) == [("mood", "a_bit_unsafe")]


def test_two_copies_written_at_once_leave_one_answer(worker, phones):
    """A retry that overtakes the first try: the second insert meets the unique row and
    replaces it instead of failing with a server error."""
    code = _on(worker, "mood")
    phone = phones(code)[0]
    phone.join()
    live = live_sessions.find(code)
    response = db.session.scalar(select(Response).filter_by(live_session_id=live.id))
    assert response.answers == []  # this request has read the answers: none yet
    with db.engine.begin() as other_request:
        other_request.execute(
            insert(Answer).values(
                response_id=response.id,
                survey_id="all-types",
                survey_version=1,
                question_id="mood",
                value="very_safe",
                is_skipped=False,
                answered_at=utcnow(),
            )
        )
    saved = live_sessions.save_answer(live, response, "mood", ParsedAnswer("not_sure", False))
    assert saved.answer.value == "not_sure"
    assert _stored(code) == [("mood", "not_sure")]


def test_a_kept_answer_the_server_cannot_use_is_refused_with_the_reason(worker, phones):
    code = _on(worker, "why_unsafe")
    phone = phones(code)[0]
    phone.join()
    response = _queued(phone, "why_unsafe", "x" * 51)
    assert response.status_code == 400
    body = response.get_json()
    assert body["saved"] is False
    assert "50" in body["error"]  # the limit, said in words the phone shows
    assert _stored(code) == []


def test_a_kept_answer_after_the_end_is_refused_and_the_phone_told_why(worker, phones, client):
    code = _on(worker, "mood")
    phone, stranger = phones(code, 2)
    phone.join()
    stranger.join()
    stranger.client.delete_cookie(f"sv_live_{live_sessions.find(code).id}")  # cookie lost
    worker.control(code, "end")
    response = _queued(phone, "mood", "very_safe")
    assert response.status_code == 409
    assert response.get_json()["error"] == "The session ended before this answer could be sent."
    assert _queued(stranger, "mood", "very_safe").status_code == 409
    assert question_result(client, code, "mood")["answered"] == 0


def test_each_phone_keeps_its_unsent_answers_under_its_own_name(worker, phones):
    code = _on(worker, "mood")
    one, two = phones(code, 2)
    keys = set()
    for phone in (one, two):
        _url, page = phone.join()
        keys.add(re.search(r'data-queue-key="([^"]+)"', page.html)[1])
        assert re.search(r'data-csrf="[^"]+"', page.html)
    assert len(keys) == 2
    assert all(key.startswith(f"{code}:") for key in keys)
    other = _on(worker, "mood")
    _url, page = phones(other)[0].join()
    assert re.search(r'data-queue-key="([^"]+)"', page.html)[1].startswith(f"{other}:")


def test_a_finished_phone_that_rejoins_gets_its_own_finished_response_back(worker, phones, client):
    code = worker.start(pacing="self")
    worker.control(code, "start")
    phone = phones(code)[0]
    phone.join()
    answer_everything(phone)
    phone.client.post(f"/live/{code}/finish", data={"csrf_token": phone.token})
    assert results(client, code)["finished"] == 1
    url, page = phone.open(f"/join/{code}")  # the QR code scanned again
    assert url.endswith("/done")
    assert page.has_text("You have finished \u2013 thank you")
    again = phone.client.post(f"/join/{code}", data={"csrf_token": phone.token})
    assert again.location.endswith(f"/live/{code}/")
    assert phone.open(again.location)[0].endswith("/done")
    assert phone.open(f"/live/{code}/finish")[0].endswith("/done")
    assert (results(client, code)["joined"], results(client, code)["finished"]) == (1, 1)


def test_a_phone_that_finished_sees_thank_you_after_the_session_ended(worker, phones):
    code = _on(worker, "mood")
    phone = phones(code)[0]
    phone.join()
    phone.answer("mood", "very_safe")
    worker.control(code, "end")
    url, page = phone.open(f"/join/{code}")
    assert url.endswith("/done")
    assert page.has_text("You have finished")


def test_at_the_tablet_a_finished_childs_response_stays_sealed(worker, phones, client):
    code = worker.start(is_tablet=True)
    worker.control(code, "start")
    tablet = phones(code)[0]
    tablet.join()
    answer_everything(tablet)
    tablet.client.post(f"/live/{code}/finish", data={"csrf_token": tablet.token})
    url, _page = tablet.open(f"/join/{code}")
    assert url.endswith(f"/join/{code}")  # a fresh start, not the finished child's response
    tablet.client.post(f"/join/{code}", data={"csrf_token": tablet.token})
    assert _queued(tablet, "mood", "very_unsafe").get_json()["saved"]
    live = live_sessions.find(code)
    count = select(func.count()).select_from(Response).filter_by(live_session_id=live.id)
    assert db.session.scalar(count) == 2
    assert (results(client, code)["joined"], results(client, code)["finished"]) == (2, 1)
