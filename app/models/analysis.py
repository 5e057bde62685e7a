"""What the app learns from free-text answers: analysis, themes, safeguarding flags, alerts.

Every row points at the answer it is about; the original words stay on the answer and are shown
only where the viewer may see them (the safeguarding lead), redacted everywhere else.
"""

from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.responses import Answer
from app.models.types import UTCDateTime, utcnow

FLAG_OUTCOMES = ("no_concern", "discussed_with_worker", "referral_front_door", "police")
THEME_SOURCES = ("auto", "human", "model")
THEME_DECISIONS = ("suggested", "accepted", "rejected")


class AnswerAnalysis(db.Model):
    """The offline analysis of one free-text answer, and a worker's English translation."""

    __tablename__ = "answer_analyses"

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(
        ForeignKey("answers.id", ondelete="CASCADE"), unique=True
    )
    language: Mapped[str] = mapped_column(String(16), default="unknown")
    stance: Mapped[str] = mapped_column(String(32), default="no_stance")
    sentiment: Mapped[float] = mapped_column(Float, default=0.0)
    noun_phrases: Mapped[list] = mapped_column(JSON, default=list)
    needs_translation: Mapped[bool] = mapped_column(default=False)
    translation: Mapped[str | None] = mapped_column(Text)
    translated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    redacted_text: Mapped[str] = mapped_column(Text, default="")
    codebook_version: Mapped[int] = mapped_column(default=1)
    analysed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    answer: Mapped[Answer] = relationship()


class AnswerTheme(db.Model):
    """A theme suggested for or decided on an answer. Suggestions never overwrite a human."""

    __tablename__ = "answer_themes"
    __table_args__ = (UniqueConstraint("answer_id", "theme_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"), index=True)
    theme_id: Mapped[str] = mapped_column(String(64), index=True)
    source: Mapped[str] = mapped_column(String(16), default="auto")
    decision: Mapped[str] = mapped_column(String(16), default="suggested")
    confidence: Mapped[float | None] = mapped_column(Float)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    answer: Mapped[Answer] = relationship()


class SafeguardingFlag(db.Model):
    """An answer that may disclose harm, waiting for (or reviewed by) a safeguarding lead."""

    __tablename__ = "safeguarding_flags"

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(
        ForeignKey("answers.id", ondelete="CASCADE"), unique=True
    )
    response_id: Mapped[int] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), index=True
    )
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    severity: Mapped[str] = mapped_column(String(16))  # high | medium | unscreened
    categories: Mapped[list] = mapped_column(JSON, default=list)
    matched_terms: Mapped[list] = mapped_column(JSON, default=list)
    # Every wording the answer had while flagged, oldest first, so a child rewriting or clearing
    # a disclosure never hides what the lead must read.
    texts: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")
    needs_human_reading: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(16), default="new", index=True)
    outcome: Mapped[str | None] = mapped_column(String(32))
    notes: Mapped[str] = mapped_column(Text, default="")
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    alerted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    answer: Mapped[Answer] = relationship()


class OutboxEmail(db.Model):
    """E-mails the app sends; in demo and tests they stay here and an admin page shows them."""

    __tablename__ = "outbox_emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    to: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str] = mapped_column(Text, default="")
