"""Survey files: the real ones load, and each kind of mistake gets one clear message."""

import textwrap
from pathlib import Path

import pytest
import yaml

from app.config import PROJECT_ROOT
from app.questionnaire.loader import (
    SafeLoader,
    SurveyFileError,
    load_survey_file,
    load_surveys,
)

VALID = """\
id: tiny
version: 1
title: Tiny
intro: A tiny survey.
audiences: [talkers]
age_bands: ["6-11"]
questions:
  - id: feel
    type: faces
    text: How do you feel?
  - id: why
    type: text
    text: Why?
    show_if: {feel: [very_unsafe]}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tiny.v1.yaml"
    path.write_text(textwrap.dedent(text))
    return path


def test_the_real_surveys_load_with_their_kpi_questions():
    surveys = load_surveys(PROJECT_ROOT / "surveys")
    assert {key[0] for key in surveys} == {"safe-places-young-people", "community-safety-residents"}
    residents = surveys[("community-safety-residents", 1)]
    after_dark = residents.question("walk_alone_after_dark")
    assert after_dark.text == "How safe do you feel walking alone in this area after dark?"
    assert after_dark.kpi == "perception_of_safety"
    assert after_dark.option_values() == (
        "very_safe",
        "fairly_safe",
        "a_bit_unsafe",
        "very_unsafe",
        "never_go_out_alone",
        "dont_know",
    )
    young = surveys[("safe-places-young-people", 1)]
    assert any(q.kpi == "perception_of_safety" for q in young.questions)
    assert all(q.type for q in young.questions)


def test_a_valid_file_loads_with_defaults_and_a_content_hash(tmp_path):
    survey = load_survey_file(write(tmp_path, VALID))
    assert survey.key == ("tiny", 1)
    assert survey.question("feel").option_values()[0] == "very_safe"
    assert survey.question("why").show_if == {"feel": ("very_unsafe",)}
    assert survey.question("why").max_length == 1000
    assert len(survey.content_hash) == 64


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("type: text\n    text: Why?", "type: essay\n    text: Why?"),
            "question 'why': unknown type 'essay'",
        ),
        (
            ("show_if: {feel: [very_unsafe]}", "show_if: {mood: [very_unsafe]}"),
            "question 'why': show_if refers to 'mood', which is not an earlier question",
        ),
        (
            ("show_if: {feel: [very_unsafe]}", "show_if: {feel: [terrified]}"),
            "question 'why': show_if expects value(s) terrified that 'feel' does not offer",
        ),
        (("id: why", "id: feel"), "question 'feel': this id is used twice"),
        (("id: why", "id: Why-Not"), "question 'Why-Not': ids must be snake_case"),
        (
            ("    text: Why?\n", "    text: Why?\n    max_length: 999999\n"),
            "question 'why': 'max_length' must be a whole number from 1 to 5000",
        ),
        (
            ("    text: Why?\n", "    text: Why?\n    colour: red\n"),
            "question 'why': unknown key(s): colour",
        ),
        (
            ("    text: Why?\n", '    text: Why?\n    text_by_age: {"16-17": Hey}\n'),
            "question 'why': text_by_age names age band '16-17'",
        ),
        (("version: 1", "version: one"), "'version' must be a whole number"),
        (("title: Tiny\n", ""), "is missing 'title'"),
        (("type: faces", "type: single"), "question 'feel': a 'single' question needs 'options'"),
    ],
)
def test_each_mistake_names_file_question_and_problem(tmp_path, change, expected):
    path = write(tmp_path, VALID.replace(*change))
    with pytest.raises(SurveyFileError) as caught:
        load_survey_file(path)
    assert str(caught.value).startswith(str(path))
    assert expected in str(caught.value)


def test_broken_yaml_is_reported_with_the_file(tmp_path):
    path = write(tmp_path, "id: [unclosed\n")
    with pytest.raises(SurveyFileError, match="is not valid YAML"):
        load_survey_file(path)


def test_options_need_values_and_labels(tmp_path):
    text = VALID.replace(
        "type: faces\n    text: How do you feel?",
        "type: single\n    text: Colour?\n    options:\n"
        "      - {value: red, label: Red}\n      - {value: red, label: Rouge}",
    )
    with pytest.raises(SurveyFileError, match="question 'feel': two options share the same value"):
        load_survey_file(write(tmp_path, text))


def test_the_same_version_twice_is_refused(tmp_path):
    write(tmp_path, VALID)
    (tmp_path / "copy.yaml").write_text(VALID)
    with pytest.raises(SurveyFileError, match="version 1 is defined twice"):
        load_surveys(tmp_path)


@pytest.mark.parametrize(
    "path",
    sorted((PROJECT_ROOT / "surveys").glob("*.yaml"))
    + sorted((PROJECT_ROOT / "tests" / "data" / "surveys").glob("*.yaml")),
    ids=lambda path: path.name,
)
def test_libyaml_reads_every_survey_file_as_the_python_loader_does(path):
    # The fast loader is a different parser: it must make the very same data of our files.
    raw = path.read_bytes()
    assert SafeLoader is yaml.CSafeLoader, "PyYAML's wheels come with libyaml"
    assert yaml.load(raw, Loader=yaml.CSafeLoader) == yaml.load(raw, Loader=yaml.SafeLoader)
