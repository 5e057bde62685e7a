"""Safety stance of an English answer: feels_safe, feels_unsafe, mixed or no_stance.

The pilot measures perception of safety, not general mood, so we look for safety vocabulary
("safe", "scared", "dodgy", "don't go", "looking over my shoulder"...), flip it under negation,
ignore it when it is a wish rather than a feeling ("more lights would make it safer"), and call
an answer mixed when its clauses point both ways ("safe in the day but not at night").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from analysis.sentiment import NEGATORS, clauses, negation_mask
from analysis.text import ParsedText, parse

FEELS_SAFE = "feels_safe"
FEELS_UNSAFE = "feels_unsafe"
MIXED = "mixed"
NO_STANCE = "no_stance"
STANCES = (FEELS_SAFE, FEELS_UNSAFE, MIXED, NO_STANCE)


def _phrases(*texts: str) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(text.split()) for text in texts)


# Explicit feelings about safety.
SAFE_CUES = _phrases(
    "safe", "safer", "safest", "safely", "secure", "comfortable", "protected", "relaxed",
    "at ease", "at home", "peaceful", "calm", "chilled", "confident",
)  # fmt: skip
UNSAFE_CUES = _phrases(
    "unsafe", "scared", "scary", "scare", "scares", "scarey", "skared", "afraid", "frightened",
    "frightening", "terrified", "terrifying", "dangerous", "danger", "nervous", "worried",
    "worry", "worrying", "anxious", "uneasy", "uncomfortable", "sketchy", "dodgy", "creepy",
    "threatening", "threatened", "intimidating", "intimidated", "vulnerable", "paranoid",
    "fear", "fearful", "panic", "panicky", "risky", "petrified", "shook", "on edge",
    "over my shoulder", "watch my back", "watching my back", "avoid", "avoiding", "stay away",
    "keep away", "watch your back", "worries", "do n't walk", "would n't walk", "never walk",
    "wo n't walk", "will n't walk", "do n't go", "never go", "will n't go", "would n't go",
    "do not go", "not go", "wo n't go", "stay inside", "stay in at night", "walk fast",
    "walk faster", "run home", "not safe",
)  # fmt: skip
# General judgements and experiences: used only when an answer has no explicit safety feeling.
WEAK_SAFE_CUES = _phrases(
    "fine", "ok", "okay", "alright", "all right", "good", "nice", "lovely", "friendly",
    "great", "chill", "like", "love", "enjoy",
)  # fmt: skip
WEAK_UNSAFE_CUES = _phrases(
    "bad", "horrible", "awful", "terrible", "rough", "grim", "nasty", "trouble", "problem",
    "problems", "hassle", "bother", "bothers", "bothered", "stabbed", "stabbing", "robbed",
    "mugged", "jumped", "attacked", "chased", "followed", "harassed", "hate", "rubbish", "shady",
    "dark",
)  # fmt: skip
# "like"/"love" only count as an opinion after a speaker ("I like"), not as filler ("it's like").
_OPINION_OPENERS = frozenset({"i", "we", "really", "n't", "not", "never", "do", "actually"})
_OPINION_VERBS = frozenset({"like", "love", "enjoy"})
# A cue after these words is a wish or advice, not a feeling: "would be safer", "to feel safe".
WISH_MARKERS = frozenset(
    {"would", "'d", "could", "might", "should", "wish", "want", "wanna", "need", "needs", "hope"}
)
# Imperatives at the start of a stretch: "make the park safer", "keep everyone safe".
_WISH_OPENERS = frozenset({"make", "making", "keep", "help"})
_SENTENCE_ENDS = frozenset({".", "!", "?"})
_SPAN_BREAKS = frozenset({".", ",", ";", ":", "!", "?"})
_ADVICE_BEFORE = _phrases(
    "stay", "keep", "kept", "staying", "keeping", "to feel", "to stay", "to keep",
)  # fmt: skip
_PAST_MARKERS = _phrases("used to", "before", "when i was younger", "last year")


@dataclass(frozen=True)
class ClauseEvidence:
    """Counts of safe and unsafe cues in one clause, strong (feelings) and weak (judgements)."""

    safe: int = 0
    unsafe: int = 0
    weak_safe: int = 0
    weak_unsafe: int = 0
    is_past: bool = False

    def has_strong(self) -> bool:
        return bool(self.safe or self.unsafe)

    def has_any(self) -> bool:
        return bool(self.safe or self.unsafe or self.weak_safe or self.weak_unsafe)

    def leaning(self) -> tuple[bool, bool]:
        """(any safe, any unsafe), from feelings if the clause has any, else from judgements."""
        if self.has_strong():
            return bool(self.safe), bool(self.unsafe)
        return bool(self.weak_safe), bool(self.weak_unsafe)

    def flipped(self) -> ClauseEvidence:
        return ClauseEvidence(self.unsafe, self.safe, self.weak_unsafe, self.weak_safe)


def safety_stance(answer: str | ParsedText) -> str:
    """One of STANCES for an English answer."""
    parsed = parse(answer) if isinstance(answer, str) else answer
    evidence = _clause_evidence(parsed.lowered)
    current = [item for item in evidence if not item.is_past]
    if any(item.has_any() for item in current):
        evidence = current
    # Each clause speaks through its strongest evidence: "fine" counts unless the same clause
    # also names a feeling, so "my road is fine but the station is dodgy" is mixed.
    leaning = [item.leaning() for item in evidence]
    return _decide(any(safe for safe, _ in leaning), any(unsafe for _, unsafe in leaning))


def _decide(has_safe: bool, has_unsafe: bool) -> str:
    if has_safe and has_unsafe:
        return MIXED
    if has_safe:
        return FEELS_SAFE
    return FEELS_UNSAFE if has_unsafe else NO_STANCE


def _clause_evidence(words: Sequence[str]) -> list[ClauseEvidence]:
    found: list[ClauseEvidence] = []
    for clause in clauses(words):
        evidence = _sentence_by_sentence(clause.words, found)
        previous = found[-1] if found else None
        is_elliptic = any(word in NEGATORS for word in clause.words)
        if not evidence.has_any() and clause.follows_contrast and previous and is_elliptic:
            # "safe in the day but not at night": the bare negation points back at the cue.
            evidence = previous.flipped()
        found.append(evidence)
    return found


def _sentence_by_sentence(words: Sequence[str], found: list[ClauseEvidence]) -> ClauseEvidence:
    """Evidence of a clause's last sentence; earlier sentences are added to ``found`` as units."""
    start = 0
    for position, word in enumerate(words):
        if word in _SENTENCE_ENDS and position + 1 < len(words):
            found.append(clause_evidence(words[start:position]))
            start = position + 1
    return clause_evidence(words[start:])


