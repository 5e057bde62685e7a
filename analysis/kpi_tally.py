"""Counting safety-perception answers into cells, fast, before anything is published.

A *tally* holds the exact counts for one cell (one question, and optionally one wave, group,
place and time of day). Tallies are never shown to anyone: ``analysis.kpi.publish`` turns them
into figures with small counts suppressed. Keeping the two apart means small groups can still be
pooled over several waves (``rolling_pool``) without a suppressed figure ever being un-hidden.

Answers to questions that share a ``construct`` but not a ``question_key`` (different wording or
answer scale) are always counted as separate series; ``pool_tallies`` refuses to add them up.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from operator import attrgetter

import numpy as np

from analysis.kpi_stats import kish_effective_n

POSITIVE_VALUES = ("very_safe", "fairly_safe")
NEGATIVE_VALUES = ("a_bit_unsafe", "very_unsafe")
SUBSTANTIVE_VALUES = POSITIVE_VALUES + NEGATIVE_VALUES
SKIPPED = "skipped"
NON_SUBSTANTIVE_VALUES = ("not_sure", "dont_know", "never_go_out_alone", "prefer_not_say", SKIPPED)
ANSWER_VALUES = SUBSTANTIVE_VALUES + NON_SUBSTANTIVE_VALUES
DIMENSIONS = ("wave", "group", "place", "time_of_day")
SERIES_FIELDS = ("construct", "question_key")
DEFAULT_BY = ("wave", "group")

_VALUE_INDEX = {value: index for index, value in enumerate(ANSWER_VALUES)}
_POSITIVE_MASK = np.isin(ANSWER_VALUES, POSITIVE_VALUES)
_SUBSTANTIVE_MASK = np.isin(ANSWER_VALUES, SUBSTANTIVE_VALUES)
_weight_of = attrgetter("weight")


@dataclass(frozen=True, slots=True)
class KpiAnswer:
    """One person's answer to one KPI question. ``value`` None or "" means they skipped it.

    ``wave`` numbers the 3-monthly waves in time order (0 is the baseline). ``time_of_day`` comes
    from the question (``after_dark``, ``daytime``), None when it names no time of day. ``weight``
    is 1.0 for an unweighted count of participants.
    """

    value: str | None
    wave: int
    group: str
    place: str
    time_of_day: str | None
    construct: str
    question_key: str
    weight: float = 1.0


@dataclass(frozen=True)
class KpiKey:
    """Which cell a tally or figure describes. None in a dimension means "all of them"."""

    construct: str
    question_key: str
    wave: int | None = None
    group: str | None = None
    place: str | None = None
    time_of_day: str | None = None

    def series(self) -> KpiKey:
        """The same cell across every wave: what a trend line or a rolling pool follows."""
        return replace(self, wave=None)


@dataclass(frozen=True)
class KpiTally:
    """Exact, unsuppressed counts for one cell. Publish it before anyone sees it.

    ``counts`` follows ``ANSWER_VALUES``. The weight sums cover substantive answers only, since
    only they enter the share.
    """

    key: KpiKey
    counts: tuple[int, ...]
    positive_weight: float
    substantive_weight: float
    substantive_weight_squares: float
    is_weighted: bool
    waves: tuple[int, ...]

    @property
    def n(self) -> int:
        """Base: answers that said how safe they feel (Very/Fairly safe, A bit/Very unsafe)."""
        return sum(self.count(value) for value in SUBSTANTIVE_VALUES)

    @property
    def positive(self) -> int:
        return sum(self.count(value) for value in POSITIVE_VALUES)

    @property
    def effective_n(self) -> float:
        return kish_effective_n(self.substantive_weight, self.substantive_weight_squares)

    @property
    def share(self) -> float | None:
        """Share feeling Very or Fairly safe (weighted if weights were given); None if n = 0."""
        if self.substantive_weight == 0:
            return None
        return self.positive_weight / self.substantive_weight

    def count(self, value: str) -> int:
        return self.counts[_VALUE_INDEX[value]]


def check_dimensions(by: Iterable[str]) -> tuple[str, ...]:
    """Validate a ``by`` list; construct and question_key are always kept apart anyway."""
    requested = tuple(dict.fromkeys(by))
    unknown = [name for name in requested if name not in DIMENSIONS + SERIES_FIELDS]
    if unknown:
        raise ValueError(f"Cannot split KPI figures by {unknown}; choose from {list(DIMENSIONS)}.")
    return tuple(name for name in DIMENSIONS if name in requested)


def tally_answers(answers: Iterable[KpiAnswer], by: Iterable[str] = DEFAULT_BY) -> list[KpiTally]:
    """Count answers into one tally per question and per combination of ``by`` dimensions.

    If any answer's weight differs from 1, every tally of the call is a weighted estimate.
    """
    dimensions = check_dimensions(by)
    answers = answers if isinstance(answers, Sequence) else list(answers)
    cell_of = attrgetter(*SERIES_FIELDS, *dimensions, "value")
    weights = np.fromiter(map(_weight_of, answers), dtype=np.float64, count=len(answers))
    _check_weights(weights)
    if np.all(weights == 1.0):
        # Counter hashes the cell tuples in C, much faster than any per-answer Python loop.
        counted = Counter(map(cell_of, answers))
        counts = np.fromiter(counted.values(), dtype=np.int64, count=len(counted))
        return build_tallies(list(counted), counts, None, dimensions)
    return build_tallies(*_weighted_cells(answers, cell_of, weights), dimensions)


def _weighted_cells(answers: Sequence[KpiAnswer], cell_of: attrgetter, weights: np.ndarray):
    """Distinct cells with their answer counts and sums of weights and of squared weights."""
    # One C-level pass: each answer gets the position where its cell first appeared, and those
    # positions (increasing, in first-seen order) then become dense cell numbers via NumPy.
    first_seen: dict[tuple, int] = {}
    positions = map(first_seen.setdefault, map(cell_of, answers), itertools.count())
    first_positions = np.fromiter(positions, dtype=np.intp, count=len(answers))
    cell_starts = np.fromiter(first_seen.values(), dtype=np.intp, count=len(first_seen))
    codes = np.searchsorted(cell_starts, first_positions)
    size = len(first_seen)
    sums = (
        np.bincount(codes, weights=weights, minlength=size),
        np.bincount(codes, weights=weights * weights, minlength=size),
    )
    return list(first_seen), np.bincount(codes, minlength=size), sums


def pool_tallies(tallies: Iterable[KpiTally]) -> KpiTally:
    """Add tallies of one question together, e.g. several waves or several small groups.

    Dimensions on which the tallies differ become None ("all"). Refuses to pool answers given on
    different scales or wordings, or weighted with unweighted answers.
    """
    tallies = list(tallies)
    if not tallies:
        raise ValueError("There is nothing to pool.")
    _require_one_scale(tallies)
    if len({tally.is_weighted for tally in tallies}) > 1:
        raise ValueError("Cannot pool weighted estimates with unweighted counts of participants.")
    return KpiTally(
        key=_shared_key(tallies),
        counts=tuple(int(sum(column)) for column in zip(*(t.counts for t in tallies), strict=True)),
        positive_weight=sum(t.positive_weight for t in tallies),
        substantive_weight=sum(t.substantive_weight for t in tallies),
        substantive_weight_squares=sum(t.substantive_weight_squares for t in tallies),
        is_weighted=tallies[0].is_weighted,
        waves=tuple(sorted({wave for t in tallies for wave in t.waves})),
    )


def _shared_key(tallies: Sequence[KpiTally]) -> KpiKey:
    """Keep each dimension the tallies agree on; where they differ, the pool covers "all"."""
    values = {name: {getattr(t.key, name) for t in tallies} for name in DIMENSIONS}
    shared = {name: (found.pop() if len(found) == 1 else None) for name, found in values.items()}
    return replace(tallies[0].key, **shared)


def _require_one_scale(tallies: Iterable[KpiTally]) -> None:
    questions = sorted({(t.key.construct, t.key.question_key) for t in tallies})
    if len(questions) > 1:
        names = ", ".join(f"{question!r} ({construct})" for construct, question in questions)
        raise ValueError(
            f"Refusing to pool answers to different questions: {names}. Questions that measure "
            "the same construct with different wording or answer scales are parallel series; "
            "report them side by side, never added together."
        )


def _check_weights(weights: np.ndarray) -> None:
    if not np.all(np.isfinite(weights)) or np.any(weights <= 0):
        raise ValueError("Every answer weight must be a finite number greater than zero.")


def _value_code(value: object) -> int:
    value = SKIPPED if value is None or value == "" else value
    try:
        return _VALUE_INDEX[value]
    except (KeyError, TypeError):
        raise ValueError(
            f"Unknown safety answer {value!r}; expected one of {list(ANSWER_VALUES)} or None."
        ) from None


def build_tallies(
    cells: list[tuple],
    counts: np.ndarray,
    weights: tuple[np.ndarray, np.ndarray] | None,
    dimensions: tuple[str, ...],
) -> list[KpiTally]:
    """Fold distinct (question, dimensions..., value) cells into one tally per key, with NumPy.

    ``cells`` may repeat; ``weights`` is (sum of weights, sum of squared weights) per cell, or
    None when every weight is 1.
    """
    distinct_keys = dict.fromkeys(cell[:-1] for cell in cells)
    key_index = {key: index for index, key in enumerate(distinct_keys)}
    rows = np.fromiter((key_index[cell[:-1]] for cell in cells), dtype=np.intp, count=len(cells))
    columns = np.fromiter(
        (_value_code(cell[-1]) for cell in cells), dtype=np.intp, count=len(cells)
    )
    shape = (len(key_index), len(ANSWER_VALUES))
    by_value = np.zeros(shape, dtype=np.int64)
    np.add.at(by_value, (rows, columns), counts)
    weight_sums, square_sums = weights if weights is not None else (counts, counts)
    weight_grid, square_grid = np.zeros(shape), np.zeros(shape)
    np.add.at(weight_grid, (rows, columns), weight_sums)
    np.add.at(square_grid, (rows, columns), square_sums)
    tallies = [
        _tally(key, dimensions, by_value[i], weight_grid[i], square_grid[i], weights is not None)
        for i, key in enumerate(key_index)
    ]
    return sorted(tallies, key=_reading_order)


def _reading_order(tally: KpiTally) -> tuple:
    """Question, then wave, group, place, time of day; "all" (None) before named values."""
    key = tally.key
    values = (key.construct, key.question_key, key.wave, key.group, key.place, key.time_of_day)
    return tuple((value is not None, value) for value in values)


def _tally(key_values, dimensions, counts, weight_row, square_row, is_weighted) -> KpiTally:
    key = KpiKey(**dict(zip(SERIES_FIELDS + dimensions, key_values, strict=True)))
    return KpiTally(
        key=key,
        counts=tuple(int(count) for count in counts),
        positive_weight=float(weight_row[_POSITIVE_MASK].sum()),
        substantive_weight=float(weight_row[_SUBSTANTIVE_MASK].sum()),
        substantive_weight_squares=float(square_row[_SUBSTANTIVE_MASK].sum()),
        is_weighted=is_weighted,
        waves=() if key.wave is None else (key.wave,),
    )
