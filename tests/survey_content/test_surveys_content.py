"""Checks on the wording and structure of the real surveys in ``surveys/``.

These read the YAML directly rather than through ``app.questionnaire``, so they say what a careful
reader of the files would check: children get short sentences, ids are stable names, skip logic
points backwards at answers that exist, and the KPI questions keep the national wording.
"""

import re
from pathlib import Path

import pytest
import yaml

SURVEYS_DIR = Path(__file__).resolve().parents[2] / "surveys"
SURVEY_PATHS = sorted(SURVEYS_DIR.glob("*.yaml"))
YOUNG_PEOPLE = SURVEYS_DIR / "safe-places-young-people.v1.yaml"
RESIDENTS = SURVEYS_DIR / "community-safety-residents.v1.yaml"

CHILD_BAND = "6-11"
MAX_WORDS_PER_SENTENCE_FOR_CHILDREN = 12
MAX_QUESTION_CHARACTERS = 160
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
FACE_VALUES = ("very_safe", "fairly_safe", "not_sure", "a_bit_unsafe", "very_unsafe")
YESNO_VALUES = ("yes", "no", "not_sure")
CSEW_OPTIONS = [
    ("very_safe", "Very safe"),
    ("fairly_safe", "Fairly safe"),
    ("a_bit_unsafe", "A bit unsafe"),
    ("very_unsafe", "Very unsafe"),
    ("never_go_out_alone", "I never go out alone"),
    ("dont_know", "Don't know"),
]


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def questions_by_id(survey: dict) -> dict[str, dict]:
    return {question["id"]: question for question in survey["questions"]}


def sentences(text: str) -> list[str]:
    return [part for part in re.split(r"(?<=[.!?])\s+", text.strip()) if part]


def word_count(sentence: str) -> int:
    return len(re.findall(r"[\w'’-]+", sentence))


def long_sentences(text: str) -> list[str]:
    return [s for s in sentences(text) if word_count(s) > MAX_WORDS_PER_SENTENCE_FOR_CHILDREN]


def values_offered(question: dict) -> set[str]:
    """The answer values a later show_if may test; places lists vary by consultation."""
    if question["type"] == "faces":
        return set(FACE_VALUES)
    if question["type"] == "yesno":
        return set(YESNO_VALUES)
    if question["type"] == "places":
        return {"somewhere_else"} if question.get("allow_other") else set()
    return {option["value"] for option in question.get("options", [])}


def seen_by_children(survey: dict) -> list[dict]:
    if CHILD_BAND not in survey.get("age_bands", []):
        return []
    return [q for q in survey["questions"] if CHILD_BAND in q.get("ages", [CHILD_BAND])]


@pytest.fixture(params=SURVEY_PATHS, ids=lambda path: path.name)
def survey(request) -> dict:
    return load(request.param)


def test_both_real_surveys_are_present():
    assert YOUNG_PEOPLE in SURVEY_PATHS
    assert RESIDENTS in SURVEY_PATHS


def test_question_ids_are_unique_snake_case(survey):
    ids = [question["id"] for question in survey["questions"]]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    assert repeated == []
    assert [i for i in ids if not SNAKE_CASE.match(i)] == []


def test_option_values_are_unique_snake_case(survey):
    for question in survey["questions"]:
        values = [option["value"] for option in question.get("options", [])]
        assert len(values) == len(set(values)), question["id"]
        assert [v for v in values if not SNAKE_CASE.match(str(v))] == [], question["id"]


def test_show_if_points_back_at_values_that_question_offers(survey):
    earlier: dict[str, dict] = {}
    for question in survey["questions"]:
        for other_id, wanted in question.get("show_if", {}).items():
            assert other_id in earlier, f"{question['id']}: '{other_id}' is not earlier"
            # An unquoted yes/no in YAML becomes True/False, which matches no stored answer.
            assert all(isinstance(value, str) for value in wanted), question["id"]
            assert set(wanted) <= values_offered(earlier[other_id]), question["id"]
        earlier[question["id"]] = question


def test_question_wording_fits_on_a_phone_screen(survey):
    for question in survey["questions"]:
        wordings = [question["text"], *question.get("text_by_age", {}).values()]
        too_long = [w for w in wordings if len(w.strip()) > MAX_QUESTION_CHARACTERS]
        assert too_long == [], question["id"]


def test_every_question_a_child_sees_has_short_child_wording(survey):
    for question in seen_by_children(survey):
        child_wording = question.get("text_by_age", {}).get(CHILD_BAND)
        assert child_wording, f"{question['id']} has no wording for {CHILD_BAND}"
        assert long_sentences(child_wording) == [], question["id"]


def test_text_shared_with_children_uses_short_sentences():
    survey = load(YOUNG_PEOPLE)
    assert seen_by_children(survey)
    shared = [survey["intro"], survey.get("thank_you", "")]
    shared += [q.get("help", "") for q in seen_by_children(survey)]
    assert [s for text in shared for s in long_sentences(text)] == []


def test_intro_says_who_is_asking(survey):
    # Anonymity, skipping and safeguarding are promised by the welcome page of every
    # consultation (tests/respondent/test_journey.py), so the intro only says who and why.
    assert "safeguarding partnership" in survey["intro"]


def test_thank_you_says_where_to_see_what_happened(survey):
    assert "You said, we did" in survey.get("thank_you", "")


def test_young_people_kpi_is_the_local_area_faces_question():
    question = questions_by_id(load(YOUNG_PEOPLE))["feel_safe_area"]
    assert question["type"] == "faces"
    assert question["kpi"] == "perception_of_safety"
    assert question["construct"] == "safety_local_area"


def test_young_people_survey_is_short():
    assert 10 <= len(load(YOUNG_PEOPLE)["questions"]) <= 13


@pytest.mark.parametrize(
    ("question_id", "wording", "construct", "time_of_day"),
    [
        (
            "walk_alone_after_dark",
            "How safe do you feel walking alone in this area after dark?",
            "safety_walking_alone_after_dark",
            "after_dark",
        ),
        (
            "walk_alone_daytime",
            "How safe do you feel walking alone in this area during the day?",
            "safety_walking_alone_daytime",
            "daytime",
        ),
    ],
)
def test_residents_kpi_questions_keep_the_csew_wording(
    question_id, wording, construct, time_of_day
):
    question = questions_by_id(load(RESIDENTS))[question_id]
    assert question["text"] == wording
    assert question["type"] == "single"
    assert question["kpi"] == "perception_of_safety"
    assert question["construct"] == construct
    assert question["time_of_day"] == time_of_day
    assert [(o["value"], o["label"]) for o in question["options"]] == CSEW_OPTIONS


def test_residents_survey_is_short_and_asks_the_group():
    survey = load(RESIDENTS)
    assert 10 <= len(survey["questions"]) <= 14
    assert survey["ask_group"] is True
    assert survey["audiences"] == ["residents", "businesses"]


def test_business_questions_are_shown_only_to_people_in_business():
    questions = questions_by_id(load(RESIDENTS))
    for question_id in ("business_effects", "business_effects_detail"):
        assert questions[question_id]["show_if"] == {"works_in_local_business": ["yes"]}
