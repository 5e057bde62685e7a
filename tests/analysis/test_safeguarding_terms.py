"""The safeguarding terms file: documented, well formed, and honest about where terms came from."""

from __future__ import annotations

import re

import yaml

from analysis.safeguarding import TERMS_FILE

HIGHEST_RISK = {"suicide_self_harm", "abuse", "immediate_danger"}
LANGUAGES = {"pl", "ro", "pa", "ur", "ar", "so", "ta", "gu", "bn", "pt"}


def _data() -> dict:
    return yaml.safe_load(TERMS_FILE.read_text(encoding="utf-8"))


def test_the_header_documents_sources_and_the_review_status_of_translations() -> None:
    header = TERMS_FILE.read_text(encoding="utf-8").split("\nword_lists:")[0]
    for needed in ("SOURCES", "NSPCC", "Childline", "Home Office", "NOT yet been checked"):
        assert needed in header


def test_every_category_is_complete() -> None:
    for category in _data()["categories"]:
        assert category["id"]
        assert category["label"]
        assert category["severity"] in {"high", "medium"}
        assert category["terms"] or category["patterns"]
        for pattern in category.get("patterns", []):
            re.compile(re.sub(r"\{[a-z_]+\}", "x", pattern))


def test_highest_risk_categories_have_terms_in_every_language() -> None:
    for category in _data()["categories"]:
        if category["id"] in HIGHEST_RISK:
            languages = category["languages"]
            assert set(languages) == LANGUAGES
            assert all(len(terms) >= 3 for terms in languages.values())


def test_every_term_is_text() -> None:
    # YAML reads a bare no, on or 999 as a boolean or number
    for category in _data()["categories"]:
        lists = [category["terms"], category.get("cues", [])]
        lists += list(category.get("languages", {}).values())
        assert all(isinstance(term, str) for terms in lists for term in terms)
