"""What the pilot lead records beside the survey answers: other measures, place assessments,
reference figures, each review point's narrative, and "You said, we did"."""

from datetime import datetime

from sqlalchemy import Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.consultations import Consultation
from app.models.setup import Place, Wave
from app.models.types import UTCDateTime, utcnow

PILOT_MEASURES = (
    "children_supported_stronger_families",
    "efh_incidents_number",
    "efh_incidents_high_severity",
    "efh_incidents_repeat",
    "awareness_reach",
)


class PilotMeasure(db.Model):
    """One of the strategy's other pilot measures, entered per wave."""

    __tablename__ = "pilot_measures"
    __table_args__ = (UniqueConstraint("wave_id", "measure"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("waves.id"), index=True)
    measure: Mapped[str] = mapped_column(String(64))
    value: Mapped[float] = mapped_column(Float)
    notes: Mapped[str] = mapped_column(Text, default="")
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    wave: Mapped[Wave] = relationship()


class PlaceAssessment(db.Model):
    """The context-weighting table: vulnerability, risk, resilience and resource for a place."""

    __tablename__ = "place_assessments"
    __table_args__ = (UniqueConstraint("place_id", "wave_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    wave_id: Mapped[int | None] = mapped_column(ForeignKey("waves.id"))
    vulnerability: Mapped[int | None]
    risk: Mapped[int | None]
    resilience: Mapped[int | None]
    resource: Mapped[int | None]
    notes: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    place: Mapped[Place] = relationship()


REFERENCE_KINDS = ("reference", "target")


class KpiReference(db.Model):
    """A line to draw beside the pilot's KPI: a national or London figure with where it comes
    from (kind "reference"), or the share the partnership aims for (kind "target")."""

    __tablename__ = "kpi_references"

    id: Mapped[int] = mapped_column(primary_key=True)
    construct: Mapped[str] = mapped_column(String(100), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="reference", server_default="reference")
    share: Mapped[float] = mapped_column(Float)
    label: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WaveReport(db.Model):
    """The pilot lead's narrative for a review point, printed in the board report."""

    __tablename__ = "wave_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("waves.id"), unique=True)
    narrative: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    wave: Mapped[Wave] = relationship()


class YouSaidWeDid(db.Model):
    """What people said and what changed, published on a public page for a consultation."""

    __tablename__ = "you_said_we_did"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), unique=True)
    you_said: Mapped[str] = mapped_column(Text, default="")
    we_did: Mapped[str] = mapped_column(Text, default="")
    child_friendly: Mapped[str] = mapped_column(Text, default="")
    is_published: Mapped[bool] = mapped_column(default=False)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    consultation: Mapped[Consultation] = relationship()
