"""Flask's signed-cookie sessions, with the signing serializer built once per set of keys.

Flask builds a new ``URLSafeTimedSerializer`` each time it opens or saves a session, and building
one (it tries the JSON serializer to see whether it speaks text) cost about 3 % of a question
page. The serializer holds nothing per request, so one per secret key (and fallbacks) serves all.
"""

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class CookieSessionInterface(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._serializers: dict[tuple, URLSafeTimedSerializer] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        if not app.secret_key:
            return None
        keys = (*(app.config["SECRET_KEY_FALLBACKS"] or ()), app.secret_key)
        serializer = self._serializers.get(keys)
        if serializer is None:
            serializer = self._serializers[keys] = super().get_signing_serializer(app)
        return serializer


def init_cookie_sessions(app: Flask) -> None:
    app.session_interface = CookieSessionInterface()
