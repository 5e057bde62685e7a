"""Live group sessions: joining by code, participants' pages, the worker's console, the presenter."""

from flask import Blueprint

blueprint = Blueprint("live", __name__)
