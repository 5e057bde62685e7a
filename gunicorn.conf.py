"""Gunicorn settings for Safe Voices, read by ``gunicorn wsgi:app`` from the working directory.

Command-line options win over this file. Environment variables tune it without editing:
GUNICORN_BIND, GUNICORN_WORKERS, GUNICORN_THREADS, GUNICORN_ACCESS_LOG.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Each worker is a process with its own database pool; threads overlap the database waits.
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 30
graceful_timeout = 20
# No gunicornc control socket: it has one default path per user, so the tests and benchmarks that
# run several servers at once would fight over it (older gunicorn ignores this setting).
control_socket_disable = True

errorlog = "-"
loglevel = "info"
# The app already logs one line per request (method, endpoint, status, duration): gunicorn's own
# access log is off unless GUNICORN_ACCESS_LOG names a file or "-". Its format never holds the
# client's address, the path (a live-session code can be in it), the query string, the referrer
# or the user agent; the endpoint comes from the app (see app/logging_setup.py).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
access_log_format = (
    "access method=%(m)s endpoint=%({safevoices.endpoint}e)s status=%(s)s "
    "bytes=%(B)s duration_ms=%(M)s"
)
