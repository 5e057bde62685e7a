"""A phone's forms carry one signed CSRF token from page to page (``app.csrf_tokens``): signed
once for its session, never handed to another session, and signed afresh for a new secret key or
when tokens have a time limit."""

import itertools
import time

import pytest
from itsdangerous import TimestampSigner

from app import csrf_tokens
from tests.pages import get_page
from tests.respondent_driver import Respondent

UNSAFE = "a_bit_unsafe"


@pytest.fixture
def ticking_clock(monkeypatch):
    """Every CSRF signing gets a later timestamp, as pages a few seconds apart would (the
    session cookie's signer keeps the real clock)."""
    seconds = itertools.count(int(time.time()))
    real = TimestampSigner.get_timestamp

    def timestamp(signer) -> int:
        return next(seconds) if signer.salt == b"wtf-csrf-token" else real(signer)

    monkeypatch.setattr(TimestampSigner, "get_timestamp", timestamp)


def _tokens(respondent: Respondent) -> list[str]:
    """The token on the welcome page (rendered afresh), then twice on one question page (kept)."""
    pages = [respondent.url(""), respondent.url("/q/mood"), respondent.url("/q/mood")]
    return [get_page(respondent.client, url).csrf_token() for url in pages]


def test_a_phone_keeps_one_token_from_page_to_page(child, ticking_clock):
    tokens = _tokens(child)
    assert len(set(tokens)) == 1, tokens
    sent = child.client.post(
        child.url("/q/mood"), data={"csrf_token": tokens[0], "answer": "very_safe"}
    )
    assert sent.status_code == 302
    assert child.page("mood").checked() == ["very_safe"]


def test_another_phones_token_is_refused_and_changes_nothing(app, child):
    other = Respondent(app.test_client(), "test-consultation")
    other.start()
    other.about("12-15")
    mine, theirs = child.page("mood").csrf_token(), other.page("mood").csrf_token()
    assert mine != theirs
    refused = other.client.post(other.url("/q/mood"), data={"csrf_token": mine, "answer": UNSAFE})
    assert refused.status_code == 400
    assert other.page("mood").checked() == []


def test_with_a_time_limit_every_page_is_signed_afresh(app, child, ticking_clock):
    app.config["WTF_CSRF_TIME_LIMIT"] = 3600
    tokens = _tokens(child)
    assert len(set(tokens)) == len(tokens), tokens
    sent = child.client.post(
        child.url("/q/mood"), data={"csrf_token": tokens[-1], "answer": "very_safe"}
    )
    assert sent.status_code == 302


def test_a_new_secret_key_signs_afresh_and_its_token_is_accepted(app, child):
    before = child.page("mood").csrf_token()
    app.config["SECRET_KEY_FALLBACKS"] = [app.secret_key]  # the session cookie stays readable
    app.secret_key = "a-new-key-for-this-test-only"
    after = child.page("mood").csrf_token()
    assert after != before
    stale = child.client.post(child.url("/q/mood"), data={"csrf_token": before, "answer": UNSAFE})
    assert stale.status_code == 400
    sent = child.client.post(child.url("/q/mood"), data={"csrf_token": after, "answer": UNSAFE})
    assert sent.status_code == 302


def test_what_is_kept_stays_bounded_and_every_phone_still_gets_a_working_token(
    app, child, monkeypatch
):
    monkeypatch.setattr(csrf_tokens, "MAX_KEPT", 2)
    csrf_tokens._signed.clear()
    phones = [child]
    for _ in range(4):
        phone = Respondent(app.test_client(), "test-consultation")
        phone.start()
        phone.about("12-15")
        phones.append(phone)
    for phone in phones:
        token = phone.page("mood").csrf_token()
        assert len(csrf_tokens._signed) <= 2
        sent = phone.client.post(phone.url("/q/mood"), data={"csrf_token": token, "answer": UNSAFE})
        assert sent.status_code == 302
