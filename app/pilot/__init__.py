"""The pilot dashboard: the perception-of-safety KPI wave by wave, other measures, places of
concern, the board report and "You said, we did"."""

from flask import Blueprint

blueprint = Blueprint("pilot", __name__, url_prefix="/staff/pilot")

from app.pilot import public, records, views  # noqa: E402, F401  (routes register on import)


@blueprint.context_processor
def _share_formatting() -> dict:
    from flask_babel import format_percent

    # One decimal place: a share of 56.3% with an interval of ±5 points needs no more.
    from app.pilot.labels import label
    from app.services.kpi import construct_names
    from app.services.pilot import group_names, place_names
    from app.templating import survey_text

    names = {**group_names(), **place_names()}
    constructs = construct_names()
    return {
        "format_share": lambda share: format_percent(share, "#,##0.0%"),
        "label": lambda code: label(code, names),
        # A construct id (e.g. safety_walking_alone_after_dark) in words, never the bare id.
        "construct_name": lambda code: survey_text(constructs.get(code)) or code,
    }
