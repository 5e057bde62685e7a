"""The safeguarding lead's queue: answers that may disclose harm, reviewed and audited."""

from flask import Blueprint

blueprint = Blueprint("safeguarding", __name__, url_prefix="/staff/safeguarding")

from app.safeguarding import views  # noqa: E402,F401 - registers the routes
