"""Safeguarding screening: what a safeguarding lead would check on real-looking answers."""

from __future__ import annotations

import dataclasses

import pytest

from analysis.safeguarding import (
    HIGH,
    MEDIUM,
    ScreeningResult,
    category_labels,
    screen,
    supported_languages,
)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("kms", "suicide_self_harm"),
        ("i just wanna unalive", "suicide_self_harm"),
        ("wanna die", "suicide_self_harm"),
        ("he hits me", "abuse"),
        ("mums boyfriend touches me", "abuse"),
        ("i owe them money", "exploitation"),
        ("they make me carry stuff", "exploitation"),
        ("my nudes got sent", "exploitation"),
        ("some older guy wants to link up and buys me vapes", "exploitation"),
        ("i work the trap for my olders", "exploitation"),
        ("the opps have a shank", "weapons_violence"),
        ("ran away", "missing"),
        ("im scared to go home", "immediate_danger"),
        ("my friend cuts herself", "someone_else_at_risk"),
    ],
)
def test_youth_wording_from_the_brief_is_flagged(text: str, category: str) -> None:
    result = screen(text)
    assert result.is_flagged
    assert category in result.categories


@pytest.mark.parametrize(
    "text",
    [
        "I feel safe at home",
        "the knife crime film at school was good",
        "we learned about county lines in PSHE",
        'my fave song goes "i just wanna die in your arms tonight"',
        "more lights in the park and more buses at night please",
        "this homework is killing me",
        "i have never been hit by anyone",
        "i would never carry a knife",
        "more youth workers would help me feel safer",
        "my dad beat me at chess",
    ],
)
def test_ordinary_answers_negation_and_reported_speech_are_not_flagged(text: str) -> None:
    assert screen(text) == ScreeningResult(False, None, (), (), False)


@pytest.mark.parametrize(
    "text",
    ["i want to kiilllll myself", "k1ll mys3lf", "sucidal all the time", "my dad punchd me"],
)
def test_misspelt_stretched_and_leetspeak_words_still_match(text: str) -> None:
    assert screen(text).severity == HIGH


def test_far_away_negation_lowers_the_severity_instead_of_dropping_the_flag() -> None:
    result = screen("nobody at home really ever hits me")
    assert result.is_flagged
    assert result.severity == MEDIUM


def test_a_reported_cue_with_the_writer_in_it_is_kept_at_medium_severity() -> None:
    result = screen("we watched a film about knives and now im scared my brother carries one")
    assert result.is_flagged
    assert result.severity == MEDIUM


def test_a_time_marker_turns_a_disclosure_into_immediate_danger() -> None:
    result = screen("im going to end my life tonight")
    assert result.categories == ("suicide_self_harm", "immediate_danger")
    assert result.severity == HIGH


def test_a_vague_worrying_word_about_the_writer_is_a_medium_flag() -> None:
    result = screen("my wrists are all scarred up")
    assert result.categories == ("suicide_self_harm",)
    assert result.severity == MEDIUM


def test_medium_categories_alone_give_medium_severity() -> None:
    result = screen("there was a shooting on my road")
    assert result.categories == ("weapons_violence",)
    assert result.severity == MEDIUM


def test_one_sentence_per_disclosure_in_a_longer_answer() -> None:
    text = "The park is nice. But my stepdad hits me and I ran away last week!"
    assert screen(text).categories == ("abuse", "missing")


@pytest.mark.parametrize(
    ("language", "abuse", "suicide", "danger"),
    [
        ("pl", "Tata mnie bije", "Chcę umrzeć", "Pomocy!"),
        ("ro", "Tatăl meu mă bate", "vreau să mor", "ajutați-mă"),
        ("pt", "meu pai me bate", "quero morrer", "socorro"),
        ("so", "aabbahay wuu i garaacaa", "waxaan doonayaa inaan dhinto", "i caawi"),
        ("ar", "أبي يضربني", "أريد أن أموت", "ساعدني"),
        ("ur", "میرا باپ مجھے مارتا ہے", "میں خودکشی کرنا چاہتا ہوں", "میری مدد کرو"),
        ("pa", "ਮੇਰਾ ਪਿਤਾ ਮੈਨੂੰ ਮਾਰਦਾ ਹੈ", "ਮੈਂ ਮਰਨਾ ਚਾਹੁੰਦਾ ਹਾਂ", "ਮੈਨੂੰ ਬਚਾਓ"),
        ("gu", "મારા પપ્પા મને મારે છે", "મારે મરવું છે", "મને બચાવો"),
        ("bn", "আমার বাবা আমাকে মারে", "আমি মরতে চাই", "আমাকে বাঁচাও"),
        ("ta", "என் அப்பா என்னை அடிக்கிறார்", "நான் தற்கொலை செய்ய நினைக்கிறேன்", "என்னைக் காப்பாற்றுங்கள்"),
    ],
)
def test_each_supported_language_flags_the_highest_risk_categories(
    language: str, abuse: str, suicide: str, danger: str
) -> None:
    assert screen(abuse, language).categories == ("abuse",)
    assert screen(suicide, language).categories == ("suicide_self_harm",)
    assert screen(danger, language).categories == ("immediate_danger",)
    assert not screen(danger, language).needs_human_reading


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("pl", "Czuję się bezpiecznie w domu"),
        ("ar", "أشعر بالأمان في البيت"),
        ("bn", "আমি বাড়িতে নিরাপদ বোধ করি"),
    ],
)
def test_feeling_safe_at_home_in_another_language_is_not_flagged(language, text) -> None:
    assert not screen(text, language).is_flagged


def test_text_without_diacritics_matches_terms_written_with_them() -> None:
    assert screen("chce umrzec", "pl").categories == ("suicide_self_harm",)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("he hits me", "unknown"),
        ("he hits me", "de"),
        ("Мне страшно идти домой", "en"),
        ("मुझे बहुत डर लगता है", "en"),
    ],
)
def test_text_it_cannot_screen_needs_human_reading(text: str, language: str) -> None:
    assert screen(text, language).needs_human_reading


def test_regional_language_codes_are_supported() -> None:
    assert not screen("quero morrer", "pt-BR").needs_human_reading


def test_english_words_still_count_in_another_language() -> None:
    assert screen("kms", "pl").categories == ("suicide_self_harm",)


def test_empty_answer_is_not_flagged_and_needs_no_reading() -> None:
    assert screen("   ") == ScreeningResult(False, None, (), (), False)


def test_result_is_frozen_and_lists_the_words_that_matched() -> None:
    result = screen("he hits me")
    assert result.matched_terms == ("he hits me",)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.is_flagged = False  # type: ignore[misc]


def test_categories_have_labels_and_all_languages_are_supported() -> None:
    assert set(category_labels()) == {
        "suicide_self_harm",
        "abuse",
        "exploitation",
        "weapons_violence",
        "missing",
        "someone_else_at_risk",
        "immediate_danger",
    }
    assert supported_languages() == {
        "en", "pl", "ro", "pa", "ur", "ar", "so", "ta", "gu", "bn", "pt"
    }  # fmt: skip
