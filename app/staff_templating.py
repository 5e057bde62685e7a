"""Template helpers for staff pages: permissions, role and status names, numbers and moments."""

from flask import Flask
from flask_babel import format_date, format_datetime, format_decimal
from flask_babel import lazy_gettext as _l

from app.i18n import LANGUAGES
from app.permissions import can

ROLE_NAMES = {
    "admin": _l("Administrator"),
    "pilot_lead": _l("Pilot lead"),
    "participation_worker": _l("Participation worker"),
    "safeguarding_lead": _l("Safeguarding lead"),
}
STATUS_NAMES = {
    "draft": _l("Draft"),
    "open": _l("Open"),
    "closed": _l("Closed"),
    "archived": _l("Archived"),
}
MODE_NAMES = {
    "self": _l("On their own device"),
    "live": _l("Live group session"),
    "tablet": _l("Pass-the-tablet"),
    "paper": _l("Paper"),
}


def format_moment(moment) -> str:
    return format_datetime(moment, "d MMM y, HH:mm") if moment else ""


def init_staff_templating(app: Flask) -> None:
    app.jinja_env.globals.update(
        can=can, role_names=ROLE_NAMES, status_names=STATUS_NAMES, mode_names=MODE_NAMES
    )
    app.jinja_env.filters.update(
        format_number=format_decimal,
        format_moment=format_moment,
        format_day=lambda day: format_date(day, "d MMM y"),
        language_name=lambda code: LANGUAGES.get(code, code),
    )
