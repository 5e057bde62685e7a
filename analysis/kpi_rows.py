"""Tallies from rows already counted elsewhere, typically an SQL ``GROUP BY`` in the app.

The app can count answers in the database and hand over one row per cell and answer value; this
module checks those rows and folds them into the same ``KpiTally`` objects as raw answers give.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from analysis.kpi_tally import DIMENSIONS, SERIES_FIELDS, KpiTally, build_tallies, check_dimensions


def tally_counts(
    rows: Iterable[Mapping[str, object]], by: Iterable[str] | None = None
) -> list[KpiTally]:
    """Tally rows already counted elsewhere (an SQL GROUP BY), one row per cell and value.

    Each row has ``construct``, ``question_key``, ``value``, ``count``, the dimensions to split by
    and, for weighted answers, ``weight_sum`` and ``weight_square_sum`` (sum of weight squared).
    With ``by`` None, rows are split by every dimension the first row carries.
    """
    rows = list(rows)
    if by is None:
        by = [name for name in DIMENSIONS if rows and name in rows[0]]
    dimensions = check_dimensions(by)
    fields = (*SERIES_FIELDS, *dimensions, "value")
    try:
        cells = [tuple(row[field] for field in fields) for row in rows]
        counts = np.array([_whole_count(row["count"]) for row in rows], dtype=np.int64)
    except KeyError as missing:
        raise ValueError(f"Every counts row needs the field {missing}.") from None
    return build_tallies(cells, counts, _row_weights(rows, counts), dimensions)


def _whole_count(count: object) -> int:
    if isinstance(count, bool) or not isinstance(count, int | np.integer) or count < 0:
        raise ValueError(f"A count must be a whole number of answers, 0 or more (got {count!r}).")
    return int(count)


def _row_weights(
    rows: Sequence[Mapping[str, object]], counts: np.ndarray
) -> tuple[np.ndarray, np.ndarray] | None:
    """Weight sums from weighted rows, checked against the counts; None for unweighted rows."""
    weighted = {"weight_sum" in row for row in rows}
    if weighted != {True}:
        if weighted == {True, False}:
            raise ValueError("Either every counts row carries weight_sum or none does.")
        return None
    try:
        sums = np.array([row["weight_sum"] for row in rows], dtype=np.float64)
        squares = np.array([row["weight_square_sum"] for row in rows], dtype=np.float64)
    except KeyError:
        raise ValueError("Weighted counts rows need weight_square_sum as well.") from None
    if not (np.all(np.isfinite(sums)) and np.all(np.isfinite(squares))):
        raise ValueError("Weight sums must be finite numbers.")
    if np.any((sums > 0) != (counts > 0)) or np.any((squares > 0) != (counts > 0)):
        raise ValueError("A weighted row's weight sums must be above 0 exactly when its count is.")
    return sums, squares
