"""Public respondent pages: a consultation at ``/s/<slug>``, no sign-in, one question per page."""

from flask import Blueprint

from app.database import read_gets_outside_transaction

blueprint = Blueprint("respondent", __name__, url_prefix="/s")
blueprint.before_request(read_gets_outside_transaction)

from app.respondent import place_map, views  # noqa: E402,F401 - registers the routes
