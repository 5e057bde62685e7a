"""Administration: users, groups, places, waves, consultations and the audit log."""

from flask import Blueprint

blueprint = Blueprint("admin", __name__, url_prefix="/staff")

from app.admin import audit, consultations, place_maps, setup, users  # noqa: E402,F401 - registers the routes
