"""Template helpers for staff pages: permissions, role and status names, numbers and moments."""

from flask import Flask, current_app
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


# The staff navigation: (endpoint, label, permission). A link shows only when its page exists
# and the signed-in person may use it.
NAV_LINKS = (
    ("dashboard.home", _l("Consultations"), "use_staff_pages"),
    ("safeguarding.queue", _l("Safeguarding"), "review_safeguarding"),
    ("themes.overview", _l("Themes"), "view_themes"),
    ("pilot.dashboard", _l("Pilot dashboard"), "view_pilot_dashboard"),
    ("admin.setup", _l("Groups, places and waves"), "manage_setup"),
    ("admin.users", _l("Users"), "manage_users"),
    ("admin.audit_log", _l("Audit log"), "view_audit_log"),
    ("auth.account", _l("Your account"), "use_staff_pages"),
)


def nav_links() -> list[tuple[str, str]]:
    return [
        (endpoint, label)
        for endpoint, label, permission in NAV_LINKS
        if endpoint in current_app.view_functions and can(permission)
    ]


def format_moment(moment) -> str:
    return format_datetime(moment, "d MMM y, HH:mm") if moment else ""


def init_staff_templating(app: Flask) -> None:
    app.jinja_env.globals.update(
        can=can,
        role_names=ROLE_NAMES,
        status_names=STATUS_NAMES,
        mode_names=MODE_NAMES,
        nav_links=nav_links,
    )
    app.jinja_env.filters.update(
        format_number=format_decimal,
        format_moment=format_moment,
        format_day=lambda day: format_date(day, "d MMM y"),
        language_name=lambda code: LANGUAGES.get(code, code),
    )
