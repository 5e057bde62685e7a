"""Public respondent pages: a consultation at ``/s/<slug>``, no sign-in, one question per page."""

from flask import Blueprint, request

from app.database import read_outside_transaction

blueprint = Blueprint("respondent", __name__, url_prefix="/s")


@blueprint.before_request
def _pages_only_read():
    # Every page a phone GETs here only reads (tests/respondent/test_reads.py holds them to it).
    if request.method in ("GET", "HEAD"):
        read_outside_transaction()


from app.respondent import place_map, views  # noqa: E402,F401 - registers the routes
