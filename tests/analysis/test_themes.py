"""Theming answers through the codebook, in English and in other languages."""

import pytest

from analysis.codebook import add_theme, load_codebook
from analysis.themes import theme_text

CODEBOOK = load_codebook()


def _themes(text, language="en"):
    return set(theme_text(text, language, CODEBOOK).theme_ids)


@pytest.mark.parametrize(
    "answer", ["They g-checked me on the bus", "got g checked", "older boys gchecked us"]
)
def test_g_checked_matches_however_it_is_written(answer):
    assert "gangs" in _themes(answer)


def test_plurals_match_singular_terms():
    result = theme_text("The buses and the stations are scary", "en", CODEBOOK)
    assert "transport" in result.theme_ids
    assert "bus" in result.hits[0].terms


def test_phrases_and_slang():
    assert _themes("there's loads of drug dealing in the park") >= {
        "drug_dealing",
        "parks_open_spaces",
    }
    assert "older_people_advantage" in _themes("older lads take advantage of the young ones")
    assert "youth_provision" in _themes("There's nothing to do round here")
    assert "online_harm" in _themes("ppl send threats on snap and insta")
    assert "weapons_violence" in _themes("my cousin got stabbed")


def test_answer_without_a_theme():
    result = theme_text("I like my house", "en", CODEBOOK)
    assert result.theme_ids == ()
    assert result.needs_translation is False


@pytest.mark.parametrize(
    ("answer", "language", "expected"),
    [
        ("W autobusie starsi chłopcy sprzedają narkotyki", "pl", {"transport", "drug_dealing"}),
        ("w autobusie starsi chlopcy", "pl", {"transport", "older_people_advantage"}),
        ("Nu mă simt în siguranță în autobuz noaptea, e întuneric", "ro", {"transport"}),
        ("Não me sinto seguro no parque, há muita droga", "pt", {"parks_open_spaces"}),
        ("Waxaan ka baqaa baska habeenkii", "so", {"transport"}),
        ("مجھے رات کو پارک میں ڈر لگتا ہے", "ur", {"parks_open_spaces"}),
    ],
)
def test_other_languages_are_themed_through_their_own_terms(answer, language, expected):
    result = theme_text(answer, language, CODEBOOK)
    assert expected <= set(result.theme_ids)
    assert result.needs_translation is False


def test_language_without_terms_needs_translation():
    result = theme_text("எனக்கு இரவில் பூங்காவில் பயமாக இருக்கிறது", "ta", CODEBOOK)
    assert result.theme_ids == ()
    assert result.needs_translation is True


def test_unthemed_answer_in_another_language_needs_translation():
    assert theme_text("Jestem szczęśliwa w domu", "pl", CODEBOOK).needs_translation is True


def test_unknown_short_english_does_not_need_translation():
    assert theme_text("idk", "unknown", CODEBOOK).needs_translation is False


def test_translated_answer_is_themed_in_english():
    assert "transport" in _themes("On the bus I feel scared")


def test_new_theme_is_used_at_once():
    grown = add_theme(CODEBOOK, "e_scooters", "E-scooters", "Scooters.", ["e scooter"])
    assert "e_scooters" in theme_text("e-scooters on the pavement", "en", grown).theme_ids
