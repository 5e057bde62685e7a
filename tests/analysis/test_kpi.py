"""What a pilot lead checks on the KPI: the right share, base and interval in every cell, small
groups hidden, non-answers counted, scales kept apart, changes and coverage read correctly."""

import subprocess
import sys
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.kpi import (
    KpiAnswer,
    Reference,
    compare,
    figures_from_counts,
    kpi_figures,
    pool_tallies,
    publish,
    tally_answers,
)

SAFETY = "perception_of_safety"
AFTER_DARK = "walk_alone_after_dark"
FACES = "feel_safe_area"


def answers(counts: dict[str | None, int], **where) -> list[KpiAnswer]:
    """People answering one KPI question: ``counts`` maps a value (None = skipped) to how many."""
    cell = {
        "wave": 0,
        "group": "residents",
        "place": "high_street",
        "time_of_day": "after_dark",
        "construct": SAFETY,
        "question_key": AFTER_DARK,
    }
    cell.update(where)
    return [KpiAnswer(value=value, **cell) for value, many in counts.items() for _ in range(many)]


def safe_unsafe(safe: int, unsafe: int, **where) -> list[KpiAnswer]:
    return answers({"fairly_safe": safe, "a_bit_unsafe": unsafe}, **where)


def only_figure(figures):
    assert len(figures) == 1
    return figures[0]


# --- one figure ------------------------------------------------------------------------------


def test_share_base_and_interval_for_seven_safe_out_of_ten():
    # 4 very safe + 3 fairly safe = 7 positive; 2 a bit unsafe + 1 very unsafe: base n = 10.
    # Wilson 7/10 = (0.3968, 0.8922), worked in test_kpi_stats.
    mixed = {"very_safe": 4, "fairly_safe": 3, "a_bit_unsafe": 2, "very_unsafe": 1}
    figure = only_figure(kpi_figures(answers(mixed)))
    assert (figure.n, figure.positive, figure.share) == (10, 7, pytest.approx(0.7))
    assert (figure.low, figure.high) == pytest.approx((0.3968, 0.8922), abs=5e-5)
    assert figure.suppressed is False
    assert figure.basis_label == "among participants"
    assert figure.key.wave == 0
    assert figure.key.group == "residents"


def test_non_substantive_answers_are_counted_apart_from_the_base_never_dropped():
    # 20 substantive (12 safe, 8 unsafe); 11 don't know, 3 never go out alone, 10 skipped.
    given_answers = safe_unsafe(12, 8) + answers(
        {"dont_know": 11, "never_go_out_alone": 3, None: 7, "": 3}
    )
    figure = only_figure(kpi_figures(given_answers))
    assert (figure.n, figure.share) == (20, pytest.approx(0.6))
    assert figure.non_substantive == {
        "not_sure": None,
        "dont_know": 11,
        "never_go_out_alone": None,  # 3 is under 10: suppressed, not zero
        "prefer_not_say": None,
        "skipped": 10,
    }


def test_childrens_not_sure_face_is_not_in_the_base():
    # 5-face question: 10 very safe, 5 a bit unsafe, 15 not sure -> 10/15, not 10/30.
    faces = answers(
        {"very_safe": 10, "a_bit_unsafe": 5, "not_sure": 15}, question_key=FACES, group="talkers"
    )
    figure = only_figure(kpi_figures(faces))
    assert figure.share == pytest.approx(10 / 15)
    assert figure.non_substantive["not_sure"] == 15


def test_everyone_safe_and_everyone_unsafe_give_one_sided_intervals():
    all_safe = only_figure(kpi_figures(answers({"very_safe": 10})))
    all_unsafe = only_figure(kpi_figures(answers({"very_unsafe": 10})))
    # Wilson 10/10 = (0.72246, 1); 0/10 = (0, 0.27754)
    assert (all_safe.share, all_safe.low, all_safe.high) == pytest.approx((1.0, 0.72246, 1.0), 1e-4)
    assert (all_unsafe.share, all_unsafe.low) == (0.0, 0.0)
    assert all_unsafe.high == pytest.approx(0.27754, abs=5e-5)


def test_a_base_under_ten_hides_share_interval_and_counts():
    figure = only_figure(kpi_figures(safe_unsafe(6, 3)))
    assert figure.suppressed is True
    assert (figure.n, figure.positive, figure.share, figure.low, figure.high) == (None,) * 5


def test_a_base_of_exactly_ten_is_shown():
    assert only_figure(kpi_figures(safe_unsafe(6, 4))).suppressed is False


