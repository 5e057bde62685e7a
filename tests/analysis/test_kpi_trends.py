"""The KPI over time, as the partnership board reads it every 3 months: change from baseline and
from the previous wave in plain words, rolling pools for small groups, and response coverage."""

import pytest

from analysis.kpi import (
    HIGHER,
    LOWER,
    NO_CLEAR_CHANGE,
    TOO_FEW,
    KpiAnswer,
    changes,
    compare,
    coverage,
    kpi_figures,
    rolling_pool,
    tally_answers,
)

AFTER_DARK = "walk_alone_after_dark"


def safe_unsafe(safe: int, unsafe: int, wave: int, group: str = "residents", weight: float = 1.0):
    """``safe`` people feeling very safe and ``unsafe`` feeling very unsafe in one wave."""
    values = ["very_safe"] * safe + ["very_unsafe"] * unsafe
    return [
        KpiAnswer(value, wave, group, "high_street", "after_dark", "safety", AFTER_DARK, weight)
        for value in values
    ]


def waves_of(*safe_out_of_100: int, group: str = "residents"):
    """One wave per argument, each with 100 answers of which this many feel safe."""
    return [
        answer
        for wave, safe in enumerate(safe_out_of_100)
        for answer in safe_unsafe(safe, 100 - safe, wave, group)
    ]


def by_pair(found):
    return {(change.from_wave, change.to_wave): change for change in found}


# --- changes --------------------------------------------------------------------------------


def test_changes_from_baseline_and_previous_wave_in_plain_words():
    # Safe out of 100: baseline 45, wave 1: 60, wave 2: 58, wave 3: 30.
    found = by_pair(changes(kpi_figures(waves_of(45, 60, 58, 30)), baseline_wave=0))
    assert set(found) == {(0, 1), (0, 2), (1, 2), (0, 3), (2, 3)}

    # 45 -> 60: pooled 0.525, se 0.070622, z = 2.124, p = 0.0337
    assert found[0, 1].compared_with == "baseline"
    assert found[0, 1].difference == pytest.approx(0.15)
    assert (found[0, 1].z, found[0, 1].p_value) == pytest.approx((2.124, 0.0337), abs=5e-4)
    assert found[0, 1].verdict == HIGHER

    # 45 -> 58: pooled 0.515, se 0.070679, z = 1.839, p = 0.0659: not sure enough
    assert found[0, 2].p_value == pytest.approx(0.0659, abs=5e-5)
    assert found[0, 2].verdict == NO_CLEAR_CHANGE

    # 60 -> 58: pooled 0.59, se 0.069556, z = -0.288, p = 0.774
    assert found[1, 2].compared_with == "previous wave"
    assert found[1, 2].p_value == pytest.approx(0.7737, abs=5e-5)
    assert found[1, 2].verdict == NO_CLEAR_CHANGE

    # 58 -> 30: pooled 0.44, se 0.070200, z = -3.989, p = 0.0000665
    assert found[2, 3].z == pytest.approx(-3.9886, abs=5e-4)
    assert found[2, 3].verdict == LOWER
    # 45 -> 30: pooled 0.375, se 0.068465, z = -2.191, p = 0.0285
    assert found[0, 3].p_value == pytest.approx(0.0285, abs=5e-5)
    assert found[0, 3].verdict == LOWER


def test_a_suppressed_wave_is_too_few_to_compare():
    # Wave 1 has only 9 answers: suppressed, so neither comparison with it can be made.
    given = safe_unsafe(50, 50, wave=0) + safe_unsafe(5, 4, wave=1) + safe_unsafe(70, 30, wave=2)
    found = by_pair(changes(kpi_figures(given), baseline_wave=0))
    assert found[0, 1].verdict == TOO_FEW
    assert (found[0, 1].difference, found[0, 1].p_value) == (None, None)
    assert found[1, 2].verdict == TOO_FEW
    assert found[0, 2].verdict == HIGHER


def test_a_wave_with_no_answers_is_too_few_to_compare():
    given = safe_unsafe(50, 50, wave=0) + safe_unsafe(70, 30, wave=2)
    found = by_pair(changes(kpi_figures(given), baseline_wave=0))
    assert found[1, 2].verdict == TOO_FEW
    assert found[0, 2].verdict == HIGHER


def test_everyone_safe_in_both_waves_is_no_change():
    found = changes(kpi_figures(waves_of(100, 100)), baseline_wave=0)
    assert [(c.difference, c.p_value, c.verdict) for c in found] == [(0.0, 1.0, NO_CLEAR_CHANGE)]


def test_weighted_change_uses_effective_n_and_refuses_when_it_is_under_ten():
    # 1 answer weighing 9 and 9 weighing 1: Kish n = 18^2 / (81 + 9) = 3.6, far too few to test
    # even though 10 people answered, so the figure is shown but cannot be compared.
    uneven = safe_unsafe(1, 0, wave=1, weight=9.0) + safe_unsafe(0, 9, wave=1)
    steady = safe_unsafe(50, 50, wave=0, weight=2.0)
    found = changes(kpi_figures(steady + uneven), baseline_wave=0)
    assert [change.verdict for change in found] == [TOO_FEW]


