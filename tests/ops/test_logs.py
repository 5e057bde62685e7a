"""Logs hold no personal data and no free text, in the app's own lines and in gunicorn's.

A child answers with a distinctive sentence, a link carries a query string, a worker signs in
with a distinctive e-mail address and somebody fails to: none of it, nor the resume token, nor
an address, may reach a log line. Request lines still say method, endpoint, status and duration.
"""

import logging
import re

import pytest
from flask import request

from app.logging_setup import KeyValueFormatter
from app.services.users import create_user
from benchmarks.server import gunicorn_server, prepare_database
from tests.factories import create_consultation
from tests.ops.phone import Phone, csrf_token
from tests.respondent_driver import Respondent
from tests.staff.conftest import PASSWORD, sign_in

CHILD_TEXT = "Quillfeather alley behind Zanzibar chip shop frightens me"
WORKER_EMAIL = "marguerite.oakenshield@example.org"
STRANGER_EMAIL = "not.a.worker.zq@example.net"
WRONG_PASSWORD = "Tr0ub4dor&3-wrong"
QUERY = "group=youth-voice&lang=pl"
CLIENT_ADDRESS = "203.0.113.77"
REQUEST_LINE = re.compile(
    r"logger=safevoices\.request msg=request method=(GET|POST) endpoint=\S+ "
    r"status=\d{3} duration_ms=\d+\.\d"
)


def _secrets(token: str) -> list[str]:
    return [
        CHILD_TEXT,
        "Quillfeather",
        WORKER_EMAIL,
        "oakenshield",
        STRANGER_EMAIL,
        WRONG_PASSWORD,
        PASSWORD,
        QUERY,
        "youth-voice",
        token,
        CLIENT_ADDRESS,
    ]


def test_app_logs_say_what_happened_but_nothing_personal(scratch_app, caplog):
    caplog.set_level(logging.DEBUG)
    client = scratch_app.test_client()
    consultation = create_consultation()
    environ = {"REMOTE_ADDR": CLIENT_ADDRESS}
    respondent = Respondent(client, consultation.slug)
    assert client.get(f"/s/{consultation.slug}?{QUERY}", environ_base=environ).status_code == 200
    respondent.start()
    respondent.about("12-15")
    assert respondent.answer("mood", "very_unsafe").status_code == 302
    assert respondent.answer("why_unsafe", CHILD_TEXT[:50]).status_code == 302
    cookie = f"sv_resume_{consultation.id}"
    token = client.get_cookie(cookie, path=f"/s/{consultation.slug}").value
    create_user(WORKER_EMAIL, "participation_worker", PASSWORD, name="Marguerite Oakenshield")
    assert sign_in(client, STRANGER_EMAIL, WRONG_PASSWORD).status_code in (200, 400)
    assert sign_in(client, WORKER_EMAIL).status_code == 302

    lines = _formatted(caplog.records)
    for secret in _secrets(token):
        assert secret not in lines, f"{secret!r} is in the logs"
    assert re.search(r"method=POST endpoint=respondent\.question status=302 duration_ms=", lines)
    assert re.search(r"method=POST endpoint=auth\.sign_in status=(200|400) ", lines)
    assert len(REQUEST_LINE.findall(lines)) >= 10


def test_an_error_is_logged_without_the_form_that_caused_it(scratch_app, caplog):
    caplog.set_level(logging.DEBUG)
    app = scratch_app

    def explode():
        # What careless code does: an exception message that quotes the input.
        raise ValueError(f"could not use {request.form['answer']!r}")

    app.add_url_rule("/explode", "explode", explode, methods=["POST"])
    app.config["WTF_CSRF_ENABLED"] = False
    reply = app.test_client().post("/explode", data={"answer": CHILD_TEXT})
    assert reply.status_code == 500
    assert CHILD_TEXT not in reply.get_data(as_text=True)

    lines = _formatted(caplog.records)
    assert "error=builtins.ValueError" in lines
    assert "test_logs.py" in lines  # where it happened is kept
    assert "Quillfeather" not in lines
    assert "method=POST endpoint=explode status=500" in lines


def test_quotes_keep_one_event_on_one_line():
    record = logging.LogRecord("safevoices", logging.INFO, __file__, 1, 'say "hi"\nthere', (), None)
    assert KeyValueFormatter().format(record).endswith(r'msg="say \"hi\"\nthere"')


@pytest.mark.slow
def test_gunicorn_logs_carry_no_address_path_query_or_text(tmp_path):
    url = f"sqlite:///{tmp_path / 'logs.db'}"
    prepare_database(url)
    log = tmp_path / "gunicorn.log"
    environment = {"GUNICORN_ACCESS_LOG": "-", "RATELIMIT_ENABLED": "0"}
    with gunicorn_server(url, workers=1, extra_env=environment, log_path=log) as server:
        token = _answer_in_words(Phone(server.url))
        _fail_to_sign_in(Phone(server.url))
    text = log.read_text()
    access = [line for line in text.splitlines() if line.startswith("access ")]
    assert any("method=POST endpoint=respondent.question status=302" in line for line in access), (
        text[-2000:]
    )
    for line in access:
        assert re.fullmatch(
            r"access method=\w+ endpoint=\S+ status=\d{3} bytes=(\d+|-) duration_ms=\d+", line
        ), line
    assert "127.0.0.1" not in "\n".join(access)
    assert "/s/safe-places" not in text
    for secret in _secrets(token):
        assert secret not in text, f"{secret!r} is in gunicorn's output"
    assert REQUEST_LINE.search(text)


def _answer_in_words(phone: Phone) -> str:
    welcome = phone.get(f"/s/safe-places?{QUERY}")
    begun = phone.post("/s/safe-places/begin", {"csrf_token": csrf_token(welcome.body)})
    about = phone.get(begun.location)
    phone.post(begun.location, {"csrf_token": csrf_token(about.body), "age_band": "12-15"})
    question = "/s/safe-places/q/make_places_safer"
    page = phone.get(question)
    assert page.status == 200
    data = {"csrf_token": csrf_token(page.body), "action": "next", "answer": CHILD_TEXT}
    assert phone.post(question, data).status == 302
    return next(value for name, value in phone.cookies.items() if name.startswith("sv_resume_"))


def _fail_to_sign_in(phone: Phone) -> None:
    page = phone.get("/staff/sign-in")
    data = {"csrf_token": csrf_token(page.body), "email": STRANGER_EMAIL, "password": "x" * 12}
    assert phone.post("/staff/sign-in", data).status in (200, 400)


def _formatted(records) -> str:
    formatter = KeyValueFormatter()
    return "\n".join(formatter.format(record) for record in records)
