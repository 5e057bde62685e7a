"""A weighted population estimate of the KPI share by post-stratification on respondent group.

Participants are not a random sample of the pilot place: children may answer in far greater
numbers than residents do. When the pilot lead enters how many people each respondent group
stands for (its population N_g, with a source), each group's share p_g = k_g / n_g is weighted by
the group's share of the population, W_g = N_g / sum(N):

* estimate = sum(W_g * p_g)
* variance = sum(W_g^2 * p_g * (1 - p_g) / n_g)   (within-group sampling; no finite population
  correction, which would only narrow the interval when a group is nearly all surveyed)
* design effect = variance / (p * (1 - p) / n), with n = sum(n_g): how much the weighting widens
  (over 1) or narrows (under 1) the interval compared with the same n unweighted;
* the 95% interval is Wilson's on the effective sample size n / design effect, so that it stays
  inside 0-100% and never collapses to a point. When the variance is 0 (every group answered all
  one way) the design effect cannot be estimated and the plain n is used.

No estimate is given, with the reason, when a group has no population size, when a group has no
substantive answers (n_g = 0: its share is unknown, and leaving it out would silently re-weight
the rest), or when a group has under 10 (its share could be worked back from the estimate and the
published figures, so the suppression rule applies to every group, not only to the total).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from analysis.kpi_stats import suppress_small, wilson_interval

NO_POPULATION = "no population size for a group"
NO_ANSWERS = "no answers from a group"
SMALL_GROUP = "fewer than 10 answers from a group"
NO_GROUPS = "no groups"


@dataclass(frozen=True)
class Stratum:
    """One respondent group: its population (None if not entered) and its substantive answers."""

    name: str
    population: int | None
    n: int
    positive: int

    def __post_init__(self) -> None:
        if self.n < 0 or not 0 <= self.positive <= self.n:
            raise ValueError(f"Need 0 <= positive <= n (got {self.positive} of {self.n}).")
        if self.population is not None and self.population <= 0:
            raise ValueError(f"A population is 1 or more (got {self.population}).")


@dataclass(frozen=True)
class PopulationEstimate:
    """A post-stratified share, or None with ``reason`` (and ``groups``) saying why not."""

    share: float | None = None
    low: float | None = None
    high: float | None = None
    standard_error: float | None = None
    design_effect: float | None = None
    n: int | None = None
    weights: tuple[tuple[str, float], ...] = ()
    reason: str | None = None
    groups: tuple[str, ...] = ()


def post_stratified(strata: Iterable[Stratum]) -> PopulationEstimate:
    """The weighted population estimate over the given groups (see the module docstring)."""
    strata = list(strata)
    if not strata:
        return PopulationEstimate(reason=NO_GROUPS)
    for reason, failing in (
        (NO_POPULATION, [s.name for s in strata if s.population is None]),
        (NO_ANSWERS, [s.name for s in strata if s.n == 0]),
        (SMALL_GROUP, [s.name for s in strata if suppress_small(s.n) is None]),
    ):
        if failing:
            return PopulationEstimate(reason=reason, groups=tuple(failing))
    total = sum(s.population for s in strata)
    weights = [(s, s.population / total) for s in strata]
    share = sum(w * s.positive / s.n for s, w in weights)
    variance = sum(w * w * _p(s) * (1 - _p(s)) / s.n for s, w in weights)
    n = sum(s.n for s in strata)
    design_effect = variance / (share * (1 - share) / n) if variance > 0 else None
    effective_n = n / design_effect if design_effect else n
    low, high = wilson_interval(min(share * effective_n, effective_n), effective_n)
    return PopulationEstimate(
        share=share,
        low=min(low, share),
        high=max(high, share),
        standard_error=math.sqrt(variance),
        design_effect=design_effect,
        n=n,
        weights=tuple((s.name, w) for s, w in weights),
    )


def _p(stratum: Stratum) -> float:
    return stratum.positive / stratum.n
