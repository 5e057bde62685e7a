"""The audit log, newest first, for administrators."""

from flask import render_template, request
from sqlalchemy import select

from app.admin import blueprint
from app.extensions import db
from app.models import AuditEvent, User
from app.permissions import requires
from app.services import audit


@blueprint.get("/audit-log")
@requires("view_audit_log")
def audit_log():
    action = request.args.get("action", "")[:64] or None
    events = audit.recent(limit=500, action=action)
    user_ids = {e.user_id for e in events if e.user_id}
    rows = db.session.execute(select(User.id, User.email).where(User.id.in_(user_ids))).all()
    emails = {row.id: row.email for row in rows}
    actions = sorted(db.session.scalars(select(AuditEvent.action).distinct()))
    return render_template(
        "admin/audit_log.html", events=events, emails=emails, actions=actions, action=action or ""
    )
