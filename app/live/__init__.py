"""Live group sessions: joining by code, the phones, the worker's console, the presenter."""

from flask import Blueprint

blueprint = Blueprint("live", __name__)

from app.live import console, participant, presenter  # noqa: E402, F401 - registers the routes
