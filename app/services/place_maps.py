"""Place maps: the image of a pilot place that 'map' questions show, uploaded by an admin.

The image is stored in the database and served by our own route, so no map tile or anything else
is ever fetched from outside. An upload is accepted only when its bytes really are a PNG, JPEG or
WebP image (Pillow decodes it; the file name and the browser's claimed type are ignored), within
``MAX_BYTES`` and ``MAX_SIDE``; its width and height are read from the image itself.
"""

import hashlib
import io
import warnings
from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError
from sqlalchemy import select
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models import Place, PlaceMap, User
from app.models.types import utcnow
from app.services import audit

MAX_BYTES = 3 * 1024 * 1024
MAX_SIDE = 6000
MAX_ALT_TEXT = 1000
CONTENT_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}


class PlaceMapError(ValueError):
    """The upload cannot be used; the message says why, for the admin who sent it."""


@dataclass(frozen=True)
class CheckedImage:
    content_type: str
    width: int
    height: int


def check_image(data: bytes) -> CheckedImage:
    """The image's type and size, or PlaceMapError with a message an admin can act on."""
    if not data:
        raise PlaceMapError(_("Choose an image file to upload."))
    if len(data) > MAX_BYTES:
        raise PlaceMapError(
            _(
                "The image is %(size)s MB. It can be up to %(limit)d MB: please make it smaller.",
                size=f"{len(data) / 1024 / 1024:.1f}",
                limit=MAX_BYTES // 1024 // 1024,
            )
        )
    try:
        with warnings.catch_warnings():
            # Pillow warns, then refuses, on huge pixel counts; either way it is not our image
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            checked = _decode(data)
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        raise PlaceMapError(_not_an_image()) from None
    if checked is None:
        raise PlaceMapError(_not_an_image())
    if max(checked.width, checked.height) > MAX_SIDE or min(checked.width, checked.height) < 1:
        raise PlaceMapError(
            _("The image can be up to %(limit)d pixels wide and high.", limit=MAX_SIDE)
        )
    return checked


def _decode(data: bytes) -> CheckedImage | None:
    with Image.open(io.BytesIO(data)) as image:
        kind, size = image.format, image.size
        image.verify()  # reads the whole file: a PNG header on something else fails here
    if kind not in CONTENT_TYPES:
        return None
    with Image.open(io.BytesIO(data)) as image:
        image.load()  # verify() does not decode JPEG or WebP data; a full decode does
    return CheckedImage(CONTENT_TYPES[kind], size[0], size[1])


def _not_an_image() -> str:
    return _("That file is not a PNG, JPEG or WebP image. Please choose another file.")


def find_place(slug: str | None) -> Place | None:
    if not slug:
        return None
    return db.session.scalar(select(Place).filter_by(slug=slug))


def map_of(place_slug: str | None) -> PlaceMap | None:
    """The uploaded map of the place with this slug, if there is one; its image (up to
    ``MAX_BYTES``) is read from the database only when ``.image`` is used."""
    if not place_slug:
        return None
    query = select(PlaceMap).join(Place, PlaceMap.place_id == Place.id)
    return db.session.scalar(query.where(Place.slug == place_slug))


def spot_choices(place_slug: str | None) -> list[tuple[str, str]]:
    """The named places (spots) of a place, as (slug, name); none when the place is unknown."""
    return spots_by_place([place_slug]).get(place_slug or "", [])


def spots_by_place(place_slugs: Iterable[str | None]) -> dict[str, list[tuple[str, str]]]:
    """Each place's named places as (slug, name), in their order, read in one query; an unknown
    place, or one without named places, has []."""
    found: dict[str, list[tuple[str, str]]] = {slug: [] for slug in place_slugs if slug}
    if not found:
        return found
    parent = aliased(Place)
    query = (
        select(parent.slug, Place.slug, Place.name)
        .join(parent, Place.parent_id == parent.id)
        .where(parent.slug.in_(list(found)))
        .order_by(Place.position, Place.id)
    )
    for place_slug, slug, name in db.session.execute(query):
        found[place_slug].append((slug, name))
    return found


def save_map(user: User, place: Place, data: bytes, alt_text: str) -> PlaceMap:
    """Add or replace a place's map, after checking the image; audit-logged."""
    checked = check_image(data)
    alt_text = (alt_text or "").strip()
    if not alt_text:
        raise PlaceMapError(_("Describe the map in words for people who cannot see it."))
    if len(alt_text) > MAX_ALT_TEXT:
        raise PlaceMapError(
            _("The description can be up to %(limit)d characters.", limit=MAX_ALT_TEXT)
        )
    place_map = db.session.scalar(select(PlaceMap).filter_by(place_id=place.id))
    if place_map is None:
        place_map = PlaceMap(place_id=place.id)
        db.session.add(place_map)
    place_map.image, place_map.image_sha256 = data, digest_of(data)
    place_map.content_type = checked.content_type
    place_map.width, place_map.height, place_map.alt_text = checked.width, checked.height, alt_text
    place_map.uploaded_by_id, place_map.uploaded_at = user.id, utcnow()
    audit.record("place_map_uploaded", user, target=place.slug, content_type=checked.content_type)
    db.session.commit()
    return place_map


def digest_of(data: bytes) -> str:
    """What ``PlaceMap.image_sha256`` holds for these bytes."""
    return hashlib.sha256(data).hexdigest()


def etag_of(place_map: PlaceMap) -> str:
    """The image's version, from the digest stored with it: the image itself is not read."""
    return place_map.image_sha256[:32]
