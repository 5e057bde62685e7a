"""Public respondent pages: a consultation at ``/s/<slug>``, no sign-in, one question per page."""

from flask import Blueprint

blueprint = Blueprint("respondent", __name__, url_prefix="/s")

from app.respondent import place_map, views  # noqa: E402,F401 - registers the routes
