"""Emerging themes: what people keep mentioning that no codebook theme covers yet.

We collect noun phrases and word-pair collocations (NLTK's collocation finder needs no corpora)
from English answers, drop those the codebook already themes, and group the rest by their last
word (the head noun of "e scooter" and "electric scooter" is "scooter"), so a worker sees one
candidate theme with its phrases, how many answers mention it and a few of those answers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

from analysis.codebook import Codebook
from analysis.language import UNKNOWN, detect_language, has_non_ascii_letters
from analysis.text import is_word, parse
from analysis.themes import theme_words

MAX_EXAMPLES = 3
# Words too common to name a theme on their own ("people", "night") or to start a collocation.
STOPWORDS = frozenset(
    [
        "a", "an", "the", "and", "or", "but", "so", "if", "of", "to", "in", "on", "at", "by",
        "for", "from", "with", "about", "into", "over", "after", "before", "i", "me", "my",
        "we", "us", "our", "you", "your", "he", "him", "his", "she", "her", "they", "them",
        "their", "it", "its", "this", "that", "these", "those", "is", "am", "are", "was",
        "were", "be", "been", "being", "do", "does", "did", "have", "has", "had", "will",
        "would", "can", "could", "should", "not", "n't", "no", "never", "very", "really",
        "just", "too", "also", "there", "here", "what", "when", "where", "who", "how", "why",
        "all", "some", "any", "more", "most", "much", "many", "lot", "lots", "get", "got", "go",
        "going", "feel", "felt", "make", "made", "like", "'s", "'m", "'re", "people", "person",
        "area", "place", "night", "day", "time", "thing", "things", "way", "home", "house",
        "kid", "kids", "child", "children", "everyone", "someone", "anyone", "nobody", "yeah",
        "idk", "tbh", "ok", "okay", "please", "off", "out", "up", "down", "around", "round",
        "near", "through", "along", "across", "behind", "than", "then", "as"
    ]
)  # fmt: skip


@dataclass(frozen=True)
class EmergingTheme:
    """A candidate theme: its head word, a label, its phrases and who mentioned it."""

    head: str
    label: str
    count: int
    phrases: tuple[tuple[str, int], ...]
    examples: tuple[str, ...]


def emerging_themes(
    texts: Iterable[str], codebook: Codebook, min_count: int = 3, limit: int = 20
) -> list[EmergingTheme]:
    """Uncovered phrases mentioned in at least ``min_count`` answers, grouped by head word."""
    answers = [text for text in texts if text and _is_english(text)]
    word_lists = [parse(text).lemmas for text in answers]
    phrases_per_answer = [
        set(parse(text).noun_phrases) | _pairs_in(words, _collocations(word_lists, min_count))
        for text, words in zip(answers, word_lists, strict=True)
    ]
    answers_per_phrase: dict[str, list[int]] = {}
    for index, phrases in enumerate(phrases_per_answer):
        for phrase in phrases:
            if _is_candidate(phrase, codebook):
                answers_per_phrase.setdefault(phrase, []).append(index)
    groups = _group_by_head(answers_per_phrase)
    themes = [_theme(head, members, answers) for head, members in groups.items()]
    themes = [theme for theme in themes if theme.count >= min_count]
    return sorted(themes, key=lambda theme: (-theme.count, theme.head))[:limit]


def _is_english(text: str) -> bool:
    """English or too short to tell, but not in another script or with accented letters."""
    return not has_non_ascii_letters(text) and detect_language(text) in ("en", UNKNOWN)


def _collocations(word_lists: Sequence[Sequence[str]], min_count: int) -> frozenset[str]:
    documents = [[word for word in words if is_word(word)] for words in word_lists]
    finder = BigramCollocationFinder.from_documents(documents)
    finder.apply_freq_filter(min_count)
    finder.apply_word_filter(lambda word: word in STOPWORDS or len(word) < 2)
    return frozenset(
        " ".join(pair) for pair in finder.above_score(BigramAssocMeasures.likelihood_ratio, 0.0)
    )


def _pairs_in(words: Sequence[str], collocations: frozenset[str]) -> set[str]:
    content = [word for word in words if is_word(word)]
    pairs = {f"{first} {second}" for first, second in zip(content, content[1:], strict=False)}
    return pairs & collocations


def _is_candidate(phrase: str, codebook: Codebook) -> bool:
    words = phrase.split()
    if all(word in STOPWORDS for word in words) or words[-1] in STOPWORDS:
        return False
    return not theme_words([words], "en", codebook).hits


def _group_by_head(answers_per_phrase: dict[str, list[int]]) -> dict[str, dict[str, list[int]]]:
    groups: dict[str, dict[str, list[int]]] = {}
    for phrase, indexes in answers_per_phrase.items():
        head = phrase.split()[-1]
        groups.setdefault(head, {})[phrase] = indexes
    return groups


def _theme(head: str, members: dict[str, list[int]], answers: Sequence[str]) -> EmergingTheme:
    mentioned = sorted({index for indexes in members.values() for index in indexes})
    counts = Counter({phrase: len(set(indexes)) for phrase, indexes in members.items()})
    ranked = sorted(counts.items(), key=lambda item: (-item[1], -len(item[0].split()), item[0]))
    label = max(ranked, key=lambda item: (item[1] >= 2, len(item[0].split()), item[1]))[0]
    examples = tuple(dict.fromkeys(answers[index] for index in mentioned))[:MAX_EXAMPLES]
    return EmergingTheme(head, label, len(mentioned), tuple(ranked), examples)