def test_changes_refuse_a_mixture_of_groups_or_bases():
    mixed_groups = kpi_figures(waves_of(40, 50) + waves_of(40, 50, group="talkers"))
    with pytest.raises(ValueError, match="within one group"):
        changes(mixed_groups, baseline_wave=0)
    weighted = kpi_figures(safe_unsafe(30, 10, wave=1, weight=2.0) + safe_unsafe(5, 5, wave=1))
    unweighted = kpi_figures(safe_unsafe(30, 10, wave=0))
    with pytest.raises(ValueError, match="weighted"):
        compare(unweighted[0], weighted[0])


def test_compare_needs_an_earlier_and_a_later_wave():
    baseline, wave_1 = kpi_figures(waves_of(40, 50))
    with pytest.raises(ValueError, match="do not come before"):
        compare(wave_1, baseline)
    (all_waves,) = kpi_figures(waves_of(40, 50), by=("group",))
    with pytest.raises(ValueError, match="split by wave"):
        compare(all_waves, all_waves)


# --- rolling pools --------------------------------------------------------------------------


def test_rolling_pool_makes_a_small_group_visible_over_six_and_twelve_months():
    # Talkers: 6 answers a wave (4 safe), suppressed every wave on its own.
    talkers = [a for wave in range(4) for a in safe_unsafe(4, 2, wave, group="talkers")]
    tallies = tally_answers(talkers)
    assert all(figure.suppressed for figure in kpi_figures(talkers))

    six_months = rolling_pool(tallies, window_waves=2)
    assert [(f.key.wave, f.waves, f.n, f.positive) for f in six_months] == [
        (1, (0, 1), 12, 8),
        (2, (1, 2), 12, 8),
        (3, (2, 3), 12, 8),
    ]
    twelve_months = rolling_pool(tallies, window_waves=4)
    assert [(f.key.wave, f.waves, f.n, f.share) for f in twelve_months] == [
        (3, (0, 1, 2, 3), 24, pytest.approx(16 / 24))
    ]


def test_rolling_pool_keeps_groups_apart_and_skips_windows_with_no_answers():
    given = safe_unsafe(6, 0, 0, group="talkers") + safe_unsafe(6, 0, 1, group="talkers")
    given += safe_unsafe(20, 0, 3, group="residents")
    pooled = rolling_pool(tally_answers(given), window_waves=2)
    # Talkers' window ending at wave 2 holds only wave 1 (6 answers): given, but suppressed.
    # Residents have nothing before wave 3, so no figure for the windows ending at 1 and 2.
    assert [(f.key.group, f.key.wave, f.n) for f in pooled] == [
        ("talkers", 1, 12),
        ("talkers", 2, None),
        ("residents", 3, 20),
    ]


def test_rolling_pool_needs_tallies_split_by_wave():
    with pytest.raises(ValueError, match="by=\\('wave'"):
        rolling_pool(tally_answers(waves_of(40, 50), by=("group",)), window_waves=2)


def test_overlapping_rolling_windows_are_not_tested_against_each_other():
    pooled = rolling_pool(tally_answers(waves_of(40, 50, 60)), window_waves=2)
    with pytest.raises(ValueError, match="share answers"):
        compare(pooled[0], pooled[1])


def test_rolling_pools_a_year_apart_can_be_compared():
    pooled = rolling_pool(tally_answers(waves_of(40, 40, 60, 60)), window_waves=2)
    # waves 0-1: 80/200 safe; waves 2-3: 120/200 safe -> z = 4.0, clearly higher
    change = compare(pooled[0], pooled[2], compared_with="baseline")
    assert change.z == pytest.approx(4.0, abs=1e-3)
    assert change.verdict == HIGHER


# --- coverage -------------------------------------------------------------------------------


def test_coverage_shows_progress_towards_each_groups_target():
    counts = {("residents", 0): 120, ("talkers", 0): 8, ("residents", 1): 40}
    targets = {"residents": 100, "talkers": 20, "businesses": 30}
    found = {(c.group, c.wave): c for c in coverage(counts, targets)}
    assert len(found) == 6  # every group with a target, in every wave

    residents = found["residents", 0]
    assert (residents.count, residents.share_of_target, residents.is_met) == (120, 1.2, True)
    assert (found["residents", 1].share_of_target, found["residents", 1].is_met) == (0.4, False)
    talkers = found["talkers", 0]  # 8 responses: too few to show
    assert (talkers.count, talkers.share_of_target, talkers.suppressed) == (None, None, True)
    assert found["businesses", 1].suppressed is True
    assert found["businesses", 1].is_met is False


def test_coverage_for_a_group_without_a_target_shows_count_only():
    (found,) = coverage({("support_services", 2): 14}, targets={})
    assert (found.count, found.target, found.share_of_target, found.is_met) == (
        14,
        None,
        None,
        False,
    )
