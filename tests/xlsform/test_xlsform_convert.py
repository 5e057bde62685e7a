"""Converting a KoboToolbox/ODK XLSForm: the survey file, its translations and the warnings."""

import openpyxl
import pytest
import yaml
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st

from app.questionnaire.loader import parse_survey
from app.questionnaire.xlsform import (
    UnsupportedRelevance,
    XLSFormError,
    convert_xlsform,
    language_code,
    parse_relevance,
    write_translations,
)
from tests.xlsform.forms import CHOICES_ROWS, SETTINGS, write_form


@pytest.fixture
def result(kobo_form):
    return convert_xlsform(kobo_form)


@pytest.fixture
def survey(result):
    return parse_survey(yaml.safe_load(result.yaml_text), "imported.yaml")


def warning_about(result, name: str) -> str:
    found = [w for w in result.warnings if f"'{name}'" in w]
    assert found, f"no warning names {name}: {result.warnings}"
    return " ".join(found)


def test_the_converted_file_passes_our_loader_with_the_form_settings(survey):
    assert survey.id == "feeling-safe-2025"
    assert survey.version == 1
    assert survey.title == "Feeling safe"
    assert survey.intro.startswith("Imported from feeling_safe.xlsx")


def test_questions_keep_their_order_groups_and_repeats_flattened(survey):
    assert [q.id for q in survey.questions] == [
        "feel_safe",
        "mood",
        "places_group",
        "unsafe_places",
        "what_happens",
        "friends",
        "friend_age",
        "tell_more",
        "not_park",
        "older_friend",
        "thanks",
        "what_helps",
        "q_final",
    ]


@pytest.mark.parametrize(
    ("question_id", "expected_type"),
    [
        ("feel_safe", "yesno"),
        ("mood", "single"),
        ("places_group", "info"),
        ("unsafe_places", "multi"),
        ("what_happens", "text"),
        ("friend_age", "number"),
        ("thanks", "info"),
    ],
)
def test_xlsform_types_map_to_ours(survey, question_id, expected_type):
    assert survey.question(question_id).type == expected_type


def test_english_labels_and_hints_become_text_and_help(survey):
    feel_safe = survey.question("feel_safe")
    assert feel_safe.text == "Do you feel safe where you live?"
    assert feel_safe.help == "Think about the last month"
    assert survey.question("places_group").text == "About places"


def test_choice_names_become_snake_case_and_the_renaming_is_reported(survey, result):
    mood = survey.question("mood")
    assert [(o.value, o.label) for o in mood.options] == [
        ("very_happy", "Very happy"),
        ("ok", "OK"),
        ("not_good", "Not good"),
    ]
    assert survey.question("unsafe_places").option_values() == ("bus_station", "park_1", "shops")
    assert "'Very Happy' -> 'very_happy'" in warning_about(result, "mood")
    assert "'BusStation' -> 'bus_station'" in warning_about(result, "unsafe_places")


def test_question_names_that_are_not_snake_case_are_changed_and_reported(survey, result):
    assert survey.question("q_final").text == "Anything else?"
    assert "row 20 'Q-Final': id changed to 'q_final'" in warning_about(result, "Q-Final")


@pytest.mark.parametrize(
    ("question_id", "expected_show_if"),
    [
        ("unsafe_places", {"feel_safe": ("no",)}),
        ("what_happens", {"unsafe_places": ("bus_station", "park_1")}),
        ("tell_more", {"mood": ("not_good", "ok"), "feel_safe": ("no",)}),
        ("what_helps", {"feel_safe": ("yes",)}),  # from the group's relevance
    ],
)
def test_simple_relevance_becomes_show_if(survey, question_id, expected_show_if):
    assert survey.question(question_id).show_if == expected_show_if


