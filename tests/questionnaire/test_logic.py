"""Skip logic, order and progress, without a web request."""

from app.questionnaire import logic
from app.questionnaire.loader import load_survey_file
from tests.conftest import TEST_SURVEYS

SURVEY = load_survey_file(TEST_SURVEYS / "all-types.v1.yaml")


def ids(questions) -> list[str]:
    return [q.id for q in questions]


def test_conditional_question_is_hidden_until_its_condition_holds():
    assert "why_unsafe" not in ids(logic.visible_questions(SURVEY, {}, "12-15"))
    assert "why_unsafe" not in ids(logic.visible_questions(SURVEY, {"mood": "very_safe"}, None))
    assert "why_unsafe" in ids(logic.visible_questions(SURVEY, {"mood": "very_unsafe"}, None))


def test_age_restricted_question_only_for_that_band():
    assert "older_only" in ids(logic.visible_questions(SURVEY, {}, "12-15"))
    assert "older_only" not in ids(logic.visible_questions(SURVEY, {}, "6-11"))
    assert "older_only" not in ids(logic.visible_questions(SURVEY, {}, None))


def test_next_and_previous_skip_hidden_questions():
    answers = {"mood": "fairly_safe"}
    assert logic.next_question(SURVEY, None, answers, "6-11").id == "welcome_note"
    assert logic.next_question(SURVEY, "mood", answers, "6-11").id == "colour"
    assert logic.next_question(SURVEY, "has_bike", answers, "6-11").id == "where"
    assert logic.next_question(SURVEY, "siblings", answers, "6-11") is None
    assert logic.previous_question(SURVEY, "colour", answers, "6-11").id == "mood"
    assert logic.previous_question(SURVEY, "welcome_note", answers, "6-11") is None


def test_list_answers_meet_a_condition_when_any_item_matches():
    question = SURVEY.question("why_unsafe")
    assert logic._condition_holds(["x", "very_unsafe"], ("very_unsafe",))
    assert not logic._condition_holds([], ("very_unsafe",))
    assert logic.is_shown(question, {"mood": "a_bit_unsafe"}, None)


def test_progress_counts_only_questions_this_respondent_sees():
    assert logic.progress(SURVEY, "colour", {}, "6-11") == (3, 8)
    assert logic.progress(SURVEY, "colour", {"mood": "very_unsafe"}, "12-15") == (4, 10)
