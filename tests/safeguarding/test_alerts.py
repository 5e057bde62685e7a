"""Alerts: each new high flag e-mails every active safeguarding lead, without the child's words."""

import smtplib

import pytest

from app.extensions import db
from app.services import alerts
from tests.pages import get_page
from tests.safeguarding.conftest import DISCLOSURE, HARMLESS, answer_text, flags, outbox


class FakeSMTP:
    """Stands in for smtplib.SMTP: records what would have been sent, or fails on demand."""

    sent: list = []
    fail_with: Exception | None = None

    def __init__(self, host, port, timeout):
        self.host, self.port = host, port
        if FakeSMTP.fail_with is not None:
            raise FakeSMTP.fail_with

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        pass

    def login(self, user, password):
        pass

    def send_message(self, message):
        FakeSMTP.sent.append(message)


@pytest.fixture
def smtp(app, monkeypatch):
    FakeSMTP.sent, FakeSMTP.fail_with = [], None
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    app.config.update(MAIL_SERVER="smtp.example.org", MAIL_PORT=587, MAIL_FROM="sv@example.org")
    return FakeSMTP


def test_a_high_flag_writes_one_alert_per_active_lead(consultation, lead, make_user):
    make_user("safeguarding_lead", "second@example.org")
    switched_off = make_user("safeguarding_lead", "gone@example.org")
    switched_off.is_active = False
    make_user("pilot_lead")
    db.session.commit()
    answer_text(consultation, DISCLOSURE)
    [flag] = flags()
    emails = outbox()
    assert sorted(e.to for e in emails) == ["lead@example.org", "second@example.org"]
    assert flag.alerted_at is not None
    for email in emails:
        assert "Safe places 2027" in email.subject
        assert "high" in email.body
        assert "Physical, sexual or emotional abuse, or neglect" in email.body
        assert f"/staff/safeguarding/{flag.id}" in email.body
        assert "hits" not in email.body
        assert "hits" not in email.subject
        assert email.sent_at is None  # no MAIL_SERVER: it waits in the outbox


def test_no_alert_for_medium_unscreened_or_harmless_answers(consultation, lead):
    answer_text(consultation, HARMLESS)
    answer_text(consultation, "mehr Licht", language="de")
    assert [f.severity for f in flags()] == ["unscreened"]
    assert outbox() == []


def test_a_flag_alerts_once_however_often_the_answer_is_saved(child, lead):
    child.answer("why_unsafe", DISCLOSURE)
    child.answer("why_unsafe", "someone follows me home")
    assert len(outbox()) == 1


def test_with_a_mail_server_the_alert_is_sent_at_once(consultation, lead, smtp):
    answer_text(consultation, DISCLOSURE)
    [message] = smtp.sent
    assert message["To"] == "lead@example.org"
    assert message["From"] == "sv@example.org"
    assert "hits" not in message.get_content()
    [email] = outbox()
    assert email.sent_at is not None
    assert email.error == ""


def test_a_failed_send_is_recorded_and_the_child_still_gets_their_page(child, lead, smtp):
    smtp.fail_with = ConnectionRefusedError("connection refused")
    response = child.answer("why_unsafe", DISCLOSURE)
    assert response.status_code == 302
    assert "/help-now" in response.location
    [email] = outbox()
    assert email.sent_at is None
    assert "connection refused" in email.error


def test_retrying_sends_what_failed_and_writes_alerts_missed(consultation, smtp, make_user):
    answer_text(consultation, DISCLOSURE)  # no lead yet: nobody to alert
    assert outbox() == []
    make_user("safeguarding_lead", "lead@example.org")
    assert alerts.retry_unsent() == (1, 0)
    [email] = outbox()
    assert email.sent_at is not None
    assert flags()[0].alerted_at is not None


def test_the_outbox_page_shows_the_alerts(client, consultation, lead, staff):
    answer_text(consultation, DISCLOSURE)
    staff("safeguarding_lead")
    page = get_page(client, "/staff/safeguarding/outbox")
    assert page.has_text("lead@example.org")
    assert page.has_text("Safe places 2027")
    assert page.has_text("Waiting in the outbox")
    assert DISCLOSURE not in page.text