def test_with_a_base_of_ten_or_more_a_small_number_feeling_safe_is_still_shown():
    # 3 of 12: the share 0.25 and base 12 reveal the 3 anyway, so hiding it would protect no one.
    figure = only_figure(kpi_figures(safe_unsafe(3, 9)))
    assert (figure.n, figure.positive, figure.share) == (12, 3, 0.25)


def test_no_substantive_answers_at_all_is_suppressed_but_keeps_its_non_answers():
    figure = only_figure(kpi_figures(answers({"prefer_not_say": 15})))
    assert figure.suppressed is True
    assert figure.share is None
    assert figure.non_substantive["prefer_not_say"] == 15


def test_unknown_answer_value_is_an_error_not_a_silent_drop():
    with pytest.raises(ValueError, match="Unknown safety answer 'quite_safe'"):
        kpi_figures(answers({"quite_safe": 12}))


def test_no_answers_give_no_figures():
    assert kpi_figures([]) == []


def test_splitting_by_an_unknown_dimension_is_refused():
    with pytest.raises(ValueError, match="Cannot split KPI figures by"):
        kpi_figures(safe_unsafe(10, 0), by=("colour",))


def test_figures_split_by_wave_group_place_and_time_of_day():
    given_answers = (
        safe_unsafe(10, 10, place="park", time_of_day="after_dark")
        + safe_unsafe(18, 2, place="park", time_of_day="daytime")
        + safe_unsafe(5, 15, place="station", time_of_day="after_dark")
    )
    figures = kpi_figures(given_answers, by=("wave", "place", "time_of_day"))
    shares = {(f.key.place, f.key.time_of_day): f.share for f in figures}
    assert shares == {
        ("park", "after_dark"): 0.5,
        ("park", "daytime"): 0.9,
        ("station", "after_dark"): 0.25,
    }
    assert {f.key.group for f in figures} == {None}  # not split by group: "all groups"


# --- weights --------------------------------------------------------------------------------


def test_weighted_answers_give_a_weighted_estimate_with_kish_effective_n():
    # 10 safe with weight 2, 10 unsafe with weight 1: share = 20/30 = 2/3.
    # Kish n = 30^2 / (10*4 + 10*1) = 900 / 50 = 18, so the interval is Wilson(12, 18)
    # = (0.43749, 0.83721), wider than Wilson(20, 30) would be.
    weighted = answers({"very_safe": 10}, weight=2.0) + answers({"very_unsafe": 10}, weight=1.0)
    figure = only_figure(kpi_figures(weighted))
    assert figure.basis == "weighted"
    assert figure.basis_label == "weighted estimate"
    assert (figure.n, figure.positive) == (20, 10)  # counts stay counts of people
    assert figure.share == pytest.approx(2 / 3)
    assert figure.effective_n == pytest.approx(18)
    assert (figure.low, figure.high) == pytest.approx((0.43749, 0.83721), abs=5e-5)


def test_equal_weights_give_the_unweighted_figures_labelled_as_an_estimate():
    def cells(weight):
        return [
            answer
            for wave, group, safe, unsafe in [(0, "talkers", 9, 3), (0, "residents", 30, 20),
                                              (1, "talkers", 4, 4), (1, "residents", 41, 9)]
            for answer in answers({"very_safe": safe, "very_unsafe": unsafe, "dont_know": 10},
                                  wave=wave, group=group, weight=weight)
        ]  # fmt: skip

    plain = kpi_figures(cells(1.0))
    doubled = kpi_figures(answer for answer in cells(2.0))  # any iterable will do
    assert [f.basis for f in doubled] == ["weighted"] * 4
    assert [replace(f, basis="participants") for f in doubled] == plain


@pytest.mark.parametrize("bad_weight", [0.0, -1.0, float("nan"), float("inf")])
def test_weights_must_be_positive_and_finite(bad_weight):
    with pytest.raises(ValueError, match="weight"):
        kpi_figures(answers({"very_safe": 10}, weight=bad_weight))


# --- different scales -----------------------------------------------------------------------


def test_same_construct_different_questions_stay_parallel_series():
    adults = safe_unsafe(15, 5, question_key=AFTER_DARK)
    children = answers({"very_safe": 4, "not_sure": 2, "very_unsafe": 3}, question_key=FACES)
    figures = kpi_figures(adults + children, by=("wave",))
    by_question = {f.key.question_key: f for f in figures}
    assert len(figures) == 2
    # Pooled, the adults' 15/20 would become 19/27; kept apart, the adults' share stays 0.75
    # and the children's 7 answers stay hidden.
    assert by_question[AFTER_DARK].share == 0.75
    assert by_question[FACES].suppressed is True
    assert {f.key.construct for f in figures} == {SAFETY}


