"""The pilot dashboard: the perception-of-safety KPI wave by wave, other measures, places of
concern, the board report and "You said, we did"."""

from flask import Blueprint

blueprint = Blueprint("pilot", __name__, url_prefix="/staff/pilot")
