"""The append-only audit trail: who did what, when. Never holds a respondent's words."""

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, User


def record(action: str, user: User | None = None, target: str = "", **details) -> AuditEvent:
    """Add an event to the current transaction; the caller's commit stores it."""
    event = AuditEvent(
        action=action, user_id=user.id if user else None, target=target, details=details
    )
    db.session.add(event)
    return event


def recent(limit: int = 200, action: str | None = None) -> list[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(db.session.scalars(query))
