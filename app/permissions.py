"""Who may do what on the staff side: one matrix, enforced on every ``/staff`` route.

Each staff view is wrapped in ``requires(permission)``; a test walks the URL map and proves that
every ``/staff`` route refuses anonymous visitors and the roles that the matrix leaves out.
"""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

ALL_ROLES = ("admin", "pilot_lead", "participation_worker", "safeguarding_lead")

PERMISSIONS: dict[str, tuple[str, ...]] = {
    "use_staff_pages": ALL_ROLES,
    "manage_users": ("admin",),
    "view_audit_log": ("admin",),
    "manage_setup": ("admin", "pilot_lead"),
    "manage_consultations": ("admin", "pilot_lead", "participation_worker"),
    "view_responses": ("admin", "pilot_lead", "participation_worker"),
    "enter_paper_responses": ("admin", "pilot_lead", "participation_worker"),
    "export_responses": ("admin", "pilot_lead"),
    "review_safeguarding": ("safeguarding_lead",),
    "view_themes": ("admin", "pilot_lead", "participation_worker"),
    "code_themes": ("pilot_lead", "participation_worker"),
    "manage_codebook": ("pilot_lead",),
    "run_live_sessions": ("pilot_lead", "participation_worker"),
    "view_pilot_dashboard": ("admin", "pilot_lead"),
    "manage_pilot_measures": ("pilot_lead",),
}


def can(permission: str, user=None) -> bool:
    user = user or current_user
    return bool(user and user.is_authenticated and user.role in PERMISSIONS[permission])


def requires(permission: str):
    """Sign-in required, then the permission; anything else is a 403."""
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission '{permission}'")

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not can(permission):
                abort(403)
            return view(*args, **kwargs)

        protected = login_required(guarded)
        protected.required_permission = permission
        return protected

    return decorate
