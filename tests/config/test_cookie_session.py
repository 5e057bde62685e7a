"""Session cookies are signed with the current secret key and still read after a key rotation
(``SECRET_KEY_FALLBACKS``), though each app keeps one signing serializer per set of keys."""

import pytest
from itsdangerous import BadSignature

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