@pytest.mark.parametrize(
    ("question_id", "row", "reason"),
    [
        ("not_park", 12, "uses not()"),
        ("older_friend", 13, "compares with !=, < or >"),
        ("thanks", 16, "uses count-selected()"),
        ("Q-Final", 20, "uses 'or' between different questions"),
    ],
)
def test_other_relevance_is_dropped_with_a_warning_saying_why(
    survey, result, question_id, row, reason
):
    warning = warning_about(result, question_id)
    assert f"row {row} '{question_id}': is always shown, because its relevance" in warning
    assert reason in warning
    assert survey.question(question_id.lower().replace("-", "_")).show_if == {}


@pytest.mark.parametrize(
    ("name", "row", "kind"), [("score", 14, "calculate"), ("location", 15, "geopoint")]
)
def test_rows_we_cannot_ask_are_skipped_with_a_warning_naming_the_row(
    survey, result, name, row, kind
):
    assert survey.question(name) is None
    assert f"row {row} '{name}': skipped: Safe Voices has no '{kind}' question" in result.warnings


def test_a_repeat_is_asked_once_with_a_warning(survey, result):
    assert survey.question("friend_age") is not None
    assert "asked once, not repeated" in warning_about(result, "friends")


def test_required_intro_and_audiences_are_flagged_for_the_reader(result):
    required = "1 question was required: in Safe Voices every question can be skipped"
    assert required in result.warnings
    assert any("'intro'" in w and "'audiences'" in w for w in result.warnings)


def test_every_warning_is_also_at_the_top_of_the_file(result):
    for warning in result.warnings:
        assert f"#   - {warning}" in result.yaml_text


def test_translations_are_keyed_by_language_code_and_english_text(result):
    assert sorted(result.translations) == ["pl", "so"]
    polish = result.translations["pl"]
    assert polish["Do you feel safe where you live?"] == (
        "Czy czujesz się bezpiecznie tam, gdzie mieszkasz?"
    )
    assert polish["Think about the last month"] == "Pomyśl o ostatnim miesiącu"
    assert polish["Not good"] == "Niedobrze"
    assert polish["About places"] == "O miejscach"
    assert result.translations["so"]["The park"] == "Beerta"
    assert "What happens there?" not in result.translations["so"]  # no Somali text in the form


def test_write_translations_writes_one_po_file_per_language(result, tmp_path):
    written = write_translations(result, tmp_path / "imported")
    assert [p.name for p in written] == ["pl.po", "so.po"]
    with (tmp_path / "imported" / "pl.po").open("rb") as po_file:
        catalog = read_po(po_file)
    assert str(catalog.locale) == "pl"
    assert catalog["How old is your friend?"].string == "Ile lat ma twój przyjaciel?"
    assert len(catalog) == len(result.translations["pl"])


def test_an_unsuffixed_label_column_is_english(tmp_path):
    headers = (["type", "name", "label", "label::Polski"], ["list_name", "name", "label"])
    rows = [["text", "name_of_place", "Which place?", "Jakie miejsce?"]]
    form = write_form(tmp_path / "plain.xlsx", rows, headers=headers)
    result = convert_xlsform(form, survey_id="plain-form", version=3)
    survey = parse_survey(yaml.safe_load(result.yaml_text), "plain.yaml")
    assert (survey.id, survey.version) == ("plain-form", 3)
    assert survey.question("name_of_place").text == "Which place?"
    assert result.translations == {"pl": {"Which place?": "Jakie miejsce?"}}


