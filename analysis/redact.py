"""Find personal details in a free-text answer and replace them with plain placeholders.

Staff screens show answers only after ``redact()``: phone numbers, e-mail addresses, UK
postcodes, street addresses, social media handles, names people give ("my name is ...") and the
school names the caller passes in. Placeholders are English strings from ``PLACEHOLDERS``; the
app may pass its own translated mapping. It errs towards hiding: a word wrongly hidden costs
little, a child's phone number on a projector costs a lot.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import phonenumbers

PHONE = "phone"
EMAIL = "email"
POSTCODE = "postcode"
ADDRESS = "address"
HANDLE = "handle"
NAME = "name"
SCHOOL = "school"

PLACEHOLDERS: Mapping[str, str] = {
    PHONE: "[phone number]",
    EMAIL: "[e-mail]",
    POSTCODE: "[postcode]",
    ADDRESS: "[address]",
    HANDLE: "[social media handle]",
    NAME: "[name]",
    SCHOOL: "[school]",
}

PHONE_REGION = "GB"
MIN_PHONE_DIGITS = 10  # shorter digit runs are years, prices and bus routes, not phones

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_AT_HANDLE = re.compile(r"(?<![\w.@])@[A-Za-z0-9_][A-Za-z0-9_.]{1,29}")
_POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR) ?\d[ABD-HJLNP-UW-Z]{2}\b", re.IGNORECASE)
_STREET_TYPES = (
    "road|rd|street|st|avenue|ave|lane|ln|close|drive|dr|way|crescent|cres|grove|gardens|gdns|"
    "place|pl|court|ct|terrace|hill|square|sq|mews|row|walk|rise|green|view|parade|estate"
)
_NOT_STREET_WORD = (
    r"(?!(?:the|on|in|at|of|and|to|a|an|from|near|by|people|cars|kids|houses|shops|minutes|mins"
    r"|min|hours|times|years|days|of|my|our|your|is|was)\b)"
)
_STREET_ADDRESS = re.compile(
    rf"\b\d{{1,4}}[a-z]?,?\s+(?:{_NOT_STREET_WORD}[A-Za-z][\w'-]*\s+){{1,3}}(?:{_STREET_TYPES})\b",
    re.IGNORECASE,
)
_FLAT = re.compile(
    r"\b(?:flat|apartment|apt|unit)\s*\d+[a-z]?\b(?:,?\s+(?:[A-Z][\w'-]*\s+){0,2}"
    r"(?:House|Court|Tower|Block|Building|Lodge|Heights|Point|Mansions))?",
    re.IGNORECASE,
)
_PLATFORMS = (
    r"snap|snapchat|sc|insta|instagram|ig|tiktok|tt|twitter|discord|fb|facebook|youtube|yt|"
    r"twitch|roblox|xbox|psn|kik|whatsapp|telegram|threads"
)
_HANDLE_PHRASE = re.compile(
    rf"\b(?:my|add me on|add me|follow me on|follow me|find me on|dm me on|message me on|im on)"
    rf"\s+(?:{_PLATFORMS})\b(?:\s*(?:name|username|handle|@|tag))?\s*(?:is|=|:|-|its|it's)?\s*"
    r"@?(?P<value>[A-Za-z0-9_][A-Za-z0-9_.]{1,29})",
    re.IGNORECASE,
)
# "snap leah.x": after a platform name, a word with a digit, dot or underscore is a handle
_PLATFORM_HANDLE = re.compile(
    rf"\b(?:{_PLATFORMS})\s*[:=-]?\s*@?(?P<value>[A-Za-z0-9_.]*[0-9_.][A-Za-z0-9_.]*[A-Za-z0-9_])",
    re.IGNORECASE,
)
_NAME_GIVEN = re.compile(
    r"\b(?:my name is|my names|my name's|name is|i'?m called|im called|i am called|call me)"
    r"\s+(?P<value>[A-Za-z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?)",
    re.IGNORECASE,
)
# "I'm X" is only a name when X is written with a capital, so "im bored" stays
_NAME_IM = re.compile(r"\b(?:[Ii]'?m|I am|i am)\s+(?P<value>[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?)")
_NOT_A_NAME = frozenset(
    {
        "a",
        "an",
        "the",
        "not",
        "so",
        "very",
        "really",
        "too",
        "just",
        "from",
        "in",
        "at",
        "on",
        "and",
        "or",
        "but",
        "if",
        "with",
        "here",
        "there",
        "happy",
        "sad",
        "fine",
        "ok",
        "okay",
        "good",
        "bad",
        "scared",
        "worried",
        "british",
        "english",
        "welsh",
        "scottish",
        "irish",
        "muslim",
        "christian",
        "jewish",
        "sikh",
        "hindu",
        "polish",
        "romanian",
        "somali",
        "black",
        "white",
        "mixed",
        "gay",
        "bi",
        "trans",
        "lol",
        "pls",
        "please",
        "yes",
        "no",
        "is",
        "it",
        "its",
        "me",
        "you",
        "u",
        "also",
        "then",
        "x",
    }
)


@dataclass(frozen=True)
class RedactionResult:
    """Text with placeholders, and the kinds of detail found, in order of first appearance."""

    text: str
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    kind: str


def redact(
    text: str, known_names: Iterable[str] = (), placeholders: Mapping[str, str] = PLACEHOLDERS
) -> RedactionResult:
    """Replace personal details in ``text``; ``known_names`` are school names to hide."""
    spans = _non_overlapping(_find_all(text, list(known_names)))
    pieces, position = [], 0
    for span in spans:
        pieces += [text[position : span.start], placeholders[span.kind]]
        position = span.end
    pieces.append(text[position:])
    kinds = tuple(dict.fromkeys(span.kind for span in spans))
    return RedactionResult("".join(pieces), kinds)


def _find_all(text: str, known_names: list[str]) -> list[_Span]:
    # the order is the priority when two findings overlap: the most certain first
    return [
        *_whole(_EMAIL, text, EMAIL),
        *_whole(_AT_HANDLE, text, HANDLE),
        *_phones(text),
        *_whole(_POSTCODE, text, POSTCODE),
        *_whole(_FLAT, text, ADDRESS),
        *_whole(_STREET_ADDRESS, text, ADDRESS),
        *_schools(text, known_names),
        *_values(_HANDLE_PHRASE, text, HANDLE),
        *_values(_PLATFORM_HANDLE, text, HANDLE),
        *_values(_NAME_GIVEN, text, NAME),
        *_values(_NAME_IM, text, NAME),
    ]


def _whole(pattern: re.Pattern[str], text: str, kind: str) -> list[_Span]:
    return [_Span(m.start(), m.end(), kind) for m in pattern.finditer(text)]


def _values(pattern: re.Pattern[str], text: str, kind: str) -> list[_Span]:
    spans = []
    for match in pattern.finditer(text):
        words = match.group("value").rstrip(".").split()
        while words and words[-1].lower() in _NOT_A_NAME:
            words.pop()
        if words and words[0].lower() not in _NOT_A_NAME:
            start = match.start("value")
            spans.append(_Span(start, start + len(" ".join(words)), kind))
    return spans


def _phones(text: str) -> list[_Span]:
    # POSSIBLE leniency also catches numbers from ranges that are not yet in use,
    # such as Ofcom's drama numbers (07700 900xxx) that people copy from examples
    matcher = phonenumbers.PhoneNumberMatcher(
        text, PHONE_REGION, leniency=phonenumbers.Leniency.POSSIBLE
    )
    return [
        _Span(m.start, m.end, PHONE)
        for m in matcher
        if sum(ch.isdigit() for ch in m.raw_string) >= MIN_PHONE_DIGITS
    ]


def _schools(text: str, known_names: list[str]) -> list[_Span]:
    spans = []
    for name in known_names:
        words = re.findall(r"[\w]+", name.replace("'", ""))
        if words:
            # apostrophes, dots and spacing vary: "St Mary's", "st marys", "St. Marys"
            flexible = r"[\s.'’-]*".join(_possessive(re.escape(w)) for w in words)
            pattern = re.compile(rf"(?<!\w){flexible}(?!\w)", re.IGNORECASE)
            spans += _whole(pattern, text, SCHOOL)
    return spans


def _possessive(word: str) -> str:
    return word[:-1] + "['’]?s" if word.lower().endswith("s") else word


def _non_overlapping(spans: list[_Span]) -> list[_Span]:
    chosen: list[_Span] = []
    for span in spans:  # already in priority order
        if all(span.end <= c.start or c.end <= span.start for c in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)
