"""Session cookies are signed with the current secret key and still read after a key rotation
(``SECRET_KEY_FALLBACKS``), though each app keeps one signing serializer per set of keys; a cookie
verified once is read again without unsigning only while unsigning would still accept it."""

import pytest
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.test import EnvironBuilder

from app import cookie_session
from tests.conftest import make_app


def signer(tmp_path, secret: str, fallbacks=()):
    app = make_app(
        f"sqlite:///{tmp_path / 'cookies.db'}", SECRET_KEY=secret, SECRET_KEY_FALLBACKS=[*fallbacks]
    )
    return app.session_interface.get_signing_serializer(app)


def test_a_cookie_signed_before_a_key_rotation_is_still_read(tmp_path):
    cookie = signer(tmp_path, "old-secret").dumps({"csrf_token": "abc"})
    assert signer(tmp_path, "new-secret", ["old-secret"]).loads(cookie) == {"csrf_token": "abc"}
    with pytest.raises(BadSignature):
        signer(tmp_path, "new-secret").loads(cookie)


def test_a_changed_secret_key_is_used_at_once(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'cookies.db'}", SECRET_KEY="first-secret")
    before = app.session_interface.get_signing_serializer(app)
    assert app.session_interface.get_signing_serializer(app) is before  # built once
    app.secret_key = "second-secret"
    after = app.session_interface.get_signing_serializer(app)
    with pytest.raises(BadSignature):
        after.loads(before.dumps({"user": 1}))


# A session cookie verified once is kept with its data (``app.cookie_session``): when it comes
# back it is accepted without unsigning, but only under the same keys and while still young.

LIFETIME = 3600


@pytest.fixture
def cookie_app(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'cookies.db'}", PERMANENT_SESSION_LIFETIME=LIFETIME)
    with app.app_context():
        yield app


@pytest.fixture
def unsigned(monkeypatch):
    """How many times a session cookie has been unsigned."""
    calls = []
    real = URLSafeTimedSerializer.loads

    def counting(self, *args, **kwargs):
        calls.append(args[0])
        return real(self, *args, **kwargs)

    monkeypatch.setattr(URLSafeTimedSerializer, "loads", counting)
    return calls


def opened(app, cookie: str):
    """The session a request bringing ``cookie`` gets (opened once, outside a request context)."""
    name = app.session_interface.get_cookie_name(app)
    environ = EnvironBuilder(headers={"Cookie": f"{name}={cookie}"}).get_environ()
    return app.session_interface.open_session(app, app.request_class(environ))


def signed(app, data: dict) -> str:
    return app.session_interface.get_signing_serializer(app).dumps(data)


def test_a_cookie_that_comes_back_is_read_without_unsigning_it_again(cookie_app, unsigned):
    cookie = signed(cookie_app, {"csrf_token": "abc", "language": "pl"})
    assert opened(cookie_app, cookie) == {"csrf_token": "abc", "language": "pl"}
    assert opened(cookie_app, cookie) == {"csrf_token": "abc", "language": "pl"}
    assert unsigned == [cookie]


def test_a_kept_cookie_is_refused_once_older_than_the_session_lifetime(cookie_app, signing_clock):
    cookie = signed(cookie_app, {"csrf_token": "abc"})
    assert opened(cookie_app, cookie) == {"csrf_token": "abc"}
    signing_clock["seconds"] += LIFETIME
    assert opened(cookie_app, cookie) == {"csrf_token": "abc"}, "as old as allowed: still good"
    signing_clock["seconds"] += 1
    assert opened(cookie_app, cookie) == {}, "older: a new, empty session, as unsigning decides"


def test_a_kept_cookie_signed_in_the_future_is_refused(cookie_app, signing_clock):
    cookie = signed(cookie_app, {"csrf_token": "abc"})
    assert opened(cookie_app, cookie) == {"csrf_token": "abc"}
    signing_clock["seconds"] -= 5  # the clock was put back
    assert opened(cookie_app, cookie) == {}


def test_a_cookie_altered_by_one_byte_is_refused_though_the_original_is_kept(cookie_app):
    cookie = signed(cookie_app, {"csrf_token": "abc"})
    assert opened(cookie_app, cookie) == {"csrf_token": "abc"}
    last = cookie[-1]
    altered = cookie[:-1] + ("A" if last != "A" else "B")
    assert opened(cookie_app, altered) == {}


def test_a_kept_cookie_is_refused_after_the_key_that_verified_it_is_dropped(cookie_app):
    cookie = signed(cookie_app, {"csrf_token": "abc"})
    assert opened(cookie_app, cookie) == {"csrf_token": "abc"}
    cookie_app.secret_key = "a-new-secret"
    assert opened(cookie_app, cookie) == {}
    cookie_app.config["SECRET_KEY_FALLBACKS"] = ["test-secret"]  # rotated, the old one allowed
    assert opened(cookie_app, cookie) == {"csrf_token": "abc"}


def test_what_a_request_changes_in_its_session_never_reaches_the_next(cookie_app):
    cookie = signed(cookie_app, {"csrf_token": "abc"})
    for _ in range(2):
        session = opened(cookie_app, cookie)
        assert dict(session) == {"csrf_token": "abc"}
        session["csrf_token"] = "changed"
        session["_user_id"] = "7"


def test_sessions_holding_more_than_plain_values_are_unsigned_every_time(cookie_app, unsigned):
    cookie = signed(cookie_app, {"pending": {"user": "1", "next": "/staff"}})
    for _ in range(2):
        session = opened(cookie_app, cookie)
        assert session == {"pending": {"user": "1", "next": "/staff"}}
        session["pending"]["user"] = "2"
    assert unsigned == [cookie, cookie]


def test_the_kept_cookies_stay_bounded(cookie_app, monkeypatch, unsigned):
    monkeypatch.setattr(cookie_session, "MAX_KEPT", 3)
    cookies = [signed(cookie_app, {"csrf_token": str(n)}) for n in range(10)]
    for number, cookie in enumerate(cookies):
        assert opened(cookie_app, cookie) == {"csrf_token": str(number)}
    assert len(cookie_app.session_interface._verified) <= 3
    assert opened(cookie_app, cookies[-1]) == {"csrf_token": "9"}
    assert unsigned.count(cookies[-1]) == 1, "the newest is still kept"
