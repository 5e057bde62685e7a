"""A worker-paced session: starting, joining, moving the group on, late joiners, ending."""

from sqlalchemy import select

from app.extensions import db
from app.models import LiveSession, Response
from app.services.live import CODE_ALPHABET
from tests.live.conftest import question_result, results


def test_a_session_starts_with_a_short_code_easy_to_read_aloud(worker):
    code = worker.start()
    assert len(code) == 6
    assert set(code) <= set(CODE_ALPHABET)
    assert not set(code) & set("01OI")
    console = worker.console(code)
    assert console.has_text(code)
    assert "data:image/svg+xml" in console.html  # the QR code, drawn here without a request


def test_the_consultation_page_offers_to_start_a_live_session(worker, client):
    page = client.get(f"/staff/consultations/{worker.consultation.id}").get_data(as_text=True)
    assert "Start a live session" in page


def test_join_asks_for_the_code_and_forgives_lower_case_and_spaces(worker, client):
    code = worker.start()
    assert b'name="code"' in client.get("/join").data
    typed = f"{code[:3].lower()} {code[3:].lower()}"
    response = client.get("/join", query_string={"code": typed})
    assert response.status_code == 302
    assert response.location.endswith(f"/join/{code}")


def test_an_unknown_code_is_refused_kindly(app, client):
    response = client.get("/join", query_string={"code": "ZZZZZZ"})
    assert response.status_code == 404
    assert "could not find a session" in response.get_data(as_text=True)


def test_phones_wait_then_follow_the_worker(worker, phones):
    code = worker.start()
    phone = phones(code)[0]
    url, page = phone.join()
    assert url.endswith("/wait")
    assert page.has_text("We\u2019ll start soon")
    assert 'http-equiv="refresh"' in page.html  # works without JavaScript
    worker.control(code, "start")
    url, _page = phone.where()
    assert url.endswith("/q/welcome_note")
    worker.control(code, "next")
    url, page = phone.where()
    assert url.endswith("/q/mood")
    assert page.values() == [
        "very_safe",
        "fairly_safe",
        "not_sure",
        "a_bit_unsafe",
        "very_unsafe",
        "prefer_not_say",
    ]


def test_after_answering_the_phone_waits_for_the_next_question(worker, phones):
    code = _on_mood(worker)
    phone = phones(code)[0]
    phone.join()
    response = phone.answer("mood", "very_safe")
    assert response.location.endswith("/wait")
    _url, page = phone.where()
    assert page.has_text("your answer is in")
    worker.control(code, "next")
    url, _page = phone.where()
    assert url.endswith("/q/why_unsafe")


def test_a_phone_cannot_jump_ahead_of_the_worker(worker, phones):
    code = _on_mood(worker)
    phone = phones(code)[0]
    phone.join()
    url, _page = phone.open(f"/live/{code}/q/colour")
    assert url.endswith("/q/mood")


def test_a_late_joiner_lands_on_the_current_question(worker, phones):
    code = _on_mood(worker)
    worker.control(code, "next")
    url, _page = phones(code)[0].join()
    assert url.endswith("/q/why_unsafe")


def test_going_back_takes_every_phone_back_with_the_answer_kept(worker, phones):
    code = _on_mood(worker)
    phone = phones(code)[0]
    phone.join()
    phone.answer("mood", "fairly_safe")
    worker.control(code, "next")
    worker.control(code, "back")
    url, page = phone.open(f"/live/{code}/q/mood")
    assert url.endswith("/q/mood")
    assert page.checked() == ["fairly_safe"]


def test_pausing_holds_the_phones_and_resuming_brings_them_back(worker, phones):
    code = _on_mood(worker)
    phone = phones(code)[0]
    phone.join()
    worker.control(code, "pause")
    url, page = phone.where()
    assert url.endswith("/wait")
    assert page.has_text("Having a short break")
    worker.control(code, "resume")
    assert phone.where()[0].endswith("/q/mood")


def test_counts_appear_on_the_screen_only_once_three_have_answered(worker, phones, client):
    code = _on_mood(worker)
    group = phones(code, 3)
    for phone, face in zip(group, ["very_safe", "very_safe", "very_unsafe"], strict=True):
        phone.join()
        phone.answer("mood", face)
        if phone is group[1]:
            two = question_result(client, code, "mood")
            assert two["answered"] == 2
            assert two["is_hidden"]
            assert two["counts"] == []
            screen = client.get(f"/live/{code}/present").get_data(as_text=True)
            assert "appear when 3 or more people have answered" in screen
    three = question_result(client, code, "mood")
    counted = {row["value"]: row["count"] for row in three["counts"]}
    assert counted["very_safe"] == 2
    assert counted["very_unsafe"] == 1
    assert counted["fairly_safe"] == 0


def test_ending_makes_the_answers_part_of_the_consultation(worker, phones, client):
    code = _on_mood(worker)
    answering, silent = phones(code, 2)
    answering.join()
    silent.join()
    answering.answer("mood", "not_sure")
    response = worker.control(code, "end")
    assert response.location.endswith(f"/staff/live/{code}/summary")
    live = db.session.scalar(select(LiveSession).filter_by(code=code))
    db.session.refresh(live)
    assert live.state == "ended"
    assert live.ended_at is not None
    rows = db.session.scalars(select(Response).filter_by(live_session_id=live.id)).all()
    assert {r.mode for r in rows} == {"live"}
    assert sorted(r.is_submitted for r in rows) == [False, True]  # the silent phone is partial
    url, page = answering.where()
    assert url.endswith("/done")
    assert page.has_text("Thank you")
    assert results(client, code)["state"] == "ended"


def test_an_ended_session_takes_no_more_answers_or_joiners(worker, phones, client):
    code = _on_mood(worker)
    phone = phones(code)[0]
    phone.join()
    worker.control(code, "end")
    phone.answer("mood", "very_safe")
    assert question_result(client, code, "mood")["answered"] == 0
    response = client.get(f"/join/{code}")
    assert response.status_code == 302
    assert "/join?code=" in response.location


def _on_mood(worker) -> str:
    code = worker.start()
    worker.control(code, "start")
    worker.control(code, "next")
    return code
