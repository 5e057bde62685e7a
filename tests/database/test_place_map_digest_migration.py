"""The migration that stores each place map's SHA-256 fills it for the maps already uploaded."""

import hashlib

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from sqlalchemy import select

from app.extensions import db
from app.models import PlaceMap
from app.models.types import UTCDateTime, utcnow
from app.services import place_maps
from tests.map_fixtures import image_bytes

BEFORE_DIGEST = "bce6600bb23c"


def test_the_migration_hashes_the_stored_images(unmigrated_app):
    upgrade(revision=BEFORE_DIGEST)
    images = {"hayes": image_bytes(), "yiewsley": image_bytes("JPEG", colour=(1, 2, 3))}
    _store_maps(images)
    upgrade()
    stored = {m.place.slug: m for m in db.session.scalars(select(PlaceMap))}
    assert {slug: m.image_sha256 for slug, m in stored.items()} == {
        slug: hashlib.sha256(data).hexdigest() for slug, data in images.items()
    }
    assert place_maps.etag_of(stored["hayes"]) == hashlib.sha256(images["hayes"]).hexdigest()[:32]
    db.session.remove()
    downgrade(revision=BEFORE_DIGEST)


def _store_maps(images: dict[str, bytes]) -> None:
    """Rows as the schema before the digest had them (the model has the new column already)."""
    places = sa.table("places", *(sa.column(name) for name in ("id", "slug", "name", "position")))
    maps = sa.table(
        "place_maps",
        *(sa.column(name) for name in ("place_id", "content_type", "width", "height")),
        sa.column("alt_text"),
        sa.column("uploaded_at", UTCDateTime),
        sa.column("image", sa.LargeBinary),
    )
    with db.engine.begin() as connection:
        for number, (slug, data) in enumerate(images.items(), start=1):
            place = {"id": number, "slug": slug, "name": slug.title(), "position": 0}
            connection.execute(places.insert().values(**place))
            connection.execute(
                maps.insert().values(
                    place_id=number,
                    image=data,
                    content_type="image/png",
                    width=400,
                    height=300,
                    alt_text="A map",
                    uploaded_at=utcnow(),
                )
            )
