"""Screen a free-text answer for words that may disclose harm, so that a person reads it first.

``screen(text, language)`` returns a :class:`ScreeningResult`. The terms, patterns and context
word lists live in ``data/safeguarding_terms.yaml`` (its header documents sources and the
matching rules); this module only normalises text and applies them. It leans to recall: a
missed disclosure is far worse than a false alarm, so uncertain negation or reported speech
lowers the severity instead of dropping the match.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import yaml

TERMS_FILE = Path(__file__).parent / "data" / "safeguarding_terms.yaml"
HIGH = "high"
MEDIUM = "medium"
UNKNOWN_LANGUAGE = "unknown"
IMMEDIATE_DANGER = "immediate_danger"

CLEAR_NEGATION_WINDOW = 3  # a negator this close cancels the match ("i was never hit")
UNCERTAIN_NEGATION_WINDOW = 6  # further away it only lowers the severity
FUZZY_MIN_LENGTH = 5  # shorter words have too many one-edit neighbours to correct safely
FUZZY_TWO_EDITS_LENGTH = 8  # long words are sparse enough to allow two edits ("suicidle")
UNSUPPORTED_SCRIPT_SHARE = 0.5

_SENTENCE_BREAK = re.compile(r"[.!?\n\r\u0964\u0965\u061f\u06d4]+")
# \w alone splits Indic words at their vowel signs, so the Indic blocks are listed explicitly
_PIECE = re.compile(r"[\w\u0300-\u036f\u0900-\u0dff'@$*]+|[\",;:]")
_CLAUSE_WORDS = frozenset({"but", "though", "although", "however", "except", "whereas"})
_RUN_OF_THREE = re.compile(r"(.)\1{2,}")
_DOUBLED = re.compile(r"(.)\1+")
_MACRO = re.compile(r"\{([a-z_]+)\}")
_SUFFIXES = ("s", "es", "ed", "ing", "ly", "y", "er", "est", "ies", "ness")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a"})
_LEET_DOLLAR = str.maketrans({"$": "s"})
# Curly quotes, Latin letters without a decomposition, and Arabic-script letters that people
# type interchangeably on Arabic and Urdu keyboards
_FOLD = str.maketrans(
    "“”„«»‘’`łđøıأإآٱىيئكةۀؤ",
    '"""""\'\'\'ldoiاااایییکههو',
)
# Arabic vowel marks and tatweel, Indic nukta, zero-width joiners: optional when typing
_DROPPED_MARKS = dict.fromkeys(
    [*range(0x064B, 0x0660), 0x0670, 0x0640, 0x093C, 0x09BC, 0x0A3C, 0x0ABC, 0x200C, 0x200D]
)
_SCRIPT_RANGES = (
    (0x0041, 0x024F, "latin"), (0x1E00, 0x1EFF, "latin"), (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"), (0xFB50, 0xFDFF, "arabic"), (0xFE70, 0xFEFF, "arabic"),
    (0x0900, 0x097F, "devanagari"), (0x0980, 0x09FF, "bengali"), (0x0A00, 0x0A7F, "gurmukhi"),
    (0x0A80, 0x0AFF, "gujarati"), (0x0B80, 0x0BFF, "tamil"),
)  # fmt: skip


@dataclass(frozen=True)
class ScreeningResult:
    """What screening found in one answer.

    ``categories`` are category ids in the order of the terms file; ``matched_terms`` are the
    normalised words that matched, for the reviewer. ``needs_human_reading`` is true when the
    text could not be screened (unknown or unsupported language, or a script with no terms).
    """

    is_flagged: bool
    severity: str | None
    categories: tuple[str, ...]
    matched_terms: tuple[str, ...]
    needs_human_reading: bool


@dataclass(frozen=True)
class _Category:
    id: str
    label: str
    severity: str
    regex: re.Pattern[str]
    cues: re.Pattern[str] | None


@dataclass(frozen=True)
class _Sentence:
    words: tuple[str, ...]
    clauses: tuple[int, ...]
    quoted: tuple[bool, ...]
    text: str
    starts: tuple[int, ...]


@dataclass(frozen=True)
class _Match:
    category: str
    term: str
    is_downgraded: bool


@dataclass(frozen=True)
class _Rules:
    categories: tuple[_Category, ...]
    exceptions: re.Pattern[str]
    reported_cues: re.Pattern[str]
    time_markers: re.Pattern[str]
    lists: dict[str, frozenset[str]]
    languages: frozenset[str]
    scripts: frozenset[str]
    vocabulary: frozenset[str]
    squeezed: dict[str, str]
    fuzzy_index: dict[str, tuple[str, ...]]


def screen(text: str, language: str = "en") -> ScreeningResult:
    """Screen one answer; ``language`` is the answer's language code ("en", "pl", "pt-BR"...)."""
    rules = _rules()
    matches = [m for sentence in _sentences(text) for m in _screen_sentence(rules, sentence)]
    needs_reading = _needs_human_reading(rules, text, language)
    if not matches:
        return ScreeningResult(False, None, (), (), needs_reading)
    by_category = {c.id: c for c in rules.categories}
    found = {m.category for m in matches}
    categories = tuple(c.id for c in rules.categories if c.id in found)
    is_high = any(by_category[m.category].severity == HIGH and not m.is_downgraded for m in matches)
    terms = tuple(dict.fromkeys(m.term for m in matches))
    return ScreeningResult(True, HIGH if is_high else MEDIUM, categories, terms, needs_reading)


def category_labels() -> dict[str, str]:
    """Category id -> English label, in the order of the terms file."""
    return {c.id: c.label for c in _rules().categories}


def supported_languages() -> frozenset[str]:
    """Language codes that have screening terms (English plus the starter lists)."""
    return _rules().languages


# --- normalising text -------------------------------------------------------------------------


def _normalise_word(raw: str) -> str:
    word = _fold_latin(raw.replace("'", "").replace("*", ""))
    if any(ch.isalpha() for ch in word) and any(ch.isdigit() or ch == "@" for ch in word):
        word = word.translate(_LEET)
    if len(word) > 1 and "$" in word:
        word = word.translate(_LEET_DOLLAR)
    return _RUN_OF_THREE.sub(r"\1\1", word)


def _fold_latin(word: str) -> str:
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    if any(ch.isalpha() and ord(ch) > 0x024F for ch in decomposed):
        return word  # not Latin: combining marks are part of the letters
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _prepare(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().translate(_FOLD).translate(_DROPPED_MARKS)


def _sentences(text: str) -> list[_Sentence]:
    return [s for part in _SENTENCE_BREAK.split(_prepare(text)) if (s := _sentence(part))]


def _sentence(part: str) -> _Sentence | None:
    words: list[str] = []
    clauses: list[int] = []
    quoted: list[bool] = []
    clause, in_quotes = 0, False
    for piece in _PIECE.findall(part):
        if piece == '"':
            in_quotes = not in_quotes
        elif piece in ",;:" or piece in _CLAUSE_WORDS:
            clause += 1
        if len(piece) == 1 and piece in '",;:':
            continue
        word = _correct(_normalise_word(piece))
        if word:
            words.append(word)
            clauses.append(clause)
            quoted.append(in_quotes)
    if not words:
        return None
    starts = tuple(_word_starts(words))
    return _Sentence(tuple(words), tuple(clauses), tuple(quoted), " ".join(words), starts)


def _word_starts(words: list[str]) -> list[int]:
    starts, position = [], 0
    for word in words:
        starts.append(position)
        position += len(word) + 1
    return starts


@lru_cache(maxsize=65536)
def _correct(word: str) -> str:
    """Map a misspelt or stretched word to the vocabulary word it most likely means."""
    rules = _rules()
    if word in rules.vocabulary or not word.isascii() or not word.isalpha():
        return word
    squeezed = rules.squeezed.get(_DOUBLED.sub(r"\1", word))
    if squeezed:
        return squeezed
    if len(word) < FUZZY_MIN_LENGTH or _is_english(word):
        return word
    allowed = _allowed_edits(word)
    keys = _deletions(word, allowed)
    candidates = {c for key in keys for c in rules.fuzzy_index.get(key, ())}
    close = sorted((_edit_distance(word, c), c) for c in candidates)
    return close[0][1] if close and close[0][0] <= allowed else word


def _is_english(word: str) -> bool:
    """An ordinary English word or a regular inflection of one ("scary", "lights")."""
    known = _english_words()
    if word in known:
        return True
    stems = (word[: -len(suffix)] for suffix in _SUFFIXES if word.endswith(suffix))
    return any(stem in known or stem + "e" in known for stem in stems)


def _allowed_edits(word: str) -> int:
    return 2 if len(word) >= FUZZY_TWO_EDITS_LENGTH else 1


def _deletions(word: str, depth: int) -> set[str]:
    keys = {word}
    for _ in range(depth):
        keys |= {k[:i] + k[i + 1 :] for k in keys for i in range(len(k))}
    return keys


def _edit_distance(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap neighbours) that turn a into b."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


# --- matching in context ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    rules: _Rules
    sentence: _Sentence
    excepted: tuple[tuple[int, int], ...]
    is_reported: bool


def _screen_sentence(rules: _Rules, sentence: _Sentence) -> list[_Match]:
    context = _Context(
        rules,
        sentence,
        tuple(m.span() for m in rules.exceptions.finditer(sentence.text)),
        rules.reported_cues.search(sentence.text) is not None,
    )
    is_anchored = not rules.lists["anchor"].isdisjoint(sentence.words)
    kept: list[_Match] = []
    for category in rules.categories:
        found = _kept(context, category.id, category.regex)
        if not found and category.cues and is_anchored:
            cued = _kept(context, category.id, category.cues)
            found = [_Match(m.category, m.term, is_downgraded=True) for m in cued]
        kept += found
    return kept + _escalations(rules, sentence, kept)


def _kept(context: _Context, category_id: str, regex: re.Pattern[str]) -> list[_Match]:
    kept = []
    for found in regex.finditer(context.sentence.text):
        if any(s < found.end() and found.start() < e for s, e in context.excepted):
            continue
        match = _judge(context, category_id, found)
        if match:
            kept.append(match)
    return kept


def _judge(context: _Context, category_id: str, found: re.Match[str]) -> _Match | None:
    """Drop or downgrade a match by the words around it: negation and reported speech."""
    rules, sentence = context.rules, context.sentence
    first = bisect_right(sentence.starts, found.start()) - 1
    last = bisect_right(sentence.starts, max(found.end() - 1, found.start())) - 1
    distance = _negator_distance(rules, sentence, first)
    if distance is not None and distance <= CLEAR_NEGATION_WINDOW:
        return None
    is_downgraded = distance is not None
    if context.is_reported:
        if any(sentence.quoted[first : last + 1]):
            return None
        if not _has_first_person_outside(rules, sentence, first, last):
            return None
        is_downgraded = True
    return _Match(category_id, found.group(0), is_downgraded)


def _negator_distance(rules: _Rules, sentence: _Sentence, first: int) -> int | None:
    negators, hedges = rules.lists["negator"], rules.lists["hedge"]
    for distance in range(1, UNCERTAIN_NEGATION_WINDOW + 1):
        i = first - distance
        if i < 0 or sentence.clauses[i] != sentence.clauses[first]:
            return None
        if sentence.words[i] in negators and sentence.words[i + 1] not in hedges:
            between = sentence.words[i + 1 : first + 1]
            return None if rules.lists["subject"].intersection(between) else distance
    return None


def _has_first_person_outside(rules: _Rules, sentence: _Sentence, first: int, last: int) -> bool:
    clause = sentence.clauses[first]
    return any(
        sentence.words[i] in rules.lists["first_person"]
        for i in range(len(sentence.words))
        if sentence.clauses[i] == clause and not first <= i <= last
    )


def _escalations(rules: _Rules, sentence: _Sentence, kept: list[_Match]) -> list[_Match]:
    """A high-risk disclosure with "tonight" or "rn" in the same sentence is immediate danger."""
    marker = rules.time_markers.search(sentence.text)
    if not marker:
        return []
    high = {c.id for c in rules.categories if c.severity == HIGH} - {IMMEDIATE_DANGER}
    return [
        _Match(IMMEDIATE_DANGER, f"{m.term} ({marker.group(0)})", m.is_downgraded)
        for m in kept
        if m.category in high
    ]


def _needs_human_reading(rules: _Rules, text: str, language: str | None) -> bool:
    code = (language or UNKNOWN_LANGUAGE).strip().lower().replace("_", "-").split("-")[0]
    if code not in rules.languages:
        return True
    letters = [_script(ch) for ch in text if ch.isalpha()]
    unsupported = sum(1 for script in letters if script not in rules.scripts)
    return bool(letters) and unsupported / len(letters) > UNSUPPORTED_SCRIPT_SHARE


def _script(ch: str) -> str:
    code = ord(ch)
    for low, high, name in _SCRIPT_RANGES:
        if low <= code <= high:
            return name
    return "other"


# --- loading the terms file -------------------------------------------------------------------


@cache
def _rules(path: Path = TERMS_FILE) -> _Rules:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    lists = {name: tuple(words) for name, words in data["word_lists"].items()}
    macros = _expand_macros(data["macros"], lists)
    categories = tuple(_compile_category(c, macros) for c in data["categories"])
    sources = [*(w for ws in lists.values() for w in ws), *data["exceptions"]]
    sources += [t for c in data["categories"] for t in _all_terms(c) + c.get("cues", [])]
    sources += [p for c in data["categories"] for p in c.get("patterns", [])]
    vocabulary = frozenset(_vocabulary(sources, macros.values()))
    return _Rules(
        categories=categories,
        exceptions=_phrase_regex(data["exceptions"]),
        reported_cues=_phrase_regex(lists["reported_cue"]),
        time_markers=_phrase_regex(lists["time_marker"]),
        lists={name: frozenset(_normalise_phrase(w) for w in ws) for name, ws in lists.items()},
        languages=frozenset({"en"} | {lang for c in data["categories"] for lang in _langs(c)}),
        scripts=frozenset(_script(ch) for t in sources for ch in t if ch.isalpha()),
        vocabulary=vocabulary,
        squeezed={_DOUBLED.sub(r"\1", w): w for w in sorted(vocabulary, reverse=True)},
        fuzzy_index=_fuzzy_index(vocabulary),
    )


def _langs(category: dict) -> list[str]:
    return list(category.get("languages", {}))


def _all_terms(category: dict) -> list[str]:
    own = list(category.get("terms", []))
    return own + [t for terms in category.get("languages", {}).values() for t in terms]


def _expand_macros(raw: dict[str, str], lists: dict[str, tuple[str, ...]]) -> dict[str, str]:
    expanded = {name: _alternation(words) for name, words in lists.items()}
    for name, pattern in raw.items():
        expanded[name] = "(?:" + _MACRO.sub(lambda m: expanded[m.group(1)], pattern) + ")"
    return expanded


def _alternation(phrases) -> str:
    escaped = sorted({re.escape(_normalise_phrase(p)) for p in phrases}, key=len, reverse=True)
    return "(?:" + "|".join(escaped) + ")"


def _normalise_phrase(phrase: str) -> str:
    return " ".join(_normalise_word(p) for p in _PIECE.findall(_prepare(phrase)) if p.strip(",;:"))


def _term_regex(term: str) -> str:
    parts = []
    for piece in _PIECE.findall(_prepare(term)):
        core = _normalise_word(piece.rstrip("*"))
        parts.append(re.escape(core) + (r"\S*" if piece.endswith("*") else ""))
    return " ".join(parts)


def _compile_category(raw: dict, macros: dict[str, str]) -> _Category:
    terms = sorted({_term_regex(t) for t in _all_terms(raw)}, key=len, reverse=True)
    patterns = [_MACRO.sub(lambda m: macros[m.group(1)], p) for p in raw.get("patterns", [])]
    regex = re.compile(r"(?<!\S)(?:" + "|".join(terms + patterns) + r")(?!\S)")
    cue_terms = sorted({_term_regex(t) for t in raw.get("cues", [])}, key=len, reverse=True)
    cues = re.compile(r"(?<!\S)(?:" + "|".join(cue_terms) + r")(?!\S)") if cue_terms else None
    return _Category(raw["id"], raw["label"], raw["severity"], regex, cues)


def _phrase_regex(phrases) -> re.Pattern[str]:
    return re.compile(r"(?<!\S)" + _alternation(phrases) + r"(?!\S)")


def _vocabulary(sources: list[str], macro_sources) -> set[str]:
    words = {w for s in sources for w in _normalise_phrase(s.replace("*", "")).split()}
    words |= {w for m in macro_sources for w in re.findall(r"[a-z]{2,}", m)}
    return {w for w in words if w.isascii() and w.isalpha()}


def _fuzzy_index(vocabulary: frozenset[str]) -> dict[str, tuple[str, ...]]:
    index: dict[str, set[str]] = {}
    for word in vocabulary:
        if len(word) >= FUZZY_MIN_LENGTH:
            for key in _deletions(word, _allowed_edits(word)):
                index.setdefault(key, set()).add(word)
    return {key: tuple(sorted(words)) for key, words in index.items()}


@cache
def _english_words() -> frozenset[str]:
    """Ordinary English words (TextBlob's bundled spelling list), never 'corrected'."""
    # find_spec locates the package without importing it: importing textblob pulls in nltk (~2 s)
    spec = importlib.util.find_spec("textblob")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    listing = Path(next(iter(spec.submodule_search_locations))) / "en" / "en-spelling.txt"
    try:
        lines = listing.read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    return frozenset(line.split()[0] for line in lines if line and not line.startswith(";"))
