"""Logs with no personal data: one ``key=value`` line per event, on standard error.

Request lines carry the method, the endpoint (the route's name, never the path, which can hold a
live-session code, and never the query string), the status and the duration. No IP address,
cookie, resume token, e-mail address or form field is ever logged. Errors keep their traceback
frames but drop exception messages, which can quote what somebody typed (a database error repeats
the statement's parameters, a ``ValueError`` the value it could not parse).

``gunicorn.conf.py`` reads the endpoint that ``init_logging`` leaves in the WSGI environ, so
gunicorn's own access log can say which page was served without the path.
"""

import logging
import re
import sys
import time
import traceback

from flask import Flask, request

ENDPOINT_KEY = "safevoices.endpoint"
STARTED_KEY = "safevoices.started"
REQUEST_LOGGER = "safevoices.request"
# The loggers our handler serves: the app's own, Flask's (named after the package) and SQLAlchemy's.
OUR_LOGGERS = ("safevoices", "app", "sqlalchemy")


class KeyValueFormatter(logging.Formatter):
    """``at=... level=... logger=... msg="..." key=value``; a traceback without its messages."""

    def format(self, record: logging.LogRecord) -> str:
        fields = {
            "at": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        line = " ".join(f"{key}={_quote(value)}" for key, value in fields.items())
        if record.exc_info and record.exc_info[0] is not None:
            line += " " + _frames_only(record.exc_info)
        return line


_NEEDS_QUOTES = re.compile(r'[ "=\n\r\t]')


def _quote(value: object) -> str:
    text = str(value)
    if text and _NEEDS_QUOTES.search(text) is None:
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _frames_only(exc_info) -> str:
    """The exception's type and where it was raised, file:line:function, without its message."""
    kind, _error, trace = exc_info
    frames = traceback.extract_tb(trace)
    where = " < ".join(f"{f.filename}:{f.lineno}:{f.name}" for f in reversed(frames))
    return f"error={kind.__module__}.{kind.__qualname__} where={_quote(where)}"


def init_logging(app: Flask) -> None:
    """Send our loggers to standard error as key=value lines and log every request once."""
    level = app.config.get("LOG_LEVEL", "INFO")
    handler = _shared_handler()
    for name in OUR_LOGGERS:
        logger = logging.getLogger(name)
        if handler not in logger.handlers:
            logger.addHandler(handler)
    logging.getLogger("safevoices").setLevel(level)
    app.logger.setLevel(level)
    # SQLAlchemy logs statements at INFO only when asked (echo); keep its warnings.
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
    # Werkzeug's development server logs each request with the client's address and query string:
    # our request line replaces it.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app.before_request(_note_start)
    app.after_request(_log_request)


_HANDLER: logging.Handler | None = None


def _shared_handler() -> logging.Handler:
    # One handler for the process, however many apps the tests create.
    global _HANDLER
    if _HANDLER is None:
        _HANDLER = logging.StreamHandler(sys.stderr)
        _HANDLER.setFormatter(KeyValueFormatter())
    return _HANDLER


def _note_start() -> None:
    request.environ[STARTED_KEY] = time.perf_counter()


def _log_request(response):
    environ = request.environ
    endpoint = request.endpoint or "-"
    environ[ENDPOINT_KEY] = endpoint
    started = environ.get(STARTED_KEY, time.perf_counter())
    fields = {
        "method": request.method,
        "endpoint": endpoint,
        "status": response.status_code,
        "duration_ms": f"{(time.perf_counter() - started) * 1000:.1f}",
    }
    logging.getLogger(REQUEST_LOGGER).info("request", extra={"fields": fields})
    return response
