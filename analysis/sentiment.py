"""Sentiment polarity of an English answer that understands negation and contrast.

TextBlob's pattern analyser scores "I do not feel safe" +0.5 and "it isn't good" +0.7 because it
only negates the word right after "not". We reuse its word lexicon (en-sentiment.xml, shipped in the
wheel) but give negation a scope of a few words, and split answers at contrast words ("but",
"though", "however") so that the clause after the contrast weighs more, as it does for a reader.
The clause and negation helpers are shared with ``analysis.stance``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from textblob.en import sentiment as _pattern_lexicon

from analysis.text import ParsedText, load_pattern_data, parse

CONTRAST_MARKERS = frozenset({"but", "though", "although", "however", "yet", "except", "whereas"})
# "Although X, Y" puts the weaker clause first: the clause after the comma is the main one.
CONCESSIVE_OPENERS = frozenset({"although", "though"})
NEGATORS = frozenset(
    {"not", "n't", "no", "never", "nothing", "nobody", "none", "neither", "nor", "hardly"}
    | {"barely", "without", "cannot", "nowhere", "nah"}
)
NEGATION_SCOPE = 5
_SENTENCE_ENDS = frozenset({".", "!", "?"})
_CLAUSE_SPLITTERS = CONTRAST_MARKERS | CONCESSIVE_OPENERS | {","}
SCOPE_BREAKS = frozenset({".", ",", ";", ":", "!", "?", "and", "because", "cos", "coz", "cuz"})
# Halving (pattern's choice) leaves "not safe" barely negative; -0.75 keeps strength visible.
NEGATION_FACTOR = -0.75
INTENSIFIERS = {
    "very": 1.3,
    "really": 1.3,
    "so": 1.3,
    "super": 1.3,
    "proper": 1.3,
    "extremely": 1.5,
    "totally": 1.3,
    "too": 1.2,
    "pretty": 1.1,
    "quite": 0.9,
    "fairly": 0.9,
    "kinda": 0.8,
    "slightly": 0.6,
    "bit": 0.7,
}
# Safety words missing from the pattern lexicon (or scored too mildly for this use).
SAFETY_POLARITY = {
    "unsafe": -0.6,
    "scared": -0.6,
    "frightened": -0.6,
    "terrified": -0.8,
    "nervous": -0.4,
    "worried": -0.4,
    "uneasy": -0.4,
    "sketchy": -0.4,
    "dodgy": -0.4,
    "threatened": -0.6,
    "intimidated": -0.5,
    "intimidating": -0.5,
    "safer": 0.4,
    "secure": 0.5,
    "rubbish": -0.5,
    "worry": -0.4,
    "worries": -0.4,
    "worrying": -0.4,
    "scare": -0.5,
    "scares": -0.5,
    "avoid": -0.3,
    "stabbed": -0.7,
    "robbed": -0.6,
    "mugged": -0.6,
}

# Quantity words the lexicon scores as positive ("more" +0.5) though "more lights" is a wish.
NEUTRAL_WORDS = frozenset(
    {"more", "most", "much", "many", "less", "least", "other", "only", "just", "real", "own"}
    | {"even", "all", "such", "same", "certain", "enough", "sure"}
)


@dataclass(frozen=True)
class Clause:
    """A stretch of an answer between contrast words; later clauses carry more weight."""

    words: tuple[str, ...]
    weight: float
    follows_contrast: bool


def clauses(words: Sequence[str]) -> tuple[Clause, ...]:
    """Split lower-case tokens (punctuation kept) into clauses weighted 1, 2, 4... left to right."""
    if _CLAUSE_SPLITTERS.isdisjoint(words):
        return (Clause(tuple(words), 1.0, follows_contrast=False),) if words else ()
    pieces: list[list[str]] = [[]]
    comma_closes_concession = False
    for position, word in enumerate(words):
        at_clause_start = position == 0 or words[position - 1] in _SENTENCE_ENDS
        splits_at_comma = word == "," and (
            comma_closes_concession or _opens_contrast(words, position)
        )
        if word in CONCESSIVE_OPENERS and at_clause_start:
            comma_closes_concession = True
            pieces.append([])
        elif word in CONTRAST_MARKERS or splits_at_comma:
            comma_closes_concession = False
            pieces.append([])
        else:
            pieces[-1].append(word)
    kept = [(index, piece) for index, piece in enumerate(pieces) if piece]
    return tuple(
        Clause(tuple(piece), float(2**rank), follows_contrast=index > 0)
        for rank, (index, piece) in enumerate(kept)
    )


def _opens_contrast(words: Sequence[str], position: int) -> bool:
    """ ", not at night": a comma before a bare negation contrasts like "but"."""
    return position + 1 < len(words) and words[position + 1] in {"not", "never"}


def negation_mask(words: Sequence[str]) -> tuple[bool, ...]:
    """True for each word inside the scope of a preceding negator ("do n't feel SAFE")."""
    mask = []
    remaining = 0
    for word in words:
        if word in SCOPE_BREAKS:
            remaining = 0
        mask.append(remaining > 0 and word not in NEGATORS)
        remaining = NEGATION_SCOPE if word in NEGATORS else max(remaining - 1, 0)
    return tuple(mask)


@lru_cache(maxsize=32768)
def word_polarity(word: str) -> float | None:
    """Polarity of one lower-case word from the pattern lexicon, or None if it carries none."""
    if word in SAFETY_POLARITY:
        return SAFETY_POLARITY[word]
    if word in NEUTRAL_WORDS:
        return None
    senses = _lexicon().get(word)
    if not senses or None not in senses:
        return None
    return float(senses[None][0])


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    load_pattern_data()
    return dict(_pattern_lexicon)


def clause_polarities(words: Sequence[str]) -> tuple[float, ...]:
    """Polarity of each sentiment word, after intensifiers and negation."""
    return _clause_polarities_of(tuple(words))


@lru_cache(maxsize=65536)
def _clause_polarities_of(words: tuple[str, ...]) -> tuple[float, ...]:
    mask = negation_mask(words)
    scores = []
    boost = 1.0
    for word, is_negated in zip(words, mask, strict=True):
        if word in INTENSIFIERS:
            boost *= INTENSIFIERS[word]
            continue
        score = word_polarity(word)
        if score is None:
            continue
        score *= boost * (NEGATION_FACTOR if is_negated else 1.0)
        scores.append(max(-1.0, min(1.0, score)))
        boost = 1.0
    return tuple(scores)


def polarity(answer: str | ParsedText) -> float:
    """Weighted polarity in [-1, 1]; 0.0 when no word carries sentiment."""
    parsed = parse(answer) if isinstance(answer, str) else answer
    words = parsed.lowered
    weighted = []
    previous = None
    for clause in clauses(words):
        scores = clause_polarities(clause.words)
        if scores:
            previous = sum(scores) / len(scores)
            weighted.append((previous, clause.weight))
        elif clause.follows_contrast and previous is not None and _is_elliptic(clause.words):
            # "safe in the day but not at night": the negation points back at "safe".
            weighted.append((previous * NEGATION_FACTOR, clause.weight))
    if not weighted:
        return 0.0
    total = sum(weight for _, weight in weighted)
    return round(sum(score * weight for score, weight in weighted) / total, 4)


def _is_elliptic(words: Sequence[str]) -> bool:
    return any(word in NEGATORS for word in words)
