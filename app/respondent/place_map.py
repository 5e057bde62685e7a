"""A place's uploaded map image, served by us to the pages of a consultation that asks about it.

The address names the consultation and the place; it answers only when the consultation's survey
has a map question about that place and an admin has uploaded its map, so the route cannot be
used to read other stored images. The URL carries the image's hash (``?v=``), so browsers may
keep it for a day and still see a replaced map at once.

The template globals here serve the map partials of the respondent, live phone and presenter pages.
"""

from dataclasses import dataclass

from flask import Response, abort, request, url_for

from app.models import Consultation, PlaceMap
from app.questionnaire.map_answer import FEELING_LABELS, MAX_PINS
from app.respondent import blueprint
from app.services import consultations, place_maps

CACHE_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class MapView:
    """What the map partials need besides the named places (the page's ``choices``): the image's
    size and description (if one is uploaded) and its address; never the image itself."""

    place_map: PlaceMap | None
    url: str
    max_pins: int = MAX_PINS
    # (value, English label) for each named place; labels are translated in the template
    feelings: tuple[tuple[str, str], ...] = tuple(FEELING_LABELS.items())


@blueprint.get("/<slug>/maps/<place_slug>")
def place_map_image(slug: str, place_slug: str):
    consultation = consultations.find_by_slug(slug)
    if consultation is None or not _asks_about(consultation, place_slug):
        abort(404)
    place_map = place_maps.map_of(place_slug)
    if place_map is None:
        abort(404)
    etag = place_maps.etag_of(place_map)
    if request.if_none_match.contains_weak(etag):
        response = Response(status=304)  # the browser has it: the image is not read
    else:
        response = Response(place_map.image, mimetype=place_map.content_type)
    response.set_etag(etag)
    response.cache_control.public = True
    response.cache_control.max_age = CACHE_SECONDS
    return response.make_conditional(request)


def _asks_about(consultation: Consultation, place_slug: str) -> bool:
    survey = consultations.survey_for(consultation)
    return any(q.type == "map" and q.place == place_slug for q in survey.questions)


@blueprint.app_template_global()
def map_view(place_slug: str | None, consultation: Consultation) -> MapView:
    """For the map partials: no image when no map is uploaded (or the place is unknown)."""
    place_map = place_maps.map_of(place_slug)
    url = ""
    if place_map is not None:
        url = url_for(
            "respondent.place_map_image",
            slug=consultation.slug,
            place_slug=place_slug,
            v=place_maps.etag_of(place_map)[:12],
        )
    return MapView(place_map, url)
