"""Themes in people's own words: coding answers, emerging themes and theme views."""

from flask import Blueprint

blueprint = Blueprint("themes", __name__, url_prefix="/staff/themes")

from app.themes import coding, learning, views  # noqa: E402,F401 - registers the routes