@pytest.mark.parametrize(
    ("column", "code"),
    [
        ("Polish (pl)", "pl"),
        ("Polski", "pl"),
        ("Somali", "so"),
        ("English (en)", "en"),
        ("Español (es)", "es"),
        ("Portuguese (pt-BR)", "pt_BR"),
        ("اردو", "ur"),
        ("Not a language", None),
    ],
)
def test_language_columns_are_mapped_to_codes(column, code):
    assert language_code(column) == code


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("${a} = 'x'", {"a": ["x"]}),
        ('${a}="x"', {"a": ["x"]}),
        ("${n} = 3", {"n": ["3"]}),
        ("selected(${a}, 'x') or selected(${a}, 'y')", {"a": ["x", "y"]}),
        ("(${a} = 'x' or ${a} = 'y') and (${b} = 'z')", {"a": ["x", "y"], "b": ["z"]}),
        ("((${a} = 'x'))", {"a": ["x"]}),
        ("selected(../a, 'other')", {"a": ["other"]}),
    ],
)
def test_parse_relevance_understands_what_show_if_can_hold(expression, expected):
    assert parse_relevance(expression) == expected


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        ("${a} != 'x'", "compares"),
        ("${a} = 'x' and ${a} = 'y'", "'and' on two answers"),
        ("${a} = 'x' or ${b} = 'y'", "'or' between different questions"),
        ("${a} = 'x' or (${b} = 'y' and ${c} = 'z')", "mixes 'and' inside 'or'"),
        ("string-length(${a}) > 0", "uses string-length()"),
        ("${a} = ${b}", "not a simple test"),
    ],
)
def test_parse_relevance_refuses_the_rest_and_says_why(expression, reason):
    with pytest.raises(UnsupportedRelevance, match=reason):
        parse_relevance(expression)


def test_a_file_that_is_not_a_spreadsheet_gets_a_clear_error(tmp_path):
    fake = tmp_path / "form.xlsx"
    fake.write_text("not a spreadsheet")
    with pytest.raises(XLSFormError, match="could not be read as a spreadsheet"):
        convert_xlsform(fake)
    with pytest.raises(XLSFormError, match="export the form as .xlsx"):
        convert_xlsform(fake.rename(tmp_path / "form.pdf"))


def test_a_form_kobo_would_refuse_gets_pyxforms_reason(tmp_path):
    rows = [["calculate", "score", "", "", "", "", "", "", "", ""]]
    form = write_form(tmp_path / "broken.xlsx", rows, CHOICES_ROWS, SETTINGS)
    with pytest.raises(XLSFormError, match="Missing calculation"):
        convert_xlsform(form)


def test_a_form_with_nothing_we_can_ask_is_refused(tmp_path):
    rows = [["geopoint", "where", "Where are you?", "", "", "", "", "", "", ""]]
    form = write_form(tmp_path / "map.xlsx", rows, CHOICES_ROWS, SETTINGS)
    with pytest.raises(XLSFormError, match="no question that Safe Voices can ask"):
        convert_xlsform(form)


def test_a_survey_id_that_is_not_kebab_case_is_refused(kobo_form):
    with pytest.raises(XLSFormError, match="kebab-case"):
        convert_xlsform(kobo_form, survey_id="Feeling Safe")


def small_form(tmp_path, rows, choices=CHOICES_ROWS):
    """Convert a form whose rows list only the first columns (type, name, English label...)."""
    padded = [[*row, *[""] * (10 - len(row))] for row in rows]
    return convert_xlsform(write_form(tmp_path / "small_form.xlsx", padded, choices))


def test_device_and_timing_metadata_is_never_carried_over(tmp_path):
    result = small_form(tmp_path, [["text", "a", "A?"], ["start", "start"], ["deviceid", "dev"]])
    assert "row 3 'start': skipped: Safe Voices never records 'start' metadata" in result.warnings
    assert "row 4 'dev': skipped: Safe Voices never records 'deviceid' metadata" in result.warnings
    assert "deviceid" not in result.yaml_text.split("questions:")[1]


def test_relevance_on_a_skipped_or_later_question_is_dropped_and_explained(tmp_path):
    rows = [
        ["calculate", "score", "", "", "", "", "", "", "1"],
        ["text", "first", "First?", *[""] * 4, "${score} = '1'"],
        ["text", "second", "Second?", *[""] * 4, "${third} = 'x'"],
        ["text", "third", "Third?"],
    ]
    result = small_form(tmp_path, rows)
    assert "refers to 'score', which was skipped" in warning_about(result, "first")
    assert "refers to 'third', which is not an earlier question" in warning_about(result, "second")


