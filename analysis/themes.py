"""Theme an answer with the codebook's terms, in English or in the answer's own language.

Terms and answers are compared as normalised word keys: lower case, accents folded, hyphens and
apostrophes dropped, and consecutive words joined, so "g-checked", "g checked" and "gchecked" are
the same key. English words are also compared in the singular ("buses" -> "bus"). A term
ending in "*" matches any word starting with it, for inflected languages. An answer we cannot
theme in its own language is marked ``needs_translation`` so that a worker can add a translation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from textblob.en.inflect import singularize

from analysis.codebook import MIN_PREFIX, Codebook
from analysis.language import UNKNOWN, has_non_ascii_letters
from analysis.text import is_word, tokenize

_KEY_DROPS = str.maketrans("", "", "-'\u2019")
_FOLDS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ı": "i", "æ": "ae", "œ": "oe"})
_TERM_WORD = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*")
SENTENCE_CACHE_SIZE = 200_000


@dataclass(frozen=True)
class ThemeHit:
    theme_id: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class ThemeResult:
    hits: tuple[ThemeHit, ...]
    needs_translation: bool

    @property
    def theme_ids(self) -> tuple[str, ...]:
        return tuple(hit.theme_id for hit in self.hits)


@dataclass
class _Table:
    """Keys of one language's terms: exact keys and prefix keys, each to (theme id, term)s."""

    exact: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    prefixes: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def add(self, key: str, entry: tuple[str, str], is_prefix: bool) -> None:
        target = self.prefixes if is_prefix else self.exact
        if entry not in target.setdefault(key, []):
            target[key].append(entry)


@dataclass
class ThemeMatcher:
    """A codebook compiled for fast matching; build it once per codebook."""

    codebook: Codebook
    tables: dict[str, _Table]
    max_words: int
    # Answers share many sentences; (language, sentence tokens) -> matches.
    sentence_cache: dict[tuple[str, tuple[str, ...]], tuple[tuple[str, str], ...]] = field(
        default_factory=dict
    )

    def sentence_matches(self, language: str, tokens: Sequence[str]) -> tuple[tuple[str, str], ...]:
        """(theme id, term) pairs found in one tokenised sentence."""
        key = (language, tuple(tokens))
        found = self.sentence_cache.get(key)
        if found is None:
            if len(self.sentence_cache) >= SENTENCE_CACHE_SIZE:
                self.sentence_cache.clear()
            found = self.sentence_cache[key] = tuple(_sentence_matches(self, language, key[1]))
        return found


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case without accents: "Bezpieczeństwo" -> "bezpieczenstwo", "ș" -> "s"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_FOLDS))
    return "".join(character for character in decomposed if not unicodedata.combining(character))


def word_key(word: str) -> str:
    return fold(word).translate(_KEY_DROPS)


def compile_codebook(codebook: Codebook) -> ThemeMatcher:
    """Index every term of every theme by language."""
    tables: dict[str, _Table] = {}
    max_words = 1
    for theme in codebook.themes:
        for language in codebook.languages:
            for term in theme.terms_in(language):
                words = _TERM_WORD.findall(fold(term))
                max_words = max(max_words, len(words))
                for key in _term_keys(words, language):
                    tables.setdefault(language, _Table()).add(
                        key, (theme.id, term), term.endswith("*")
                    )
    return ThemeMatcher(codebook, tables, max_words)


def _term_keys(words: Sequence[str], language: str) -> set[str]:
    keys = {"".join(word.translate(_KEY_DROPS) for word in words)}
    if language == "en":
        keys.add("".join(_singular(word.translate(_KEY_DROPS)) for word in words))
    return {key for key in keys if key}


@lru_cache(maxsize=32768)
def _singular(word: str) -> str:
    return singularize(word) if word.endswith("s") and len(word) > 3 else word


_COMPILED: dict[int, ThemeMatcher] = {}


def matcher_for(codebook: Codebook) -> ThemeMatcher:
    """The compiled matcher for this codebook object, built on first use."""
    cached = _COMPILED.get(id(codebook))
    if cached is None or cached.codebook is not codebook:
        if len(_COMPILED) > 16:
            _COMPILED.clear()
        cached = _COMPILED[id(codebook)] = compile_codebook(codebook)
    return cached


def theme_text(text: str, language: str, codebook: Codebook) -> ThemeResult:
    """Themes of one answer in ``language`` ("en", another code, or "unknown")."""
    sentences = [tokenize(sentence) for sentence in re.split(r"[.!?\n]+", text)]
    return theme_words(sentences, language, codebook, has_non_ascii_letters(text))


def theme_words(
    sequences: Iterable[Sequence[str]],
    language: str,
    codebook: Codebook,
    is_foreign_script: bool = False,
) -> ThemeResult:
    """Themes from already tokenised sentences of an answer.

    ``is_foreign_script`` says the answer has letters beyond English ones; it only matters for
    answers whose language is unknown.
    """
    matcher = matcher_for(codebook)
    found: dict[str, dict[str, None]] = {}
    for sequence in sequences:
        for theme_id, term in matcher.sentence_matches(language, sequence):
            found.setdefault(theme_id, {})[term] = None
    hits = tuple(
        ThemeHit(theme_id, tuple(found[theme_id]))
        for theme_id in codebook.theme_ids
        if theme_id in found
    )
    return ThemeResult(hits, _needs_translation(language, codebook, hits, is_foreign_script))


def _sentence_matches(matcher: ThemeMatcher, language: str, tokens: tuple[str, ...]):
    languages = matcher.tables.keys() if language == UNKNOWN else ("en", language)
    tables = [matcher.tables[code] for code in dict.fromkeys(languages) if code in matcher.tables]
    keys = [word_key(word) for word in tokens if is_word(word)]
    yield from _matches(keys, tables, matcher.max_words)
    if language in ("en", UNKNOWN):
        # Singular on both sides, whatever the tagger said: "e-scooters" -> "escooter".
        yield from _matches([_singular(key) for key in keys], tables, matcher.max_words)


def _matches(keys: Sequence[str], tables: Sequence[_Table], max_words: int):
    for start in range(len(keys)):
        joined = ""
        for end in range(start, min(start + max_words, len(keys))):
            shorter = len(joined)
            joined += keys[end]
            for table in tables:
                yield from table.exact.get(joined, ())
                if table.prefixes:
                    yield from _prefix_matches(joined, shorter, table)


def _prefix_matches(joined: str, shorter: int, table: _Table):
    # The prefix must end inside the last word: "autobus*" matches "autobusie", not "auto".
    for length in range(max(shorter + 1, MIN_PREFIX), len(joined) + 1):
        yield from table.prefixes.get(joined[:length], ())


def _needs_translation(
    language: str, codebook: Codebook, hits: tuple[ThemeHit, ...], is_foreign_script: bool
) -> bool:
    if language == "en":
        return False
    if language == UNKNOWN:
        # Too short to place: only letters beyond English show it is not English.
        return not hits and is_foreign_script
    return not hits or language not in codebook.languages
