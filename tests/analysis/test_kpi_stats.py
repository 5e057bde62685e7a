"""Hand-worked checks of the KPI arithmetic: Wilson intervals, z-tests, Kish n, suppression.

Expected values are worked out in the comments with z = 1.96 (so z^2 = 3.8416) and the normal
tail from math.erfc, so a reader can redo every figure with a calculator.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.kpi_stats import (
    HIGHER,
    LOWER,
    NO_CLEAR_CHANGE,
    kish_effective_n,
    normal_two_sided_p_value,
    suppress_small,
    two_proportion_test,
    verdict,
    wilson_interval,
)


def test_wilson_interval_for_7_out_of_10_matches_hand_working():
    # centre = (7 + 3.8416/2) / (10 + 3.8416) = 8.9208 / 13.8416 = 0.64449
    # half   = 1.96 / 13.8416 * sqrt(7*3/10 + 3.8416/4) = 0.141602 * 1.749400 = 0.247722
    low, high = wilson_interval(7, 10)
    assert low == pytest.approx(0.3968, abs=5e-5)
    assert high == pytest.approx(0.8922, abs=5e-5)


def test_wilson_interval_when_everyone_feels_safe_reaches_one_but_not_below_0_72():
    # centre = 11.9208 / 13.8416 = 0.861230; half = 0.141602 * sqrt(0 + 0.9604) = 0.138770
    low, high = wilson_interval(10, 10)
    assert low == pytest.approx(0.72246, abs=5e-5)
    assert high == 1.0


def test_wilson_interval_when_nobody_feels_safe_starts_at_zero():
    # Mirror image of 10/10: (0, 1 - 0.72246).
    low, high = wilson_interval(0, 10)
    assert low == 0.0
    assert high == pytest.approx(0.27754, abs=5e-5)


def test_wilson_interval_with_no_answers_says_the_share_could_be_anything():
    assert wilson_interval(0, 0) == (0.0, 1.0)


def test_wilson_interval_accepts_fractional_weighted_counts():
    # Weighted share 2/3 on an effective n of 18: k = 12.
    # centre = (12 + 1.9208) / 21.8416 = 0.637351; half = 1.96/21.8416 * sqrt(4 + 0.9604) = 0.199862
    low, high = wilson_interval(12.0, 18.0)
    assert (low, high) == pytest.approx((0.43749, 0.83721), abs=5e-5)


@pytest.mark.parametrize(("k", "n"), [(-1, 10), (11, 10), (1, -1)])
def test_wilson_interval_refuses_impossible_counts(k, n):
    with pytest.raises(ValueError, match="0 <= k <= n"):
        wilson_interval(k, n)


@given(n=st.integers(min_value=1, max_value=100_000), data=st.data())
def test_wilson_interval_always_holds_the_observed_share_inside_zero_to_one(n, data):
    k = data.draw(st.integers(min_value=0, max_value=n))
    low, high = wilson_interval(k, n)
    assert 0.0 <= low <= k / n <= high <= 1.0


def test_two_proportion_test_for_60_of_100_against_45_of_100():
    # pooled p = 105/200 = 0.525; se = sqrt(0.525 * 0.475 * (1/100 + 1/100)) = 0.070622
    # z = (0.60 - 0.45) / 0.070622 = 2.1240; p = erfc(2.1240 / sqrt 2) = 0.0337
    result = two_proportion_test(60, 100, 45, 100)
    assert result.difference == pytest.approx(0.15)
    assert result.z == pytest.approx(2.124, abs=5e-4)
    assert result.p_value == pytest.approx(0.0337, abs=5e-5)


def test_two_proportion_test_is_symmetric_in_sign():
    forwards = two_proportion_test(60, 100, 45, 100)
    backwards = two_proportion_test(45, 100, 60, 100)
    assert backwards.z == pytest.approx(-forwards.z)
    assert backwards.p_value == pytest.approx(forwards.p_value)


def test_two_proportion_test_when_both_waves_all_feel_safe_finds_no_difference():
    # pooled p = 1, so the standard error is 0: nothing to test.
    result = two_proportion_test(20, 20, 15, 15)
    assert (result.difference, result.z, result.p_value) == (0.0, 0.0, 1.0)


def test_two_proportion_test_refuses_an_empty_group():
    with pytest.raises(ValueError, match="n > 0"):
        two_proportion_test(0, 0, 5, 10)


def test_normal_tail_matches_textbook_values():
    # Two-sided 5% point of the normal distribution is 1.96; 1% point is 2.5758.
    assert normal_two_sided_p_value(1.96) == pytest.approx(0.05, abs=1e-4)
    assert normal_two_sided_p_value(-2.5758) == pytest.approx(0.01, abs=1e-4)
    assert normal_two_sided_p_value(0.0) == 1.0


def test_kish_effective_n_equals_count_for_equal_weights_and_shrinks_for_uneven_ones():
    assert kish_effective_n(weight_sum=12 * 1.5, weight_square_sum=12 * 1.5**2) == pytest.approx(12)
    # weights 1, 1, 2, 2, 4: (10)^2 / (1 + 1 + 4 + 4 + 16) = 100 / 26 = 3.846
    assert kish_effective_n(10, 26) == pytest.approx(3.846, abs=1e-3)
    assert kish_effective_n(0, 0) == 0.0


@pytest.mark.parametrize(
    ("count", "shown"), [(0, None), (1, None), (9, None), (10, 10), (250, 250)]
)
def test_suppress_small_hides_every_count_under_ten(count, shown):
    assert suppress_small(count) == shown


def test_suppress_small_threshold_can_be_raised_for_stricter_exports():
    assert suppress_small(15, threshold=20) is None
    assert suppress_small(20, threshold=20) == 20


def test_suppress_small_refuses_negative_counts():
    with pytest.raises(ValueError, match="negative"):
        suppress_small(-1)


@pytest.mark.parametrize(
    ("difference", "p_value", "expected"),
    [
        (0.15, 0.0337, HIGHER),
        (-0.15, 0.0285, LOWER),
        (0.13, 0.0659, NO_CLEAR_CHANGE),
        (0.0, 0.0, NO_CLEAR_CHANGE),
        (0.2, 0.05, NO_CLEAR_CHANGE),
    ],
)
def test_verdict_words(difference, p_value, expected):
    assert verdict(difference, p_value) == expected


def test_two_proportion_test_for_a_fall_from_45_to_30_in_100():
    # pooled p = 75/200 = 0.375; se = sqrt(0.375 * 0.625 * 0.02) = 0.068465
    # z = -0.15 / 0.068465 = -2.1909; p = erfc(2.1909 / sqrt 2) = 0.0285
    result = two_proportion_test(30, 100, 45, 100)
    assert result.z == pytest.approx(-2.1909, abs=5e-4)
    assert result.p_value == pytest.approx(0.0285, abs=5e-5)
