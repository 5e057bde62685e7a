"""Small, exact statistics behind the safety-perception KPI.

Every function here works on plain numbers so it can be checked by hand: the Wilson score
interval for a share, the pooled two-proportion z-test for a change between waves, Kish's
effective sample size for weighted answers, and the one suppression rule for small counts.
The normal distribution comes from ``math.erfc``, so nothing beyond the standard library is needed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z_95 = 1.96
SUPPRESSION_THRESHOLD = 10
SIGNIFICANCE_LEVEL = 0.05
MINIMUM_BASE_TO_COMPARE = 10

HIGHER = "higher, and more than chance"
LOWER = "lower, and more than chance"
NO_CLEAR_CHANGE = "no change we can be sure of"
TOO_FEW = "too few answers to compare"


@dataclass(frozen=True)
class ProportionTest:
    """Result of comparing two shares: ``difference`` is the first share minus the second."""

    difference: float
    z: float
    p_value: float


def suppress_small(count: int, threshold: int = SUPPRESSION_THRESHOLD) -> int | None:
    """Return ``count``, or None when it is under ``threshold`` and must not be shown.

    This is the only place the rule lives, so every figure, table and export agrees on it.
    Zero is suppressed too: a published zero can say as much about a small group as a one.
    """
    if count < 0:
        raise ValueError(f"A count cannot be negative (got {count}).")
    return count if count >= threshold else None


def wilson_interval(k: float, n: float, z: float = Z_95) -> tuple[float, float]:
    """Wilson score interval for ``k`` successes out of ``n``, as (low, high) shares.

    ``k`` and ``n`` may be fractional, as they are for a weighted share times its effective
    sample size. With no answers at all (n = 0) the share could be anything: (0.0, 1.0).
    """
    if n < 0 or k < 0 or k > n:
        raise ValueError(f"Need 0 <= k <= n for an interval (got k={k}, n={n}).")
    if n == 0:
        return (0.0, 1.0)
    share = k / n
    z_squared = z * z
    denominator = 1 + z_squared / n
    centre = (share + z_squared / (2 * n)) / denominator
    half_width = z * math.sqrt(share * (1 - share) / n + z_squared / (4 * n * n)) / denominator
    # At k = 0 or k = n the true end point is exactly 0 or 1; rounding must not move it.
    low = 0.0 if k == 0 else max(0.0, centre - half_width)
    high = 1.0 if k == n else min(1.0, centre + half_width)
    return (low, high)


def normal_two_sided_p_value(z: float) -> float:
    """Chance of a standard normal value at least as far from zero as ``z``, either way."""
    return math.erfc(abs(z) / math.sqrt(2))


def two_proportion_test(k1: float, n1: float, k2: float, n2: float) -> ProportionTest:
    """Pooled two-proportion z-test of k1/n1 against k2/n2.

    The z statistic is positive when the first share is the larger. When both groups answer
    all one way there is no spread to test against, so the result is z = 0 and p = 1.
    """
    for k, n in ((k1, n1), (k2, n2)):
        if n <= 0 or k < 0 or k > n:
            raise ValueError(f"Need 0 <= k <= n and n > 0 to compare (got k={k}, n={n}).")
    share1, share2 = k1 / n1, k2 / n2
    pooled = (k1 + k2) / (n1 + n2)
    standard_error = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if standard_error == 0:
        return ProportionTest(difference=share1 - share2, z=0.0, p_value=1.0)
    z = (share1 - share2) / standard_error
    return ProportionTest(difference=share1 - share2, z=z, p_value=normal_two_sided_p_value(z))


def kish_effective_n(weight_sum: float, weight_square_sum: float) -> float:
    """Kish's effective sample size, (sum of weights)^2 / (sum of squared weights).

    Equal weights give back the number of answers; uneven weights give fewer, which widens the
    interval to match how much the weighting leans on a few people.
    """
    if weight_square_sum <= 0:
        return 0.0
    return weight_sum * weight_sum / weight_square_sum


def verdict(difference: float, p_value: float, alpha: float = SIGNIFICANCE_LEVEL) -> str:
    """Plain-words reading of a change for the board report."""
    if p_value >= alpha or difference == 0:
        return NO_CLEAR_CHANGE
    return HIGHER if difference > 0 else LOWER
