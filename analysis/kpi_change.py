"""Change in the KPI between waves: a pooled two-proportion z-test, read out in plain words.

Comparisons stay inside one series (one question, group, place and time of day, on one basis);
anything else raises ValueError rather than give a number that means nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from analysis.kpi_figure import KpiFigure
from analysis.kpi_stats import MINIMUM_BASE_TO_COMPARE, TOO_FEW, two_proportion_test, verdict
from analysis.kpi_tally import KpiKey

Comparison = Literal["baseline", "previous wave"]


@dataclass(frozen=True)
class Change:
    """How a figure moved between two waves, in numbers and in plain words."""

    key: KpiKey
    from_wave: int | None
    to_wave: int | None
    compared_with: Comparison
    difference: float | None
    z: float | None
    p_value: float | None
    verdict: str


def compare(
    earlier: KpiFigure,
    later: KpiFigure,
    compared_with: Comparison = "previous wave",
) -> Change:
    """Test whether the share moved from ``earlier`` to ``later`` by more than chance.

    Works for single waves and for rolling pools, as long as the two do not share a wave.
    """
    _require_same_series([earlier, later])
    _require_separate_waves_in_order(earlier, later)
    if not (_can_compare(earlier) and _can_compare(later)):
        return _too_few(later, earlier.key.wave, compared_with)
    test = two_proportion_test(*_successes_and_base(later), *_successes_and_base(earlier))
    return Change(
        key=later.key.series(),
        from_wave=earlier.key.wave,
        to_wave=later.key.wave,
        compared_with=compared_with,
        difference=test.difference,
        z=test.z,
        p_value=test.p_value,
        verdict=verdict(test.difference, test.p_value),
    )


def changes(series: Iterable[KpiFigure], baseline_wave: int) -> list[Change]:
    """Change from the baseline and from the previous wave for each wave after the baseline.

    ``series`` is one question's figures for one group/place/time of day, one per wave. A wave
    with no figure counts as too few answers. For the previous wave the comparison is only given
    when that wave is not the baseline itself.
    """
    figures = list(series)
    _require_same_series(figures)
    by_wave = {figure.key.wave: figure for figure in figures}
    if None in by_wave or len(by_wave) != len(figures):
        raise ValueError("changes needs one figure per wave, split by wave.")
    found = []
    for wave, figure in sorted(by_wave.items()):
        if wave <= baseline_wave:
            continue
        found.append(_compare_or_missing(by_wave, baseline_wave, figure, "baseline"))
        if wave - 1 != baseline_wave:
            found.append(_compare_or_missing(by_wave, wave - 1, figure, "previous wave"))
    return found


def _compare_or_missing(
    by_wave: Mapping[int, KpiFigure], from_wave: int, later: KpiFigure, compared_with: Comparison
) -> Change:
    earlier = by_wave.get(from_wave)
    if earlier is None:
        return _too_few(later, from_wave, compared_with)
    return compare(earlier, later, compared_with)


def _too_few(later: KpiFigure, from_wave: int | None, compared_with: Comparison) -> Change:
    return Change(
        key=later.key.series(),
        from_wave=from_wave,
        to_wave=later.key.wave,
        compared_with=compared_with,
        difference=None,
        z=None,
        p_value=None,
        verdict=TOO_FEW,
    )


def _require_separate_waves_in_order(earlier: KpiFigure, later: KpiFigure) -> None:
    if not (earlier.waves and later.waves):
        raise ValueError("Changes need figures split by wave: count them with by=('wave', ...).")
    if set(earlier.waves) & set(later.waves):
        raise ValueError(
            f"Figures for waves {earlier.waves} and {later.waves} share answers, so a test "
            "between them would be wrong; compare windows that do not overlap."
        )
    if max(earlier.waves) > min(later.waves):
        raise ValueError(f"Waves {earlier.waves} do not come before waves {later.waves}.")


def _can_compare(figure: KpiFigure) -> bool:
    # Heavy weighting can leave 10 people worth fewer than 10 equal answers; the normal
    # approximation behind the z-test needs the effective base, not just the head count.
    return (
        not figure.suppressed
        and figure.n is not None
        and figure.n >= MINIMUM_BASE_TO_COMPARE
        and (figure.effective_n or 0) >= MINIMUM_BASE_TO_COMPARE
    )


def _successes_and_base(figure: KpiFigure) -> tuple[float, float]:
    if figure.basis == "participants":
        return float(figure.positive), float(figure.n)
    return min(figure.share * figure.effective_n, figure.effective_n), figure.effective_n


def _require_same_series(figures: Sequence[KpiFigure]) -> None:
    scales = {(figure.key.construct, figure.key.question_key) for figure in figures}
    if len(scales) > 1:
        raise ValueError(
            f"Refusing to compare different questions {sorted(scales)}: different wordings or "
            "scales are parallel series, never pooled or tested against each other."
        )
    if len({figure.key.series() for figure in figures}) > 1:
        raise ValueError("Changes are only measured within one group, place and time of day.")
    if len({figure.basis for figure in figures}) > 1:
        raise ValueError("Cannot compare a weighted estimate with an unweighted figure.")
