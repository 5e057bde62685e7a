"""Map answers as people read them: the big screen's heat map, staff pages and export cells.

A stored map answer is ``{"pins": [{"x", "y", "feeling"}], "places": {slug: feeling}}`` (see
``app/questionnaire/map_answer.py``). The grid counting is ``analysis.heatmap``; this module only
fetches the answers and shapes them.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from analysis.heatmap import Heatmap, Pin, heatmap
from app.extensions import db
from app.models import Answer, LiveSession, Response
from app.questionnaire.map_answer import FEELING_LABELS, PIN_FEELINGS, PLACE_FEELINGS
from app.questionnaire.schema import Question
from app.services.live import MIN_SHOWN_ANSWERS
from app.services.place_maps import spot_choices


@dataclass(frozen=True)
class PlaceCount:
    """One named place on the big screen; counts is None while too few people named it."""

    slug: str
    name: str
    counts: dict[str, int] | None


@dataclass(frozen=True)
class LiveMap:
    answered: int
    heatmap: Heatmap
    places: tuple[PlaceCount, ...]
    min_people: int = MIN_SHOWN_ANSWERS


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


def place_counts(values: list[object], spots: list[tuple[str, str]]) -> tuple[PlaceCount, ...]:
    """Safe / unsafe / not sure per named place, each shown once enough people named it."""
    tally: Counter = Counter()
    for value in values:
        places = value.get("places", {}) if isinstance(value, dict) else {}
        tally.update((slug, feeling) for slug, feeling in places.items())
    result = []
    for slug, name in spots:
        counts = {feeling: tally[slug, feeling] for feeling in PLACE_FEELINGS}
        enough = sum(counts.values()) >= MIN_SHOWN_ANSWERS
        result.append(PlaceCount(slug, name, counts if enough else None))
    return tuple(result)


def live_map(session: LiveSession, question: Question) -> LiveMap:
    """The big screen's view of one map question in a live session."""
    query = (
        select(Answer.value)
        .join(Response, Answer.response_id == Response.id)
        .where(
            Response.live_session_id == session.id,
            Answer.question_id == question.id,
            Answer.is_skipped.is_(False),
        )
    )
    values = list(db.session.scalars(query))
    spots = spot_choices(question.place)
    return LiveMap(len(values), heatmap(pins_of(values)), place_counts(values, spots))


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
