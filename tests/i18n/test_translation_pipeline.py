"""The translation pipeline: extraction from code, templates and surveys, the POT, the .mo files."""

import io
import os
import time
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo

from app.config import PROJECT_ROOT
from app.i18n import compile_catalogs
from app.i18n_commands import (
    TEMPLATE_NAME,
    TRANSLATIONS_DIR,
    all_language_statuses,
    extract_template,
    read_catalog,
    status_lines,
)
from app.questionnaire.extract import extract_survey
from app.questionnaire.loader import load_surveys

SURVEY_YAML = b"""id: tiny
version: 1
title: A tiny survey
translator_note: Children read this.
intro: >-
  First line
  goes on.
audiences: [talkers]
age_bands: ["6-11", "12-15"]
questions:
  - id: q1
    type: single
    text: How are you?
    text_by_age: {"6-11": "How do you feel?"}
    help: Any answer is fine.
    translator_note: Keep it short.
    options:
      - {value: good, label: Good}
      - {value: bad, label: Not good}
"""


def extracted(source: bytes) -> dict[str, tuple[int, list[str]]]:
    found = extract_survey(io.BytesIO(source), keywords={}, comment_tags=(), options={})
    return {message: (line, comments) for line, _func, message, comments in found}


def test_extractor_finds_every_survey_string_with_its_line():
    found = extracted(SURVEY_YAML)
    assert set(found) == {
        "A tiny survey",
        "First line goes on.",
        "How are you?",
        "How do you feel?",
        "Any answer is fine.",
        "Good",
        "Not good",
    }
    assert found["A tiny survey"][0] == 3
    assert found["Good"][0] == 18


def test_translator_notes_become_comments_and_age_wordings_are_labelled():
    found = extracted(SURVEY_YAML)
    assert found["A tiny survey"][1] == ["Children read this."]
    assert found["Good"][1] == ["Children read this.", "Keep it short."]
    assert found["How do you feel?"][1][-1] == "Wording for ages 6-11."


def test_every_survey_text_the_app_shows_is_in_the_template():
    msgids = {message.id for message in read_catalog(TRANSLATIONS_DIR / TEMPLATE_NAME)}
    for survey in load_surveys(PROJECT_ROOT / "surveys").values():
        texts = {survey.title, survey.intro, survey.thank_you}
        for question in survey.questions:
            texts |= {question.text, question.help, *question.text_by_age.values()}
            texts |= {option.label for option in question.options}
        assert texts - {""} <= msgids, f"{survey.id}: {sorted(texts - msgids - {''})}"


def test_messages_pot_is_up_to_date():
    committed = {message.id for message in read_catalog(TRANSLATIONS_DIR / TEMPLATE_NAME)}
    current = {message.id for message in extract_template()}
    assert current == committed, (
        "translations/messages.pot is stale: run 'safevoices i18n-update'. "
        f"New: {sorted(map(str, current - committed))[:5]}; "
        f"gone: {sorted(map(str, committed - current))[:5]}"
    )


PO_TEXT = """# Polish test catalogue
# Review-State: reviewed by a native speaker (Ania, 2026-11-20)
msgid ""
msgstr ""
"Language: pl\\n"
"Content-Type: text/plain; charset=utf-8\\n"

#: app/templates/base.html:7
msgid "Safe Voices"
msgstr "Bezpieczne Głosy"

#: app/errors.py:3
#, fuzzy
msgid "Page not found"
msgstr "Nie ma strony"

#: app/errors.py:4
msgid "%(n)d thing"
msgid_plural "%(n)d things"
msgstr[0] "%(n)d rzecz"
msgstr[1] ""
msgstr[2] ""

#: surveys/tiny.v1.yaml:3 app/questionnaire/types.py:9
msgid "Yes"
msgstr "Tak"

#: surveys/tiny.v1.yaml:4
msgid "How are you?"
msgstr ""
"""


@pytest.fixture
def catalogues(tmp_path) -> Path:
    po_path = tmp_path / "pl" / "LC_MESSAGES" / "messages.po"
    po_path.parent.mkdir(parents=True)
    po_path.write_text(PO_TEXT, encoding="utf-8")
    return tmp_path


def compiled_messages(folder: Path) -> dict:
    with (folder / "pl" / "LC_MESSAGES" / "messages.mo").open("rb") as mo_file:
        return {message.id: message.string for message in read_mo(mo_file) if message.id}


def test_compiling_keeps_only_finished_translations(catalogues):
    assert compile_catalogs(catalogues, catalogues) == ["pl"]
    # The fuzzy guess, the half-done plural and the empty one are left out: English shows instead.
    assert compiled_messages(catalogues) == {"Safe Voices": "Bezpieczne Głosy", "Yes": "Tak"}


def test_compiling_again_only_rebuilds_changed_catalogues(catalogues):
    compile_catalogs(catalogues, catalogues)
    assert compile_catalogs(catalogues, catalogues) == []
    po_path = catalogues / "pl" / "LC_MESSAGES" / "messages.po"
    later = time.time() + 5
    os.utime(po_path, (later, later))
    assert compile_catalogs(catalogues, catalogues) == ["pl"]


def test_status_counts_ui_and_each_survey_and_reads_the_review_state(catalogues):
    (status,) = all_language_statuses(catalogues)
    assert status.review_state == "reviewed by a native speaker (Ania, 2026-11-20)"
    ui, survey = status.parts["UI"], status.parts["tiny.v1"]
    assert (ui.translated, ui.fuzzy, ui.missing) == (2, 1, 1)
    assert (survey.translated, survey.fuzzy, survey.missing) == (1, 0, 1)
    lines = status_lines([status])
    assert lines[0] == "pl (Polski): reviewed by a native speaker (Ania, 2026-11-20)"
    assert lines[1].split() == ["UI", "2", "translated", "1", "fuzzy", "1", "missing"]


def test_status_command_reports_every_language_and_survey():
    from click.testing import CliRunner

    from app.i18n_commands import i18n_status

    result = CliRunner().invoke(i18n_status)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "pl (Polski): not reviewed by a native speaker" in lines
    assert "ar (العربية): not reviewed by a native speaker" in lines
    polish = lines[lines.index("pl (Polski): not reviewed by a native speaker") + 1 :][:3]
    assert [line.split()[0] for line in polish] == [
        "UI",
        "community-safety-residents.v1",
        "safe-places-young-people.v1",
    ]
    for survey_line in polish[1:]:
        assert survey_line.split()[-2:] == ["0", "missing"]


def test_a_new_language_starts_empty_and_says_it_is_not_reviewed(tmp_path):
    from app.i18n_commands import add_language, review_state

    template = read_catalog(TRANSLATIONS_DIR / TEMPLATE_NAME)
    po_path = add_language("so", template, tmp_path)
    assert review_state(po_path) == "not reviewed by a native speaker"
    (status,) = all_language_statuses(tmp_path)
    assert status.code == "so"
    assert all(counts.translated == 0 for counts in status.parts.values())
    assert sum(counts.missing for counts in status.parts.values()) >= len(template) - 1
