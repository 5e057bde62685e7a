"""The community-safety KPI: the share who feel Very or Fairly safe, with honest uncertainty.

For each question marked ``kpi: perception_of_safety`` this module publishes, per wave and by
respondent group, place and time of day:

* the base ``n`` (substantive answers: Very/Fairly safe, A bit/Very unsafe), the number feeling
  safe, the share and its 95% Wilson score interval;
* the non-substantive answers (not sure, don't know, never go out alone, prefer not to say,
  skipped) with their own counts, never silently dropped;
* whether the figure is "among participants" or a "weighted estimate" (Kish effective n);
* a weighted population estimate, post-stratified on respondent group with the population sizes
  the pilot lead enters (``post_stratified``, in ``analysis.kpi_population``);
* change from the baseline and from the previous wave (pooled two-proportion z-test) in words.

Suppression rule (``suppress_small``, threshold 10): a figure whose base n is under 10 shows no
share, interval or counts and is marked ``suppressed``. Once the base is 10 or more, the number
feeling safe is shown even if it is under 10, because share times base would give it away
anyway. Each non-substantive count (and each coverage count) is suppressed on its own when it is
under 10, zero included. Secondary suppression is *not* applied: a hidden count can sometimes be
recovered by subtracting published counts from a total or from a neighbouring breakdown, so do
not publish totals beside suppressed cells, and prefer ``rolling_pool`` (or pooling small groups
with ``pool_tallies``) to splitting a small group further.

Reading changes: each test is at the 5% level. Across many groups, places and waves about one
comparison in twenty will read "more than chance" when nothing changed, so lead the board report
with the whole-pilot series and treat a lone significant cell as a question, not a finding.

Import everything from here. Counting lives in ``analysis.kpi_tally`` (``analysis.kpi_rows`` for
pre-counted rows), figures in ``analysis.kpi_figure``, changes in ``analysis.kpi_change``,
population estimates in ``analysis.kpi_population`` and the arithmetic in ``analysis.kpi_stats``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from analysis.kpi_change import Change, changes, compare
from analysis.kpi_figure import KpiFigure, Reference, publish
from analysis.kpi_population import PopulationEstimate, Stratum, post_stratified
from analysis.kpi_rows import tally_counts
from analysis.kpi_stats import (
    HIGHER,
    LOWER,
    NO_CLEAR_CHANGE,
    TOO_FEW,
    ProportionTest,
    kish_effective_n,
    suppress_small,
    two_proportion_test,
    wilson_interval,
)
from analysis.kpi_tally import (
    ANSWER_VALUES,
    DEFAULT_BY,
    NON_SUBSTANTIVE_VALUES,
    POSITIVE_VALUES,
    SUBSTANTIVE_VALUES,
    KpiAnswer,
    KpiKey,
    KpiTally,
    pool_tallies,
    tally_answers,
)

__all__ = [
    "ANSWER_VALUES",
    "NON_SUBSTANTIVE_VALUES",
    "POSITIVE_VALUES",
    "SUBSTANTIVE_VALUES",
    "HIGHER",
    "LOWER",
    "NO_CLEAR_CHANGE",
    "TOO_FEW",
    "Change",
    "Coverage",
    "KpiAnswer",
    "KpiFigure",
    "KpiKey",
    "KpiTally",
    "PopulationEstimate",
    "ProportionTest",
    "Reference",
    "Stratum",
    "changes",
    "compare",
    "coverage",
    "figures_from_counts",
    "kish_effective_n",
    "kpi_figures",
    "pool_tallies",
    "post_stratified",
    "publish",
    "rolling_pool",
    "suppress_small",
    "tally_answers",
    "tally_counts",
    "two_proportion_test",
    "wilson_interval",
]


@dataclass(frozen=True)
class Coverage:
    """Progress towards the target number of responses for one group in one wave."""

    group: str
    wave: int
    count: int | None
    target: int | None
    share_of_target: float | None
    is_met: bool
    suppressed: bool


def kpi_figures(answers: Iterable[KpiAnswer], by: Iterable[str] = DEFAULT_BY) -> list[KpiFigure]:
    """Published figures per question and per combination of ``by`` dimensions.

    ``by`` picks from wave, group, place and time_of_day. Each question_key is its own series,
    even when two questions share a construct.
    """
    return [publish(tally) for tally in tally_answers(answers, by)]


def figures_from_counts(
    rows: Iterable[Mapping[str, object]], by: Iterable[str] | None = None
) -> list[KpiFigure]:
    """Published figures from pre-counted rows; see ``analysis.kpi_rows.tally_counts``."""
    return [publish(tally) for tally in tally_counts(rows, by)]


def rolling_pool(tallies: Iterable[KpiTally], window_waves: int) -> list[KpiFigure]:
    """Pool each series over a rolling window of waves (2 = 6 months, 4 = 12 months).

    Small groups then reach a publishable base without waiting for a single bigger wave. A
    figure is given for every wave that ends a full window, labelled with that wave and listing
    the waves it covers; series with no answers in a window are left out. Weighted answers are
    pooled as given, so each wave's weights should be on the same scale (e.g. each wave weighted
    to the same population total).
    """
    if window_waves < 1:
        raise ValueError(f"A rolling window covers at least 1 wave (got {window_waves}).")
    series = _series_by_wave(tallies)
    waves = [wave for members in series.values() for wave in members]
    if not waves:
        return []
    ends = range(min(waves) + window_waves - 1, max(waves) + 1)
    windows = (
        _pool_window(members, end, window_waves) for members in series.values() for end in ends
    )
    return [figure for figure in windows if figure is not None]


def _pool_window(members: Mapping[int, KpiTally], end: int, window_waves: int) -> KpiFigure | None:
    """One series pooled over the window of waves ending at ``end``; None if it has no answers."""
    window = range(end - window_waves + 1, end + 1)
    inside = [members[wave] for wave in window if wave in members]
    if not inside:
        return None
    pooled = pool_tallies(inside)
    return publish(replace(pooled, key=replace(pooled.key, wave=end), waves=tuple(window)))


def _series_by_wave(tallies: Iterable[KpiTally]) -> dict[KpiKey, dict[int, KpiTally]]:
    series: dict[KpiKey, dict[int, KpiTally]] = {}
    for tally in tallies:
        wave = tally.key.wave
        if not isinstance(wave, int) or len(tally.waves) > 1:
            raise ValueError(
                "rolling_pool needs one tally per wave number: count with by=('wave', ...)."
            )
        members = series.setdefault(tally.key.series(), {})
        if wave in members:
            raise ValueError(f"Two tallies for wave {wave} of {tally.key.series()}.")
        members[wave] = tally
    return series


def coverage(counts: Mapping[tuple[str, int], int], targets: Mapping[str, int]) -> list[Coverage]:
    """Responses so far against the target per group and wave (count keyed by (group, wave)).

    Every group with a target appears in every wave seen, even with no responses yet.
    """
    waves = sorted({wave for _, wave in counts})
    groups = list(dict.fromkeys([*targets, *(group for group, _ in counts)]))
    return [
        _coverage(group, wave, counts.get((group, wave), 0), targets.get(group))
        for wave in waves
        for group in groups
    ]


def _coverage(group: str, wave: int, count: int, target: int | None) -> Coverage:
    shown = suppress_small(count)
    share = shown / target if shown is not None and target else None
    return Coverage(
        group=group,
        wave=wave,
        count=shown,
        target=target,
        share_of_target=share,
        is_met=target is not None and count >= target,
        suppressed=shown is None,
    )