def test_relevance_naming_a_value_the_question_does_not_offer_is_dropped(tmp_path):
    rows = [
        ["select_one mood", "mood", "Mood?"],
        ["text", "why", "Why?", *[""] * 4, "${mood} = 'sad'"],
    ]
    result = small_form(tmp_path, rows)
    assert "expects sad, not a choice of 'mood'" in warning_about(result, "why")
    assert "show_if" not in result.yaml_text


def test_a_form_without_form_title_gets_a_title_from_the_file_name(tmp_path):
    result = small_form(tmp_path, [["text", "a", "A?"]])
    assert yaml.safe_load(result.yaml_text)["title"] == "Small form"
    assert "the form has no form_title: the title is 'Small form'" in result.warnings
    assert result.survey_id == "small-form"


def test_yes_no_choices_with_other_wording_say_what_is_shown_instead(tmp_path):
    choices = [["yn", "yes", "Yes, I do"], ["yn", "no", "No"]]
    result = small_form(tmp_path, [["select_one yn", "agree", "Agree?"]], choices)
    assert "yes/no answer 'Yes, I do' shown as 'Yes'" in warning_about(result, "agree")


def test_or_other_keeps_the_specify_other_question_shown_only_for_other(tmp_path):
    result = small_form(tmp_path, [["select_one mood or_other", "mood", "Mood?"]])
    survey = parse_survey(yaml.safe_load(result.yaml_text), "other.yaml")
    assert survey.question("mood").option_values()[-1] == "other"
    assert survey.question("mood_other").show_if == {"mood": ("other",)}


def test_choices_from_a_file_constraints_and_filters_are_reported(tmp_path):
    rows = [
        ["select_one_from_file towns.csv", "town", "Which town?"],
        ["integer", "age", "How old are you?"],
        ["select_one mood", "mood", "Mood?"],
    ]
    form = write_form(
        tmp_path / "extras.xlsx",
        rows,
        CHOICES_ROWS,
        headers=(["type", "name", "label"], ["list_name", "name", "label::English (en)"]),
    )
    workbook = openpyxl.load_workbook(form)
    workbook["survey"]["D1"], workbook["survey"]["D3"] = "constraint", ". < 120"
    workbook["survey"]["E1"], workbook["survey"]["E4"] = "choice_filter", "name != 'OK'"
    workbook.save(form)
    result = convert_xlsform(form)
    assert "row 2 'town': skipped: its choices come from towns.csv" in result.warnings
    assert "row 3 'age': its constraint is not carried over" in result.warnings
    assert "row 4 'mood': its choice filter is not carried over" in result.warnings


def test_text_that_shows_an_earlier_answer_is_flagged_for_rewording(tmp_path):
    rows = [["select_one mood", "mood", "Mood?"], ["text", "why", "Why do you feel ${mood}?"]]
    result = small_form(tmp_path, rows)
    assert "row 3 'why': its text shows an earlier answer (${...}): reword it" in result.warnings


RELEVANCE_PIECES = st.sampled_from(
    ["${a} = 'x'", "selected(${b}, 'y')", "${a}", "${b}", "../a", "=", "!=", ">", "'x'", '"y"',
     "3", "(", ")", " and ", " or ", "selected(", "not(", ",", "count-selected(", " "]
)  # fmt: skip


@given(st.lists(RELEVANCE_PIECES, max_size=12).map("".join))
def test_parse_relevance_either_converts_or_explains_for_any_expression(expression):
    try:
        conditions = parse_relevance(expression)
    except UnsupportedRelevance as unsupported:
        reason = str(unsupported)
        assert reason, "every refusal says why"
        return
    assert conditions
    assert all(name in ("a", "b") and values for name, values in conditions.items())


def test_a_relevance_written_over_several_lines_keeps_the_file_valid(tmp_path):
    rows = [
        ["select_one mood", "mood", "Mood?"],
        ["text", "why", "Why?", *[""] * 4, "${mood}\n!= 'OK'"],
    ]
    result = small_form(tmp_path, rows)
    assert "compares with !=" in warning_about(result, "why")
    assert parse_survey(yaml.safe_load(result.yaml_text), "multiline.yaml").question("why")
