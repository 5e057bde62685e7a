"""Survey versions as loaded from files, and consultations that run them."""

from datetime import datetime

from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.setup import Group, Place, Wave
from app.models.types import UTCDateTime, utcnow

STATUSES = ("draft", "open", "closed", "archived")

consultation_groups = Table(
    "consultation_groups",
    db.metadata,
    Column("consultation_id", ForeignKey("consultations.id"), primary_key=True),
    Column("group_id", ForeignKey("groups.id"), primary_key=True),
)


class Survey(db.Model):
    """One version of a survey file; the file's content hash shows when it changed."""

    __tablename__ = "surveys"
    __table_args__ = (UniqueConstraint("survey_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[str] = mapped_column(String(100))
    version: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    content_hash: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Consultation(db.Model):
    """A survey run for some groups, in a place, during a wave."""

    __tablename__ = "consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    survey_pk: Mapped[int] = mapped_column(ForeignKey("surveys.id"))
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    wave_id: Mapped[int | None] = mapped_column(ForeignKey("waves.id"))
    status: Mapped[str] = mapped_column(String(16), default="draft")
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    languages: Mapped[list] = mapped_column(JSON, default=lambda: ["en"])
    help_contact: Mapped[str] = mapped_column(Text, default="")
    # Responses wanted per group in this wave, so that the smallest groups are heard.
    target_per_group: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    survey: Mapped[Survey] = relationship()
    place: Mapped[Place | None] = relationship()
    wave: Mapped[Wave | None] = relationship()
    groups: Mapped[list[Group]] = relationship(secondary=consultation_groups)
