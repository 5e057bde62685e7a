"""The CSRF token a page's forms carry: Flask-WTF's, signed once per session rather than per page.

Flask-WTF keeps a random raw token in the session and puts a signed copy of it in each form
(``generate_csrf``); a POST is accepted when its signed copy unsigns to the session's raw token.
Signing adds a timestamp and an HMAC, and was about a fifteenth of a question page's work. With no
``WTF_CSRF_TIME_LIMIT`` (our setting) the timestamp is never checked, so every signed copy of a
raw token is as good as the first: this keeps the first, for that raw token and secret key,
and hands it out again. A phone's token therefore stays the same from page to page, as the raw
token does; another session's raw token finds nothing here. With a time limit set, every page is
signed afresh, as Flask-WTF does, so that no page carries an old timestamp.
"""

from flask import current_app, g, session
from flask_wtf.csrf import generate_csrf

# Bounded: one entry per session that has seen a page since the last clearing (about 200 bytes).
MAX_KEPT = 20_000
_signed: dict[tuple[str, str], str] = {}


def csrf_token() -> str:
    """The signed token for this session's forms, as ``flask_wtf.csrf.generate_csrf`` gives it."""
    config = current_app.config
    field = config["WTF_CSRF_FIELD_NAME"]
    if field in g:  # already given out this request
        return g.get(field)
    raw = session.get(field)
    if raw is None or config["WTF_CSRF_TIME_LIMIT"] is not None:
        return generate_csrf()
    key = (config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key, raw)
    token = _signed.get(key)
    if token is None:
        token = generate_csrf()
        if len(_signed) >= MAX_KEPT:
            _signed.clear()  # the next page of each session signs again: nothing is lost
        _signed[key] = token
    else:
        setattr(g, field, token)  # as generate_csrf leaves it, for any later call this request
    return token


def init_csrf_tokens(app) -> None:
    """Templates' ``csrf_token()`` is this one; Flask-WTF offers its own both as a global and
    from a context processor, and this processor, added after, takes precedence."""
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.context_processor(_in_templates)


def _in_templates() -> dict:
    return {"csrf_token": csrf_token}
