"""``safevoices export SLUG``: each format to standard output or to a file, and clear refusals."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from app.export_commands import export_command
from tests.exports.export_data import add_response
from tests.factories import create_consultation


@pytest.fixture
def consultation(app):
    consultation = create_consultation(slug="safe-places")
    add_response(consultation, {"mood": "very_safe", "why_unsafe": "ring 07700 900123"})
    return consultation


def test_csv_goes_to_standard_output_by_default(runner, consultation):
    result = runner.invoke(export_command, ["safe-places"])
    assert result.exit_code == 0, result.output
    header, row = csv.reader(io.StringIO(result.stdout))
    assert header[0] == "response_id"
    assert "ring [phone number]" in row


def test_json_to_standard_output_parses(runner, consultation):
    result = runner.invoke(export_command, ["safe-places", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["responses"][0]["answers"]["mood"] == "very_safe"


def test_summary_csv_suppresses_the_single_answer(runner, consultation):
    result = runner.invoke(export_command, ["safe-places", "--format", "summary-csv"])
    assert result.exit_code == 0, result.output
    assert "mood,How safe do you feel today?,very_safe,Very safe,<10" in result.stdout


def test_xlsx_is_written_to_the_file_given(runner, consultation, tmp_path):
    target = tmp_path / "responses.xlsx"
    result = runner.invoke(export_command, ["safe-places", "--format", "xlsx", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert f"to {target}" in result.stderr
    sheet = load_workbook(target)["Responses"]
    assert sheet.max_row == 2


def test_csv_file_keeps_utf8_and_its_own_line_ends(runner, app, tmp_path):
    consultation = create_consultation(slug="polish")
    add_response(consultation, {"why_unsafe": "Źle oświetlony park"}, language="pl")
    target = tmp_path / "out.csv"
    result = runner.invoke(export_command, ["polish", "-o", str(target)])
    assert result.exit_code == 0, result.output
    content = target.read_bytes()
    assert "Źle oświetlony park".encode() in content
    assert content.count(b"\r\n") == 2
    assert b"\r\r\n" not in content


def test_xlsx_without_a_file_is_refused(runner, consultation):
    result = runner.invoke(export_command, ["safe-places", "--format", "xlsx"])
    assert result.exit_code == 1
    assert "give a file name with -o" in result.output


def test_unknown_slug_is_refused_with_the_known_ones(runner, consultation):
    result = runner.invoke(export_command, ["safe-place"])
    assert result.exit_code == 1
    assert "No consultation has the slug 'safe-place'. Known slugs: safe-places." in result.output
