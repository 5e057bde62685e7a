"""Which of a consultation's languages an answer is written in, detected offline.

langdetect is seeded so that the same answer always gets the same language, and it only chooses
among the consultation's languages (a Polish answer cannot come back as Czech). Short answers and
low-confidence guesses are "unknown" rather than a confident mistake. Plain English answers are
recognised first from TextBlob's English word list, which is both faster and more reliable than
character n-grams on a few words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException
from textblob.en import parser as _pattern_parser

from analysis.text import load_pattern_data

CONSULTATION_LANGUAGES = ("en", "pl", "ro", "pa", "ur", "ar", "so", "ta", "gu", "bn", "pt")
UNKNOWN = "unknown"
MIN_LETTERS = 12
MIN_CONFIDENCE = 0.8
ENGLISH_WORD_SHARE = 0.8
# Words young people and residents use that TextBlob's 1990s lexicon does not know.
EVERYDAY_ENGLISH = frozenset(
    [
        "tbh", "idk", "innit", "lol", "ppl", "u", "ur", "rn", "tho", "gonna", "wanna", "gotta",
        "nah", "yeah", "dunno", "bruv", "fam", "mandem", "peng", "dodgy", "sketchy", "scarey",
        "cctv", "snapchat", "snap", "insta", "instagram", "tiktok", "whatsapp", "youtube",
        "carer", "carers", "underpass", "pcso", "feds", "opps", "gchecked", "g-checked", "uber",
        "vape", "vapes", "vaping", "selfie", "online", "wifi", "cuz", "coz", "cos", "bc", "pls",
        "plz", "thx", "ok", "okay", "alright", "mates"
    ]
)  # fmt: skip
# Scripts that, among our languages, belong to exactly one of them.
_SCRIPT_LANGUAGE = {"GURMUKHI": "pa", "GUJARATI": "gu", "BENGALI": "bn", "TAMIL": "ta"}
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")

# The module-level seed is what langdetect documents; our factories copy it as well.
DetectorFactory.seed = 0


def detect_language(text: str, languages: Iterable[str] = CONSULTATION_LANGUAGES) -> str:
    """The language code of ``text`` among ``languages``, or "unknown"."""
    allowed = frozenset(languages)
    unsupported = sorted(allowed - _available_profiles())
    if unsupported:
        raise ValueError(f"no offline language profile for: {', '.join(unsupported)}")
    return _detect(text.strip(), allowed)


@lru_cache(maxsize=65536)
def _detect(text: str, allowed: frozenset[str]) -> str:
    if "en" in allowed and looks_english(text):
        return "en"
    by_script = _single_script_language(text, allowed)
    if by_script:
        return by_script
    if sum(character.isalpha() for character in text) < MIN_LETTERS:
        return UNKNOWN
    if len(allowed) == 1:
        return next(iter(allowed))
    return _langdetect(text, allowed)


def looks_english(text: str) -> bool:
    """Plain-ASCII words that are nearly all in TextBlob's English lexicon (emoji allowed)."""
    lowered = text.lower().replace("\u2019", "'")
    words = _WORD.findall(lowered)
    if not words or not _words_are_ascii(lowered, words):
        return False
    vocabulary = _english_words()
    known = sum(map(vocabulary.__contains__, words)) + sum("'" in word for word in words)
    return known / len(words) >= ENGLISH_WORD_SHARE


def _words_are_ascii(text: str, words: list[str]) -> bool:
    return text.isascii() or all(word.isascii() for word in words)


@lru_cache(maxsize=1)
def has_non_ascii_letters(text: str) -> bool:
    """Letters beyond plain English ones: accents, other scripts (emoji and quotes do not count)."""
    if text.isascii():
        return False
    return any(character.isalpha() and not character.isascii() for character in text)


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    load_pattern_data()
    lexicon_words = (word.lower() for word in _pattern_parser.lexicon if word.isalpha())
    return frozenset(lexicon_words) | EVERYDAY_ENGLISH


def _single_script_language(text: str, allowed: frozenset[str]) -> str | None:
    scripts = {_script(character) for character in text if character.isalpha()}
    if len(scripts) != 1:
        return None
    language = _SCRIPT_LANGUAGE.get(scripts.pop())
    return language if language in allowed else None


def _script(character: str) -> str:
    return unicodedata.name(character, "UNKNOWN").split(" ", 1)[0]


def _langdetect(text: str, allowed: frozenset[str]) -> str:
    detector = _factory(allowed).create()
    detector.append(text)
    try:
        best = max(detector.get_probabilities(), key=lambda guess: guess.prob)
    except (LangDetectException, ValueError):
        return UNKNOWN
    return best.lang if best.prob >= MIN_CONFIDENCE else UNKNOWN


@lru_cache(maxsize=16)
def _factory(allowed: frozenset[str]) -> DetectorFactory:
    factory = DetectorFactory()
    factory.seed = 0
    directory = Path(PROFILES_DIRECTORY)
    factory.load_json_profile(
        [(directory / code).read_text(encoding="utf-8") for code in sorted(allowed)]
    )
    return factory


@lru_cache(maxsize=1)
def _available_profiles() -> frozenset[str]:
    return frozenset(path.name for path in Path(PROFILES_DIRECTORY).iterdir())
