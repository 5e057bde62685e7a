"""The KPI service counts submitted answers in SQL and publishes figures with their changes."""

from analysis.kpi import NO_CLEAR_CHANGE
from app.services import kpi
from tests.pilot.conftest import store_moods


def test_figures_per_wave_with_interval_and_change(app, two_waves):
    store_moods(two_waves[0], {"very_safe": 6, "fairly_safe": 4, "very_unsafe": 10, None: 2})
    store_moods(two_waves[1], {"very_safe": 14, "a_bit_unsafe": 6})
    rows = kpi.count_rows()
    (series,) = kpi.series(rows)
    baseline, later = series.figures
    assert (baseline.n, baseline.positive, baseline.share) == (20, 10, 0.5)
    assert baseline.low < 0.5 < baseline.high
    assert baseline.non_substantive["prefer_not_say"] is None  # 2 skipped: under 10, hidden
    assert (later.n, later.positive) == (20, 14)
    (change,) = series.changes
    assert change.compared_with == "baseline"
    assert change.verdict == NO_CLEAR_CHANGE
    assert series.question.construct == "safety_today"


def test_small_base_is_suppressed_and_scope_filters(app, two_waves):
    store_moods(two_waves[0], {"very_safe": 5, "very_unsafe": 3})
    (figure,) = kpi.figures(kpi.count_rows(two_waves[0]))
    assert figure.suppressed
    assert figure.share is None
    assert kpi.count_rows(two_waves[1]) == []


def test_coverage_against_target(app, two_waves):
    store_moods(two_waves[0], {"very_safe": 12})
    (progress,) = kpi.response_coverage(two_waves[0])
    assert (progress.count, progress.target, progress.is_met) == (12, 20, False)
