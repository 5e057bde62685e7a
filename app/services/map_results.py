"""Map answers as people read them: the big screen's heat map, staff pages and export cells.

A stored map answer is ``{"pins": [{"x", "y", "feeling"}], "places": {slug: feeling}}`` (see
``app/questionnaire/map_answer.py``). The grid counting is ``analysis.heatmap``; this module only
shapes the answers its callers have read (``live.results`` for the big screen).
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from analysis.heatmap import Heatmap, Pin, heatmap
from app.questionnaire.map_answer import FEELING_LABELS, PIN_FEELINGS, PLACE_FEELINGS
from app.questionnaire.schema import Question
from app.services.place_maps import spot_choices


@dataclass(frozen=True)
class PlaceCount:
    """One named place on the big screen; counts is None while too few people named it."""

    slug: str
    name: str
    counts: dict[str, int] | None


@dataclass(frozen=True)
class LiveMap:
    """One map question on the big screen: its place (slug), the heat map of every pin, and the
    named places' counts, each shown once ``min_people`` people named it."""

    place: str | None
    heatmap: Heatmap
    places: tuple[PlaceCount, ...]
    min_people: int


def pins_of(values: Iterable[object]) -> list[Pin]:
    """Every well-formed pin of these stored values (anything else is ignored, never fatal)."""
    stored = [p for v in values if isinstance(v, dict) for p in v.get("pins") or []]
    return [Pin(float(p["x"]), float(p["y"]), p["feeling"]) for p in stored if _is_pin(p)]


def _is_pin(pin: object) -> bool:
    if not isinstance(pin, dict) or pin.get("feeling") not in PIN_FEELINGS:
        return False
    x, y = pin.get("x"), pin.get("y")
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (x, y))
    return numbers and 0 <= x <= 1 and 0 <= y <= 1


def place_counts(
    values: list[object], spots: list[tuple[str, str]], min_people: int
) -> tuple[PlaceCount, ...]:
    """Safe / unsafe / not sure per named place, each shown once ``min_people`` people named it."""
    tally: Counter = Counter()
    for value in values:
        places = value.get("places", {}) if isinstance(value, dict) else {}
        tally.update((slug, feeling) for slug, feeling in places.items())
    result = []
    for slug, name in spots:
        counts = {feeling: tally[slug, feeling] for feeling in PLACE_FEELINGS}
        enough = sum(counts.values()) >= min_people
        result.append(PlaceCount(slug, name, counts if enough else None))
    return tuple(result)


def live_map(
    question: Question, values: list[object], spots: list[tuple[str, str]], min_people: int
) -> LiveMap:
    """The big screen's view of one map question, from its stored answers (skips left out) and
    the named places (slug, name) of its place."""
    counts = place_counts(values, spots, min_people)
    return LiveMap(question.place, heatmap(pins_of(values)), counts, min_people)


def readable(value: object, names: dict[str, str] | None = None) -> str:
    """One cell: '2 unsafe pins; 1 safe pin; Park: unsafe', in survey order of the places."""
    if not isinstance(value, dict):
        return ""
    names = names or {}
    pins = Counter(pin.feeling for pin in pins_of([value]))
    parts = [_pin_words(pins[feeling], feeling) for feeling in ("unsafe", "safe") if pins[feeling]]
    for slug, feeling in (value.get("places") or {}).items():
        label = FEELING_LABELS.get(feeling, str(feeling)).lower()
        parts.append(f"{names.get(slug, slug)}: {label}")
    return "; ".join(parts)


def _pin_words(count: int, feeling: str) -> str:
    return f"{count} {feeling} pin" + ("" if count == 1 else "s")


def summary_choices(question: Question) -> list[tuple[str, str]]:
    """(key, English label) rows that a map question has in the summary export."""
    rows = [(f"pins:{feeling}", f"{feeling.capitalize()} pins") for feeling in ("unsafe", "safe")]
    for slug, name in spot_choices(question.place):
        rows += [(f"{slug}:{f}", f"{name}: {FEELING_LABELS[f].lower()}") for f in PLACE_FEELINGS]
    return rows


def summary_keys(value: object) -> list[str]:
    """The summary keys one stored answer counts towards (one per pin, one per named place)."""
    keys = [f"pins:{pin.feeling}" for pin in pins_of([value])]
    places = value.get("places", {}) if isinstance(value, dict) else {}
    return keys + [f"{slug}:{feeling}" for slug, feeling in places.items()]
