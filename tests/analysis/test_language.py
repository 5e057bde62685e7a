"""Language of each answer, offline, among the consultation's languages only."""

import pytest

from analysis.language import CONSULTATION_LANGUAGES, UNKNOWN, detect_language


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("I don't feel safe at the bus stop at night", "en"),
        ("more lights", "en"),
        ("the park is dodgy tbh innit", "en"),
        ("Nie czuję się bezpiecznie w parku wieczorem", "pl"),
        ("Nu mă simt în siguranță în autobuz noaptea", "ro"),
        ("Não me sinto seguro no parque à noite", "pt"),
        ("Waxaan ka baqaa baska habeenkii, dhallinyaro badan ayaa jooga", "so"),
        ("مجھے رات کو پارک میں بہت ڈر لگتا ہے", "ur"),
        ("أشعر بالخوف في الحديقة ليلا", "ar"),
        ("ਮੈਨੂੰ ਰਾਤ ਨੂੰ ਡਰ ਲੱਗਦਾ ਹੈ", "pa"),
    ],
)
def test_detects_consultation_languages(answer, expected):
    assert detect_language(answer) == expected


def test_very_short_foreign_text_is_unknown():
    assert detect_language("jestem ok") == UNKNOWN
    assert detect_language("") == UNKNOWN


def test_only_allowed_languages_are_returned():
    polish = "Nie czuję się bezpiecznie w parku wieczorem"
    assert detect_language(polish, ["en", "pt", "ro"]) in {"en", "pt", "ro", UNKNOWN}
    assert detect_language("I feel safe at school", ["pl", "ro"]) != "en"


def test_same_answer_always_gets_same_language():
    answer = "Não gosto de andar sozinha perto da estação"
    assert len({detect_language(answer) for _ in range(5)}) == 1


def test_language_without_offline_profile_is_refused():
    with pytest.raises(ValueError, match="xx"):
        detect_language("hello there everyone", [*CONSULTATION_LANGUAGES, "xx"])
