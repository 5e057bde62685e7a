"""Fixtures for the XLSForm import tests: a multilingual Kobo-style form on disk."""

from pathlib import Path

import pytest

from tests.xlsform.forms import CHOICES_ROWS, SETTINGS, SURVEY_ROWS, write_form


@pytest.fixture
def kobo_form(tmp_path) -> Path:
    return write_form(tmp_path / "feeling_safe.xlsx", SURVEY_ROWS, CHOICES_ROWS, SETTINGS)
