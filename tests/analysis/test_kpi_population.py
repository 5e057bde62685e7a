"""Post-stratified population estimates of the KPI, checked against hand-worked examples."""

import pytest

from analysis.kpi import PopulationEstimate, Stratum, post_stratified
from analysis.kpi_population import NO_ANSWERS, NO_GROUPS, NO_POPULATION, SMALL_GROUP


def test_two_groups_worked_by_hand():
    # Residents: 3,000 people, 80 of 100 feel safe; young people: 1,000 people, 20 of 50.
    # W = 0.75 and 0.25; estimate = 0.75 * 0.8 + 0.25 * 0.4 = 0.70 (participants alone: 0.667).
    # variance = 0.75^2 * 0.8 * 0.2 / 100 + 0.25^2 * 0.4 * 0.6 / 50 = 0.0009 + 0.0003 = 0.0012.
    # design effect = 0.0012 / (0.7 * 0.3 / 150) = 0.0012 / 0.0014 = 0.857; effective n = 175.
    # Wilson at 0.7 of 175: centre 0.7110 / 1.02195 = 0.6957, half-width 0.0673.
    found = post_stratified(
        [Stratum("residents", 3000, 100, 80), Stratum("young_people", 1000, 50, 20)]
    )
    assert found.share == pytest.approx(0.70)
    assert found.standard_error == pytest.approx(0.0012**0.5)
    assert found.design_effect == pytest.approx(6 / 7)
    assert found.n == 150
    assert found.low == pytest.approx(0.6284, abs=1e-4)
    assert found.high == pytest.approx(0.7630, abs=1e-4)
    assert found.weights == (("residents", 0.75), ("young_people", 0.25))
    assert found.reason is None


def test_population_shares_equal_to_the_sample_give_the_plain_share():
    # Weights in proportion to n: the estimate is the plain share, 30 of 60 = 0.5.
    found = post_stratified([Stratum("a", 200, 20, 10), Stratum("b", 400, 40, 20)])
    assert found.share == pytest.approx(0.5)
    assert found.low < 0.5 < found.high


def test_all_safe_everywhere_has_no_spread_but_an_honest_interval():
    found = post_stratified([Stratum("a", 500, 10, 10), Stratum("b", 500, 30, 30)])
    assert found.share == pytest.approx(1.0)
    assert found.design_effect is None  # variance 0: nothing to estimate it from
    assert found.high == 1.0
    assert found.low == pytest.approx(0.9124, abs=1e-4)  # Wilson for 40 of 40


def test_all_unsafe_everywhere():
    found = post_stratified([Stratum("a", 500, 12, 0), Stratum("b", 100, 15, 0)])
    assert (found.share, found.low) == (0.0, 0.0)
    assert 0 < found.high < 0.2


def test_a_group_with_no_answers_gives_no_estimate_and_says_why():
    found = post_stratified([Stratum("residents", 3000, 100, 80), Stratum("businesses", 40, 0, 0)])
    assert found == PopulationEstimate(reason=NO_ANSWERS, groups=("businesses",))
    assert found.share is None


def test_a_small_group_is_suppressed_so_its_share_cannot_be_worked_back():
    found = post_stratified([Stratum("residents", 3000, 100, 80), Stratum("businesses", 40, 9, 3)])
    assert (found.share, found.reason, found.groups) == (None, SMALL_GROUP, ("businesses",))


def test_a_group_without_a_population_gives_no_estimate():
    found = post_stratified([Stratum("residents", None, 100, 80), Stratum("b", 40, 20, 3)])
    assert (found.share, found.reason, found.groups) == (None, NO_POPULATION, ("residents",))
    assert post_stratified([]).reason == NO_GROUPS


def test_impossible_counts_are_refused():
    with pytest.raises(ValueError, match="positive <= n"):
        Stratum("a", 100, 5, 6)
    with pytest.raises(ValueError, match="population is 1 or more"):
        Stratum("a", 0, 5, 1)
