"""Staff views of consultations: the list, one consultation, its responses and distribution."""

from flask import Blueprint

blueprint = Blueprint("dashboard", __name__, url_prefix="/staff")

from app.dashboard import distribution, exports, paper, responses, views  # noqa: E402,F401
