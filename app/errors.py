"""Friendly error pages, in the visitor's language, never a stack trace."""

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException

from app.extensions import db
from app.i18n import offer_every_language


def register_error_pages(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(DBAPIError, _database_unavailable)
    app.register_error_handler(Exception, _unexpected_error)


def _page(status: int, heading: str, message: str):
    return render_template("error.html", status=status, heading=heading, message=message), status


def _csrf_error(_error):
    return _page(
        400,
        _("This page was open for too long"),
        _(
            "For your safety, the page needs to be loaded again. Your earlier answers are saved. "
            "Please go back, reload the page and try again."
        ),
    )


def _http_error(error: HTTPException):
    if error.code == 404:
        return _page(
            404,
            _("Page not found"),
            _("We could not find that page. Please check the link you were given."),
        )
    if error.code == 403:
        return _page(
            403,
            _("You cannot use this page"),
            _("Your role does not include this page. Ask an administrator if you need it."),
        )
    if error.code == 413:
        # Over the form size limit (about 500 KB): far beyond any question's limit.
        return _page(
            413,
            _("That was too long to send"),
            _(
                "Please go back, make your answer shorter and try again. "
                "Your earlier answers are saved."
            ),
        )
    if error.code in (400, 405):
        return _page(
            error.code,
            _("Something was not quite right"),
            _("We could not use what was sent. Please go back and try again."),
        )
    return error


def _database_unavailable(error: DBAPIError):
    """The database is down or restarting (or dropped our connection): a kind 503, and the
    engine throws the connection away so the next request starts afresh."""
    if not error.connection_invalidated and not _is_outage(error):
        return _unexpected_error(error)
    try:
        db.session.rollback()
    except DBAPIError:
        db.session.invalidate()
    from flask import current_app

    current_app.logger.warning("Database unavailable", exc_info=error)
    # Choosing the page's language reads the consultation's languages from the database.
    offer_every_language()
    try:
        page, status = _page(
            503,
            _("We cannot save answers just now"),
            _("Your answers so far are saved. Please wait a minute and try again."),
        )
    except DBAPIError:  # the page itself needed the database (a signed-in staff member's name)
        page, status = UNAVAILABLE_FALLBACK, 503
    return page, status, {"Retry-After": "30"}


UNAVAILABLE_FALLBACK = (
    '<!doctype html><html lang="en"><title>Please try again soon</title>'
    "<h1>Please try again soon</h1><p>Your answers so far are saved. "
    "Please wait a minute and try again.</p></html>"
)


def _is_outage(error: DBAPIError) -> bool:
    from sqlalchemy.exc import InterfaceError, OperationalError

    return isinstance(error, OperationalError | InterfaceError)


def _unexpected_error(error: Exception):
    if isinstance(error, HTTPException):
        return _http_error(error)
    db.session.rollback()
    # Logged without the request body: answers may hold personal details.
    from flask import current_app

    current_app.logger.exception("Unexpected error")
    return _page(
        500,
        _("Sorry, something went wrong"),
        _("Your answers so far are saved. Please try again in a minute."),
    )
