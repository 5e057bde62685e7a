"""A published KPI figure: exact counts made safe to show, with a 95% interval and its basis.

``publish`` is the one gate between a ``KpiTally`` (exact counts, never shown) and a
``KpiFigure``: it applies the suppression rule described in ``analysis.kpi``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from analysis.kpi_stats import suppress_small, wilson_interval
from analysis.kpi_tally import NON_SUBSTANTIVE_VALUES, KpiKey, KpiTally

Basis = Literal["participants", "weighted"]
BASIS_LABELS = {"participants": "among participants", "weighted": "weighted estimate"}


@dataclass(frozen=True)
class Reference:
    """A comparison line for a chart, e.g. London's figure from the Public Attitude Survey."""

    share: float
    label: str
    source: str

    def __post_init__(self) -> None:
        if not 0 <= self.share <= 1:
            raise ValueError(f"A reference share is between 0 and 1 (got {self.share}).")


@dataclass(frozen=True)
class KpiFigure:
    """One published KPI figure. Counts, share and interval are None when suppressed."""

    key: KpiKey
    waves: tuple[int, ...]
    non_substantive: dict[str, int | None] = field(hash=False)
    suppressed: bool
    basis: Basis
    n: int | None = None
    positive: int | None = None
    share: float | None = None
    low: float | None = None
    high: float | None = None
    effective_n: float | None = None
    reference: Reference | None = None

    @property
    def basis_label(self) -> str:
        """Words to print beside the figure: "among participants" or "weighted estimate"."""
        return BASIS_LABELS[self.basis]


def publish(tally: KpiTally, reference: Reference | None = None) -> KpiFigure:
    """Turn exact counts into a figure that is safe to show, applying the suppression rule."""
    hidden = KpiFigure(
        key=tally.key,
        waves=tally.waves,
        non_substantive={v: suppress_small(tally.count(v)) for v in NON_SUBSTANTIVE_VALUES},
        suppressed=True,
        basis="weighted" if tally.is_weighted else "participants",
        reference=reference,
    )
    if suppress_small(tally.n) is None or tally.share is None:
        return hidden
    share, effective_n = tally.share, tally.effective_n
    low, high = wilson_interval(min(share * effective_n, effective_n), effective_n)
    return replace(
        hidden,
        suppressed=False,
        n=tally.n,
        positive=tally.positive,
        share=share,
        low=low,
        high=high,
        effective_n=effective_n,
    )
