"""``safevoices import-xlsform``: files written, the report, overwriting and bad files."""

import pytest
from click.testing import CliRunner

from app.questionnaire.loader import load_survey_file
from app.xlsform_commands import import_xlsform_command


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*arguments):
    return CliRunner().invoke(import_xlsform_command, [str(a) for a in arguments])


def test_import_writes_the_survey_and_po_files_and_reports(in_tmp, kobo_form):
    result = run(kobo_form)
    assert result.exit_code == 0, result.output
    survey = load_survey_file(in_tmp / "surveys" / "feeling-safe-2025.v1.yaml")
    assert survey.question("what_happens") is not None
    assert (in_tmp / "imported" / "feeling-safe-2025" / "pl.po").is_file()
    assert (in_tmp / "imported" / "feeling-safe-2025" / "so.po").is_file()
    assert "Converted 13 questions from feeling_safe.xlsx" in result.output
    assert "Languages found: en (question text), pl, so." in result.output
    assert "row 15 'location': skipped: Safe Voices has no 'geopoint' question" in result.output
    assert "is always shown, because its relevance" in result.output


def test_the_report_says_how_to_merge_into_an_existing_catalogue(in_tmp, kobo_form):
    catalogue = in_tmp / "translations" / "pl" / "LC_MESSAGES" / "messages.po"
    catalogue.parent.mkdir(parents=True)
    catalogue.write_text('msgid ""\nmsgstr ""\n')
    result = run(kobo_form)
    assert f"msgcat --use-first {catalogue.relative_to(in_tmp)}" in result.output
    assert "No translations/so/LC_MESSAGES/messages.po yet" in result.output
    assert "safevoices i18n-add so" in result.output


def test_id_version_and_output_options(in_tmp, kobo_form):
    result = run(kobo_form, "--id", "young-people-safety", "--version", "2", "-o", "out/x.yaml")
    assert result.exit_code == 0, result.output
    survey = load_survey_file(in_tmp / "out" / "x.yaml")
    assert (survey.id, survey.version) == ("young-people-safety", 2)
    assert (in_tmp / "imported" / "young-people-safety" / "pl.po").is_file()


def test_an_existing_survey_file_is_kept_unless_forced(in_tmp, kobo_form):
    target = in_tmp / "surveys" / "feeling-safe-2025.v1.yaml"
    target.parent.mkdir()
    target.write_text("# someone's survey\n")
    refused = run(kobo_form)
    assert refused.exit_code == 1
    assert "already exists" in refused.output
    assert target.read_text() == "# someone's survey\n"
    forced = run(kobo_form, "--force")
    assert forced.exit_code == 0, forced.output
    assert load_survey_file(target).id == "feeling-safe-2025"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("form.xlsx", "not a spreadsheet", "could not be read as a spreadsheet"),
        ("form.docx", "a letter", "export the form as .xlsx"),
    ],
)
def test_a_bad_file_gets_a_friendly_error_not_a_traceback(in_tmp, name, content, message):
    (in_tmp / name).write_text(content)
    result = run(in_tmp / name)
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (in_tmp / "surveys").exists()


def test_a_missing_file_is_named(in_tmp):
    result = run(in_tmp / "nowhere.xlsx")
    assert result.exit_code == 1
    assert "nowhere.xlsx is not a file" in result.output