def test_pooling_tallies_of_different_scales_is_refused_with_a_clear_message():
    tallies = tally_answers(safe_unsafe(15, 5) + safe_unsafe(9, 3, question_key=FACES))
    with pytest.raises(ValueError, match="parallel series"):
        pool_tallies(tallies)


def test_comparing_different_scales_is_refused():
    adults = only_figure(kpi_figures(safe_unsafe(15, 5, wave=0)))
    children = only_figure(kpi_figures(safe_unsafe(15, 5, wave=1, question_key=FACES)))
    with pytest.raises(ValueError, match="different questions"):
        compare(adults, children)


# --- pre-counted rows -----------------------------------------------------------------------


def test_counts_rows_from_sql_give_the_same_figures_as_answers():
    rows = [
        {"construct": SAFETY, "question_key": AFTER_DARK, "wave": 0, "group": "residents",
         "value": value, "count": count}
        for value, count in [("very_safe", 40), ("fairly_safe", 20), ("very_unsafe", 40),
                             ("dont_know", 12), (None, 3)]
    ]  # fmt: skip
    given_answers = answers(
        {"very_safe": 40, "fairly_safe": 20, "very_unsafe": 40, "dont_know": 12, None: 3}
    )
    assert figures_from_counts(rows) == kpi_figures(given_answers, by=("wave", "group"))


def test_weighted_counts_rows_carry_weight_sums():
    # Same weighted example as above, pre-aggregated: sums 20 and 10, squares 40 and 10.
    common = {"construct": SAFETY, "question_key": AFTER_DARK, "wave": 3}
    rows = [
        {
            **common,
            "value": "very_safe",
            "count": 10,
            "weight_sum": 20.0,
            "weight_square_sum": 40.0,
        },
        {
            **common,
            "value": "very_unsafe",
            "count": 10,
            "weight_sum": 10.0,
            "weight_square_sum": 10,
        },
    ]
    figure = only_figure(figures_from_counts(rows))
    assert figure.basis == "weighted"
    assert figure.effective_n == pytest.approx(18)
    assert figure.share == pytest.approx(2 / 3)


def test_weighted_counts_rows_must_agree_with_their_counts():
    row = {"construct": SAFETY, "question_key": AFTER_DARK, "value": "very_safe", "count": 0}
    with pytest.raises(ValueError, match="exactly when its count is"):
        figures_from_counts([{**row, "weight_sum": 5.0, "weight_square_sum": 5.0}])
    with pytest.raises(ValueError, match="weight_square_sum"):
        figures_from_counts([{**row, "weight_sum": 0.0}])
    with pytest.raises(ValueError, match="every counts row"):
        figures_from_counts([{**row, "weight_sum": 0.0, "weight_square_sum": 0.0}, row])


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"construct": SAFETY, "question_key": AFTER_DARK, "value": "very_safe"}, "'count'"),
        ({"construct": SAFETY, "question_key": AFTER_DARK, "value": "x", "count": 10}, "Unknown"),
        ({"construct": SAFETY, "question_key": AFTER_DARK, "value": None, "count": -2}, "count"),
        ({"construct": SAFETY, "question_key": AFTER_DARK, "value": None, "count": 2.5}, "count"),
    ],
)
def test_malformed_counts_rows_are_refused(row, message):
    with pytest.raises(ValueError, match=message):
        figures_from_counts([row])


# --- reference line -------------------------------------------------------------------------


def test_a_reference_line_travels_with_the_figure():
    london = Reference(share=0.62, label="London", source="MOPAC Public Attitude Survey, 2025")
    figure = publish(tally_answers(safe_unsafe(15, 5))[0], reference=london)
    assert figure.reference == london
    with pytest.raises(ValueError, match="between 0 and 1"):
        Reference(share=62, label="London", source="PAS")


# --- property: pooling groups equals counting them together ---------------------------------


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["talkers", "step_up", "residents"]),
                          st.integers(0, 25), st.integers(0, 25)), min_size=1, max_size=3,
                unique_by=lambda row: row[0]))  # fmt: skip
def test_pooling_group_tallies_equals_counting_all_groups_at_once(groups):
    given_answers = [a for group, s, u in groups for a in safe_unsafe(s, u, group=group)]
    if not given_answers:
        return
    pooled = publish(pool_tallies(tally_answers(given_answers, by=("wave", "group"))))
    counted_together = only_figure(kpi_figures(given_answers, by=("wave",)))
    # A pool of one group still says which group it is; otherwise the figures are identical.
    assert replace(pooled, key=counted_together.key) == counted_together


# --- analysis stays plain Python -------------------------------------------------------------


def test_kpi_modules_import_neither_flask_nor_sqlalchemy_nor_the_app():
    probe = (
        "import sys, analysis.kpi; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'flask', 'sqlalchemy', 'app'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
