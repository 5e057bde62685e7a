"""Parsing a 'map' question's answer: pins dropped on the place's image, and named places.

With JavaScript the page sends ``pins``, a JSON list of ``{"x", "y", "feeling"}`` with x and y
in 0..1 of the image (from its top-left corner) and feeling "safe" or "unsafe". With or without
it, each named place of the map's place (its spots) may be sent as ``place-<slug>`` with "safe",
"unsafe" or "not_sure". The stored value is ``{"pins": [...], "places": {slug: feeling}}``;
nothing given at all is a skipped question, as for free text.

Everything is checked strictly: a tampered or broken request gets a message, never a 500, and
what was saved before stays as it was.
"""

import json
import math

from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.datastructures import MultiDict

from app.questionnaire.types import N_, AnswerError

MAX_PINS = 20
PIN_FEELINGS = ("safe", "unsafe")
PLACE_FEELINGS = ("safe", "unsafe", "not_sure")
FEELING_LABELS = {"safe": N_("Safe"), "unsafe": N_("Unsafe"), "not_sure": N_("Not sure")}
PLACE_FIELD_PREFIX = "place-"
# A generous bound on the JSON of MAX_PINS pins, so that a huge field is refused before parsing.
MAX_PINS_JSON = 4000
DECIMALS = 4


def parse_map(form: MultiDict, spot_slugs: list[str]) -> dict | None:
    """The value to store, None when nothing was given; raises AnswerError with a message."""
    pins = _parse_pins(form.getlist("pins"))
    places = _parse_places(form, spot_slugs)
    if not pins and not places:
        return None
    return {"pins": pins, "places": places}


def _parse_pins(raw_values: list[str]) -> list[dict]:
    if len(raw_values) > 1:
        raise AnswerError(_("The pins on the map could not be read. Please try again."))
    raw = (raw_values[0] if raw_values else "").strip()
    if not raw:
        return []
    if len(raw) > MAX_PINS_JSON:
        raise _too_many(MAX_PINS + 1)
    try:
        pins = json.loads(raw)
    except ValueError:
        raise AnswerError(_("The pins on the map could not be read. Please try again.")) from None
    if not isinstance(pins, list):
        raise AnswerError(_("The pins on the map could not be read. Please try again."))
    if len(pins) > MAX_PINS:
        raise _too_many(len(pins))
    return [_parse_pin(pin) for pin in pins]


def _too_many(count: int) -> AnswerError:
    return AnswerError(
        ngettext(
            "You can drop up to %(limit)d pins. Please remove %(over)d pin.",
            "You can drop up to %(limit)d pins. Please remove %(over)d pins.",
            count - MAX_PINS,
            limit=MAX_PINS,
            over=count - MAX_PINS,
        )
    )


def _parse_pin(pin: object) -> dict:
    if not isinstance(pin, dict) or set(pin) != {"x", "y", "feeling"}:
        raise AnswerError(_("The pins on the map could not be read. Please try again."))
    if pin["feeling"] not in PIN_FEELINGS:
        raise AnswerError(_("Each pin must be marked safe or unsafe. Please try again."))
    return {"x": _coordinate(pin["x"]), "y": _coordinate(pin["y"]), "feeling": pin["feeling"]}


def _coordinate(value: object) -> float:
    # bool is an int in Python; JSON true must not become a position
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise AnswerError(_("The pins on the map could not be read. Please try again."))
    if not 0 <= value <= 1:
        raise AnswerError(_("A pin is outside the map. Please remove it and drop it again."))
    return round(float(value), DECIMALS)


def _parse_places(form: MultiDict, spot_slugs: list[str]) -> dict[str, str]:
    known = set(spot_slugs)
    places: dict[str, str] = {}
    for key in form:
        if not key.startswith(PLACE_FIELD_PREFIX):
            continue
        slug, values = key[len(PLACE_FIELD_PREFIX) :], form.getlist(key)
        if slug not in known or len(values) > 1 or values[0] not in ("", *PLACE_FEELINGS):
            raise AnswerError(_("That answer is not one of the choices. Please choose again."))
        if values[0]:
            places[slug] = values[0]
    # in the order the places are listed, so that the stored value reads like the page
    return {slug: places[slug] for slug in spot_slugs if slug in places}
