"""Anonymous responses and their answers: no name, e-mail or IP address is ever stored."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.consultations import Consultation
from app.models.setup import Group
from app.models.types import UTCDateTime, utcnow

MODES = ("self", "live", "tablet", "paper")


class Response(db.Model):
    __tablename__ = "responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id"))
    live_session_id: Mapped[int | None] = mapped_column(ForeignKey("live_sessions.id"), index=True)
    language: Mapped[str] = mapped_column(String(16), default="en")
    age_band: Mapped[str | None] = mapped_column(String(16))
    mode: Mapped[str] = mapped_column(String(16), default="self")
    # Only a hash of the resume token is kept: the token itself lives in the respondent's cookie.
    resume_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    consultation: Mapped[Consultation] = relationship()
    group: Mapped[Group | None] = relationship()
    answers: Mapped[list["Answer"]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Answer(db.Model):
    """One question's answer, stored by survey id, version and question id, never by position."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("response_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id"), index=True)
    survey_id: Mapped[str] = mapped_column(String(100))
    survey_version: Mapped[int]
    question_id: Mapped[str] = mapped_column(String(100))
    # str for single choices and text, list[str] for multi and places, int for numbers.
    value: Mapped[object | None] = mapped_column(JSON)
    is_skipped: Mapped[bool] = mapped_column(default=False)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    response: Mapped[Response] = relationship(back_populates="answers")
