"""Shared by the map-question tests: real images made with Pillow, and a place with a map."""

import io

from PIL import Image

from app.extensions import db
from app.models import PlaceMap
from app.services.place_maps import digest_of
from tests.factories import create_consultation, create_place


def image_bytes(kind: str = "PNG", size=(400, 300), colour=(200, 220, 200)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=kind)
    return buffer.getvalue()


def map_consultation(
    with_map: bool = True, slug: str = "map-consultation", spots=("Bus station", "Park")
):
    """An open consultation of the 'map-places' test survey about 'hayes' (by default a bus
    station and a park), with a 400×300 PNG map unless ``with_map`` is False."""
    place = create_place(slug="hayes", spots=spots)
    if with_map:
        image = image_bytes()
        db.session.add(
            PlaceMap(
                place_id=place.id,
                image=image,
                image_sha256=digest_of(image),
                content_type="image/png",
                width=400,
                height=300,
                alt_text="Hayes: the high street runs left to right, the park is at the top.",
            )
        )
        db.session.commit()
    return create_consultation(slug=slug, survey_id="map-places", place=place)
