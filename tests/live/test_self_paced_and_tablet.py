"""Self-paced sessions, phones that come back, and one tablet passed round a group."""

from sqlalchemy import select

from app.extensions import db
from app.models import LiveSession, Response
from tests.live.conftest import Phone, results

ALL_ANSWERS = [
    ("welcome_note", None),
    ("mood", "very_safe"),
    ("why_unsafe", "More lights"),
    ("colour", "red"),
    ("pets", "cat"),
    ("happy_scale", "a_lot"),
    ("has_bike", "no"),
    ("where", "somewhere_else"),
    ("siblings", "2"),
]


def answer_everything(phone: Phone) -> str:
    for question_id, value in ALL_ANSWERS:
        response = phone.answer(question_id, value)
        assert response.status_code == 302, question_id
    return response.location


def session_row(code: str) -> LiveSession:
    live = db.session.scalar(select(LiveSession).filter_by(code=code))
    db.session.refresh(live)
    return live


def test_self_paced_phones_each_go_at_their_own_speed(worker, phones, client):
    code = worker.start(pacing="self")
    worker.control(code, "start")
    fast, slow = phones(code, 2)
    fast.join()
    slow.join()
    fast.answer("welcome_note")
    fast.answer("mood", "very_unsafe")
    assert fast.where()[0].endswith("/q/why_unsafe")
    assert slow.where()[0].endswith("/q/welcome_note")
    slow.answer("welcome_note")
    slow.answer("mood", "very_safe")
    assert slow.where()[0].endswith("/q/colour")  # "why not safe?" only follows an unsafe face


def test_the_worker_sees_how_many_have_finished(worker, phones, client):
    code = worker.start(pacing="self")
    worker.control(code, "start")
    done, busy = phones(code, 2)
    done.join()
    busy.join()
    assert answer_everything(done).endswith("/finish")
    page = done.where()[1]
    assert page.has_text("You have answered every question")
    response = done.client.post(f"/live/{code}/finish", data={"csrf_token": done.token})
    assert response.location.endswith("/done")
    assert results(client, code)["finished"] == 1
    assert results(client, code)["joined"] == 2
    assert worker.console(code).has_text("1 finished")


def test_a_self_paced_phone_can_go_back_to_its_own_answer(worker, phones):
    code = worker.start(pacing="self")
    worker.control(code, "start")
    phone = phones(code)[0]
    phone.join()
    phone.answer("welcome_note")
    phone.answer("mood", "a_bit_unsafe")
    response = phone.answer("why_unsafe", action="back")
    assert response.location.endswith("/q/mood")
    assert phone.open(response.location)[1].checked() == ["a_bit_unsafe"]


def test_a_phone_that_reloads_or_locks_rejoins_its_own_response(worker, phones):
    code = worker.start()
    worker.control(code, "start")
    worker.control(code, "next")
    phone = phones(code)[0]
    phone.join()
    phone.answer("mood", "very_safe")
    url, _page = phone.open(f"/join/{code}")  # scanning the QR code again
    assert url.endswith("/wait")
    live = session_row(code)
    rows = db.session.scalars(select(Response).filter_by(live_session_id=live.id)).all()
    assert len(rows) == 1


def test_an_answer_sent_after_the_group_moved_on_still_counts(worker, phones, client):
    code = worker.start()
    worker.control(code, "start")
    worker.control(code, "next")
    offline = phones(code)[0]
    offline.join()  # shows mood, then the wi-fi drops while the worker moves on
    worker.control(code, "next")
    response = offline.answer("mood", "not_sure")
    assert response.status_code == 302
    assert response.location.endswith("/q/why_unsafe")
    assert next(q for q in results(client, code)["questions"] if q["id"] == "mood")["answered"] == 1


def test_the_tablet_seals_each_childs_answers_and_starts_fresh(worker, app):
    code = worker.start(is_tablet=True)
    worker.control(code, "start")
    tablet = Phone(app, code)
    tablet.join()
    answer_everything(tablet)
    response = tablet.client.post(f"/live/{code}/finish", data={"csrf_token": tablet.token})
    assert response.location.endswith("/next-person")
    url, page = tablet.open(response.location)
    assert page.has_text("Pass the tablet on")
    # the next child cannot open the previous child's answers
    url, _page = tablet.open(f"/live/{code}/q/mood")
    assert url.endswith(f"/join/{code}")
    response = tablet.client.post(f"/join/{code}", data={"csrf_token": page.csrf_token()})
    url, page = tablet.open(response.location)
    assert url.endswith("/q/welcome_note")
    live = session_row(code)
    rows = db.session.scalars(
        select(Response).filter_by(live_session_id=live.id).order_by(Response.id)
    ).all()  # first child, then the next: without an order PostgreSQL may return either first
    assert [r.mode for r in rows] == ["tablet", "tablet"]
    assert [r.is_submitted for r in rows] == [True, False]
    assert len(rows[0].answers) == len(ALL_ANSWERS)
    assert rows[1].answers == []
