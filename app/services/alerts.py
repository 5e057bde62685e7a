"""E-mail alerts to the safeguarding leads when a high-severity flag is raised.

Each alert is first written to the outbox (``OutboxEmail``), one per active safeguarding lead,
then sent at once through SMTP when ``MAIL_SERVER`` is configured; without it (demo, tests) the
e-mails stay in the outbox, which /staff/safeguarding/outbox shows. An alert names the
consultation, the severity and the categories and links to the flag: it never holds the child's
words. A failed send is recorded on the row and never breaks the child's page;
``safevoices send-alerts`` retries.
"""

import smtplib
from email.message import EmailMessage

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from analysis.safeguarding import HIGH
from app.extensions import db
from app.models import Consultation, OutboxEmail, SafeguardingFlag, User
from app.models.types import utcnow
from app.services.safeguarding import category_names

SMTP_TIMEOUT_SECONDS = 10
STAFF_LOCALE = "en"  # the request is the child's, in their language; leads read English


def alert_leads(flag: SafeguardingFlag) -> list[OutboxEmail]:
    """Write, and send when a mail server is configured, the alerts for a new high flag."""
    emails = write_alerts(flag)
    send(emails)
    return emails


def write_alerts(flag: SafeguardingFlag) -> list[OutboxEmail]:
    """One outbox e-mail per active lead for a high flag not alerted yet; [] otherwise."""
    if flag.severity != HIGH or flag.alerted_at is not None:
        return []
    leads = db.session.scalars(select(User).filter_by(role="safeguarding_lead", is_active=True))
    with force_locale(STAFF_LOCALE):
        subject, body = _subject(flag), _body(flag)
    emails = [OutboxEmail(to=lead.email, subject=subject, body=body) for lead in leads]
    if not emails:
        # nobody to tell yet: leave alerted_at empty so send-alerts writes them later
        return []
    db.session.add_all(emails)
    flag.alerted_at = utcnow()
    db.session.commit()
    return emails


def send(emails: list[OutboxEmail]) -> int:
    """Send through SMTP when MAIL_SERVER is set; returns how many went. Errors are recorded."""
    config = current_app.config
    if not emails or not config.get("MAIL_SERVER"):
        return 0
    try:
        with smtplib.SMTP(
            config["MAIL_SERVER"], config.get("MAIL_PORT", 25), timeout=SMTP_TIMEOUT_SECONDS
        ) as smtp:
            _sign_in(smtp, config)
            for email in emails:
                _send_one(smtp, email, config)
    except (OSError, smtplib.SMTPException) as error:
        for email in emails:
            if email.sent_at is None:
                email.error = f"{type(error).__name__}: {error}"[:1000]
    db.session.commit()
    return sum(1 for email in emails if email.sent_at is not None)


def _sign_in(smtp: smtplib.SMTP, config) -> None:
    if config.get("MAIL_USE_TLS"):
        smtp.starttls()
    if config.get("MAIL_USERNAME"):
        smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")


def _send_one(smtp: smtplib.SMTP, email: OutboxEmail, config) -> None:
    message = EmailMessage()
    message["From"] = config.get("MAIL_FROM") or "safevoices@localhost"
    message["To"], message["Subject"] = email.to, email.subject
    message.set_content(email.body)
    try:
        smtp.send_message(message)
    except smtplib.SMTPException as error:
        email.error = f"{type(error).__name__}: {error}"[:1000]
    else:
        email.sent_at, email.error = utcnow(), ""


def retry_unsent() -> tuple[int, int]:
    """Write alerts for high flags still without one, then send every unsent e-mail.

    Returns (sent, still unsent). For ``safevoices send-alerts`` (cron).
    """
    waiting = select(SafeguardingFlag).filter_by(severity=HIGH, alerted_at=None)
    for flag in db.session.scalars(waiting).all():
        write_alerts(flag)
    unsent = list(db.session.scalars(select(OutboxEmail).filter_by(sent_at=None)))
    sent = send(unsent)
    return sent, len(unsent) - sent


def _subject(flag: SafeguardingFlag) -> str:
    title = db.session.get(Consultation, flag.consultation_id).title
    return _("Safe Voices: an answer needs a safeguarding lead (%(title)s)", title=title)


def _body(flag: SafeguardingFlag) -> str:
    title = db.session.get(Consultation, flag.consultation_id).title
    lines = [
        _("An answer in the consultation \u201c%(title)s\u201d may disclose harm.", title=title),
        _("Severity: %(severity)s", severity=_("high")),
        _("Categories: %(names)s", names=", ".join(category_names(flag)) or "-"),
        "",
        _("Read it and record an outcome: %(link)s", link=flag_link(flag)),
        "",
        _("This e-mail does not include the answer. Sign in to Safe Voices to read it."),
    ]
    return "\n".join(lines) + "\n"


def flag_link(flag: SafeguardingFlag) -> str:
    """The flag's page, as a full link when the address is known (in a request or configured)."""
    path = f"/staff/safeguarding/{flag.id}"
    base = (current_app.config.get("PUBLIC_BASE_URL") or "").rstrip("/")
    if base:
        return base + path
    if has_request_context():
        return url_for("safeguarding.flag", flag_id=flag.id, _external=True)
    return path
