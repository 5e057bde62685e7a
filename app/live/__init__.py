"""Live group sessions: joining by code, the phones, the worker's console, the presenter."""

from flask import Blueprint, request

from app.database import read_gets_outside_transaction

blueprint = Blueprint("live", __name__)


@blueprint.before_request
def _phone_and_screen_pages_only_read():
    # The pages phones and the presenter poll; the worker's console under /staff is left out.
    if request.path.startswith("/live/"):
        read_gets_outside_transaction()


from app.live import console, participant, presenter  # noqa: E402, F401 - registers the routes
