"""Staff sign-in and sign-out at ``/staff/sign-in``; sessions that expire when left idle."""

from flask import Blueprint

blueprint = Blueprint("auth", __name__, url_prefix="/staff")

from app.auth import views  # noqa: E402,F401 - registers the routes
