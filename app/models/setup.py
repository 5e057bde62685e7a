"""Who is asked, where and when: respondent groups, places and 3-monthly waves."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import UTCDateTime, utcnow

GROUP_KINDS = ("young_people", "residents", "businesses", "support_services")


class Group(db.Model):
    """A respondent group such as Talkers or Residents; groups are data, not code."""

    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    # The words a respondent sees when asked which group describes them.
    public_label: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(32), default="young_people")
    min_age: Mapped[int | None]
    max_age: Mapped[int | None]


class Place(db.Model):
    """The pilot locality (no parent) or one of its named spots (parent = the locality)."""

    __tablename__ = "places"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    position: Mapped[int] = mapped_column(default=0)

    parent: Mapped["Place | None"] = relationship(remote_side=[id], back_populates="spots")
    spots: Mapped[list["Place"]] = relationship(back_populates="parent", order_by="Place.position")


class Wave(db.Model):
    """A review point of the pilot: the baseline, then every 3 months."""

    __tablename__ = "waves"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(unique=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date]

    @property
    def is_baseline(self) -> bool:
        return self.position == 0


class PlaceMap(db.Model):
    """The image of a place that map questions show: uploaded by an admin, served by us, so no
    map tiles are ever fetched from outside."""

    __tablename__ = "place_maps"

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id", ondelete="CASCADE"), unique=True)
    # Up to 3 MB: loaded only when read (the image routes); pages use the digest below.
    image: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    # The SHA-256 of the image in hex, stored by place_maps.save_map: the ETag and the ?v= of
    # the image's address, so that no page reads the image to name its version.
    image_sha256: Mapped[str] = mapped_column(String(64))
    content_type: Mapped[str] = mapped_column(String(32))
    width: Mapped[int]
    height: Mapped[int]
    # Words describing the map for people who cannot see it.
    alt_text: Mapped[str] = mapped_column(Text, default="")
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    place: Mapped[Place] = relationship()


class PopulationSize(db.Model):
    """How many people a respondent group stands for in the pilot place, with its source: the
    weights that turn "among participants" figures into population estimates."""

    __tablename__ = "population_sizes"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), unique=True)
    population: Mapped[int]
    source: Mapped[str] = mapped_column(Text)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    group: Mapped[Group] = relationship()
