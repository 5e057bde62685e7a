"""Live group sessions: a worker runs a consultation with a room of young people on their phones."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.consultations import Consultation
from app.models.types import UTCDateTime, utcnow

PACING = ("worker", "self")
LIVE_STATES = ("waiting", "running", "paused", "ended")


class LiveSession(db.Model):
    __tablename__ = "live_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Short and easy to read aloud: no 0/O or 1/I.
    code: Mapped[str] = mapped_column(String(8), unique=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    worker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    pacing: Mapped[str] = mapped_column(String(16), default="worker")
    state: Mapped[str] = mapped_column(String(16), default="waiting")
    is_tablet: Mapped[bool] = mapped_column(default=False)
    current_question_id: Mapped[str | None] = mapped_column(String(100))
    # Bumped on every change the phones and the presenter must see (ETags, polling).
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    consultation: Mapped[Consultation] = relationship()


class LiveShownAnswer(db.Model):
    """A free-text answer the worker chose to show on the big screen (redacted, never flagged)."""

    __tablename__ = "live_shown_answers"
    __table_args__ = (UniqueConstraint("live_session_id", "answer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    live_session_id: Mapped[int] = mapped_column(
        ForeignKey("live_sessions.id", ondelete="CASCADE"), index=True
    )
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"))
    shown_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    shown_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    is_hidden: Mapped[bool] = mapped_column(default=False)
