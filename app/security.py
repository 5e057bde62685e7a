"""Security headers, CSRF protection and rate limits for every response.

The Content-Security-Policy allows nothing from outside: no inline script or style, no third-party
requests, no framing. Consultation links must not leak through the Referer header.

Rate limits count per client address (hashed, see ``hashed_remote_address``) and, for answers,
per device (a hash of its resume cookie). A whole class often shares one school address, so the
per-address numbers are sized for 60 phones answering together behind one NAT, with room to
spare; the per-device numbers are what one person can do by hand. ``RATE_LIMITS`` in the config
changes them (the tests use tiny ones).
"""

import functools
import hashlib
import time

from flask import Flask, current_app, render_template, request
from flask_babel import gettext as _
from limits import parse_many
from werkzeug.exceptions import TooManyRequests

from app.csrf_tokens import init_csrf_tokens
from app.extensions import csrf, hashed_remote_address, limiter

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)


RATE_LIMITS = {
    # sign-in and its code step together, per address: a person needs 2 a sign-in
    "sign_in": "10 per minute; 50 per hour",
    # /join and /join/<CODE>, every method: 60 phones scanning and tapping Join use 120; a
    # guesser of six-letter codes gets nowhere at this pace
    "join": "300 per minute",
    # starting a response, per address: 60 phones, each starting twice
    "start": "120 per minute",
    # answers, "about you", sending: 60 phones, one page every 3 seconds each
    "answer_address": "1200 per minute",
    # the same, per device: faster than anyone can read a question, and enough for live.js
    # retrying an unsent answer every 3 seconds
    "answer_device": "60 per minute",
}
_DEVICE_COOKIES = ("sv_resume_", "sv_live_")


def init_security(app: Flask) -> None:
    csrf.init_app(app)
    init_csrf_tokens(app)
    app.after_request(add_security_headers)
    app.config.setdefault("RATE_LIMITS", dict(RATE_LIMITS))
    # The limiter is one object shared by every app in the process: say so each time, so one
    # app (a benchmark, a test) switching limits off does not switch them off for the next.
    app.config.setdefault("RATELIMIT_ENABLED", True)
    app.register_error_handler(429, too_many_requests)


def init_rate_limits(app: Flask) -> None:
    limiter.init_app(app)
    # Every limit here is a view decorator's, counted as the view is called. The extension's own
    # before_request pass looks only for default and application-wide limits, of which there are
    # none, yet resolved every request's limits to find that out: about 6 % of an answer's work.
    # (Flask-Limiter adds no hooks at all to an app that starts with limits off.)
    hooks = app.before_request_funcs.get(None, [])
    if limiter._check_request_limit in hooks:
        hooks.remove(limiter._check_request_limit)


def _configured(name: str):
    return lambda: current_app.config["RATE_LIMITS"][name]


def hashed_device() -> str:
    """This device's resume cookies, hashed: the key for per-device limits on answers."""
    cookies = sorted(
        f"{name}={value}"
        for name, value in request.cookies.items()
        if name.startswith(_DEVICE_COOKIES)
    )
    return hashlib.sha256("&".join(cookies).encode()).hexdigest()[:24]


def _has_no_device_cookie() -> bool:
    # Without a resume cookie the page only sends the visitor back to the start: nothing to count.
    return not any(name.startswith(_DEVICE_COOKIES) for name in request.cookies)


def limit_sign_in(view):
    return _posts_only(view, limiter.shared_limit(_configured("sign_in"), scope="sign-in"))


def limit_joining(view):
    """Every method: a join code must not be guessed by reading pages either."""
    return limiter.shared_limit(_configured("join"), scope="join")(view)


def limit_starting(view):
    return _posts_only(view, limiter.shared_limit(_configured("start"), scope="start"))


def limit_answering(view):
    """Answers, "about you" and sending: per address and per device, shared by every such page.

    Counted by Flask-Limiter's own strategy in its own storage (``limiter.limiter``, so Redis
    when ``RATELIMIT_STORAGE_URI`` says so), but not through its decorator: working out a
    decorated view's limits (its exemptions, blueprint, parsed limit strings) on every answer
    cost four times the counting itself, about 8 % of an answer.
    """

    @functools.wraps(view)
    def answering(*args, **kwargs):
        if request.method == "POST" and limiter.enabled:
            _count_answer()
        return view(*args, **kwargs)

    return answering


def _count_answer() -> None:
    """Count this answer against both limits; a 429 (``too_many_requests``) when one is spent."""
    config = current_app.config
    counters = [("answer-address", hashed_remote_address(), "answer_address")]
    if not _has_no_device_cookie():
        counters.append(("answer-device", hashed_device(), "answer_device"))
    prefix = (config["RATELIMIT_KEY_PREFIX"],) if config.get("RATELIMIT_KEY_PREFIX") else ()
    for scope, key, name in counters:
        identifiers = (*prefix, key, scope)  # the keys Flask-Limiter's shared limits use
        for item in _parsed(config["RATE_LIMITS"][name]):
            if not limiter.limiter.hit(item, *identifiers):
                reset_at = limiter.limiter.get_window_stats(item, *identifiers).reset_time
                raise TooManyRequests(retry_after=max(1, int(reset_at - time.time())))


@functools.lru_cache(maxsize=64)
def _parsed(limits: str) -> tuple:
    return tuple(parse_many(limits))


def _posts_only(view, limit):
    """``view`` with ``limit`` counting its POSTs; its other requests (reading a page) go straight
    to the view, without the limiter working out that they are not counted: that cost every
    question page about 4 % of its work."""
    limited = limit(view)

    @functools.wraps(view)
    def posts_limited(*args, **kwargs):
        if request.method == "POST":
            return limited(*args, **kwargs)
        return view(*args, **kwargs)

    return posts_limited


def too_many_requests(error):
    """A kind page in the visitor's language, in the staff or the respondent look."""
    seconds = getattr(error, "retry_after", None) or _retry_after_seconds()
    if request.path.startswith("/staff"):
        page = render_template("auth/too_many_requests.html", seconds=seconds)
    else:
        message = _(
            "Lots of answers are arriving from the same place at once. Please wait "
            "%(seconds)s seconds, then try again. Your answers so far are saved.",
            seconds=seconds,
        )
        page = render_template(
            "error.html", status=429, heading=_("Please slow down"), message=message
        )
    return page, 429, {"Retry-After": str(seconds)}


def _retry_after_seconds() -> int:
    limit = limiter.current_limit
    if limit is None:
        return 60
    return max(1, int(limit.reset_at - time.time()))


def add_security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers["Referrer-Policy"] = "no-referrer"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    return response