def clause_evidence(words: Sequence[str]) -> ClauseEvidence:
    """Count cues in one clause, flipping those inside a negation and skipping wishes."""
    return _clause_evidence_of(tuple(words))


@lru_cache(maxsize=65536)
def _clause_evidence_of(words: tuple[str, ...]) -> ClauseEvidence:
    mask = negation_mask(words)
    counts = {"safe": 0, "unsafe": 0, "weak_safe": 0, "weak_unsafe": 0}
    position = 0
    while position < len(words):
        kind, length = _cue_at(words, position)
        if kind and not _is_wish(words, position, length):
            counts[_polarity(kind, mask[position])] += 1
        position += max(length, 1)
    return ClauseEvidence(**counts, is_past=_mentions_past(words))


def _index_by_first_word(*tables: tuple[str, frozenset[tuple[str, ...]]]) -> dict:
    """first word -> [(cue, kind)], longest cues first, strong kinds before weak ones."""
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for kind, cues in tables:
        for cue in cues:
            index.setdefault(cue[0], []).append((cue, kind))
    for candidates in index.values():
        candidates.sort(key=lambda item: -len(item[0]))
    return index


_CUES_BY_FIRST_WORD = _index_by_first_word(
    ("unsafe", UNSAFE_CUES),
    ("safe", SAFE_CUES),
    ("weak_unsafe", WEAK_UNSAFE_CUES),
    ("weak_safe", WEAK_SAFE_CUES),
)
_PAST_BY_FIRST_WORD = _index_by_first_word(("past", _PAST_MARKERS))


def _cue_at(words: tuple[str, ...], position: int) -> tuple[str | None, int]:
    for cue, kind in _CUES_BY_FIRST_WORD.get(words[position], ()):
        if words[position : position + len(cue)] == cue and _counts_as_opinion(
            words, position, cue
        ):
            return kind, len(cue)
    return None, 0


_OPPOSITE = {
    "safe": "unsafe",
    "unsafe": "safe",
    "weak_safe": "weak_unsafe",
    "weak_unsafe": "weak_safe",
}


def _counts_as_opinion(words: Sequence[str], position: int, candidate: tuple[str, ...]) -> bool:
    if candidate[0] not in _OPINION_VERBS:
        return True
    return position > 0 and words[position - 1] in _OPINION_OPENERS


def _polarity(kind: str, is_negated: bool) -> str:
    return _OPPOSITE[kind] if is_negated else kind


def _is_wish(words: Sequence[str], position: int, length: int) -> bool:
    """A wish marker near the cue (between punctuation marks, outside the cue), or advice."""
    start, end = position, position + length
    while start > 0 and words[start - 1] not in _SPAN_BREAKS:
        start -= 1
    while end < len(words) and words[end] not in _SPAN_BREAKS:
        end += 1
    around = [*words[start:position], *words[position + length : end]]
    if any(word in WISH_MARKERS for word in around) or words[start] in _WISH_OPENERS:
        return True
    before = tuple(words[max(position - 2, 0) : position])
    return before[-1:] in _ADVICE_BEFORE or before in _ADVICE_BEFORE


def _mentions_past(words: tuple[str, ...]) -> bool:
    return any(
        words[start : start + len(marker)] == marker
        for start, word in enumerate(words)
        for marker, _ in _PAST_BY_FIRST_WORD.get(word, ())
    )
