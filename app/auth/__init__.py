"""Staff sign-in and sign-out at ``/staff/sign-in`` with two-factor codes; idle sessions expire."""

from flask import Blueprint

blueprint = Blueprint("auth", __name__, url_prefix="/staff")

from app.auth import two_factor, views  # noqa: E402,F401 - registers the routes
