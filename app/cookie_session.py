"""Flask's signed-cookie sessions, with the signing serializer built once per set of keys and a
cookie verified once, not on every request that brings it back.

Flask builds a new ``URLSafeTimedSerializer`` each time it opens or saves a session, and building
one (it tries the JSON serializer to see whether it speaks text) cost about 3 % of a question
page. The serializer holds nothing per request, so one per secret key (and fallbacks) serves all.

A phone sends the same session cookie with every page and answer, and Flask unsigns it each time
(base64, an HMAC, JSON): 5 % of a question page's instructions, 3.5 % of an answer's. A cookie
that has been verified is kept here with the data it carried and the moment it was signed, keyed
on the exact cookie and the keys that verified it; when it comes back it is accepted again only
while it is as young as Flask requires (``PERMANENT_SESSION_LIFETIME``), just as unsigning would
decide. A cookie never seen, altered by one byte, or signed under other keys is unsigned as Flask
does. Only sessions holding plain values (text, numbers, true/false) are kept, and each request
gets its own copy, so what one request changes in its session never reaches another's.
"""

import time
from typing import NamedTuple

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature, URLSafeTimedSerializer

# Bounded: one entry per live session cookie (a few hundred bytes each); when full it is emptied
# and each cookie is unsigned once more the next time it comes.
MAX_KEPT = 20_000
_PLAIN = (str, int, float, type(None))


class _Verified(NamedTuple):
    data: dict
    signed_at: int  # seconds since the epoch, as itsdangerous counts a signature's age


class CookieSessionInterface(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._serializers: dict[tuple, URLSafeTimedSerializer] = {}
        self._verified: dict[tuple[tuple, str], _Verified] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        return self._serializer(app, _keys(app))

    def _serializer(self, app: Flask, keys: tuple) -> URLSafeTimedSerializer | None:
        if not app.secret_key:
            return None
        serializer = self._serializers.get(keys)
        if serializer is None:
            serializer = self._serializers[keys] = super().get_signing_serializer(app)
        return serializer

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        """As Flask's own, with a cookie verified before accepted again while still young."""
        keys = _keys(app)
        serializer = self._serializer(app, keys)
        if serializer is None:
            return None
        cookie = request.cookies.get(self.get_cookie_name(app))
        if not cookie:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        key = (keys, cookie)
        kept = self._verified.get(key)
        # The same test itsdangerous makes: too old, or signed in the future, is refused.
        if kept is not None and 0 <= int(time.time()) - kept.signed_at <= max_age:
            return self.session_class(kept.data)
        try:
            data, signed_at = serializer.loads(cookie, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        if _plain(data):
            if len(self._verified) >= MAX_KEPT:
                self._verified.clear()
            self._verified[key] = _Verified(dict(data), int(signed_at.timestamp()))
        return self.session_class(data)


def _keys(app: Flask) -> tuple:
    """The secret key and its fallbacks: what a cookie is signed with and verified against."""
    return (*(app.config["SECRET_KEY_FALLBACKS"] or ()), app.secret_key)


def _plain(data: object) -> bool:
    """Only flat values, so a shallow copy per request shares nothing that can be changed."""
    return isinstance(data, dict) and all(
        isinstance(key, str) and isinstance(value, _PLAIN) for key, value in data.items()
    )


def init_cookie_sessions(app: Flask) -> None:
    app.session_interface = CookieSessionInterface()
