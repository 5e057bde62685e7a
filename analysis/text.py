"""Offline English text basics for consultation answers: tokens, sentences, tags and noun phrases.

Everything here runs on what ships inside the TextBlob and NLTK wheels. TextBlob's ``.words``,
``.tags`` and ``.noun_phrases`` need NLTK corpora that are never downloaded in this project, so we
tokenise with an NLTK regex tokenizer, tag with the pattern tagger bundled in TextBlob and chunk
noun phrases with NLTK's ``RegexpParser``. Answers repeat the same sentences a lot, so sentence
analysis is cached.
"""

from __future__ import annotations

import gc
import re
import warnings
from dataclasses import dataclass
from functools import cached_property, lru_cache

from nltk.chunk import RegexpParser
from nltk.tokenize import RegexpTokenizer
from textblob.en import parser as _pattern_parser
from textblob.en import sentiment as _pattern_sentiment
from textblob.en.inflect import singularize

# Words keep inner apostrophes and hyphens ("g-checked", "don't"); everything else is one token.
_TOKENIZER = RegexpTokenizer(r"[^\W\d_]+(?:['\-][^\W\d_]+)*|\d+(?:[.,:]\d+)*|[^\w\s]")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\s*[\r\n]+\s*")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u2010": "-", "\u2011": "-"})
_CLITIC = re.compile(r"^(.+?)(n't|'s|'re|'m|'ll|'ve|'d)$", re.IGNORECASE)
# Stems the tagger expects before "n't", as in the Penn Treebank ("can't" -> "ca n't").
_NEGATED_STEMS = {"ca": "can", "wo": "will", "sha": "shall", "ai": "is"}
# Children often drop the apostrophe; splitting these keeps negation and tagging consistent.
_APOSTROPHE_FREE = {
    "dont": ("do", "n't"),
    "doesnt": ("does", "n't"),
    "didnt": ("did", "n't"),
    "isnt": ("is", "n't"),
    "wasnt": ("was", "n't"),
    "arent": ("are", "n't"),
    "werent": ("were", "n't"),
    "cant": ("can", "n't"),
    "couldnt": ("could", "n't"),
    "wouldnt": ("would", "n't"),
    "shouldnt": ("should", "n't"),
    "wont": ("will", "n't"),
    "aint": ("is", "n't"),
    "havent": ("have", "n't"),
    "hasnt": ("has", "n't"),
    "im": ("i", "'m"),
    "ive": ("i", "'ve"),
}
_NOUN_PHRASE_GRAMMAR = RegexpParser("NP: {<JJ|JJR|JJS|VBN>*<NN|NNS|NNP|NNPS>+}")
# "more police" and "police" are the same thing to theme; quantity words are not part of it.
_QUANTITY_WORDS = frozenset({"more", "less", "most", "much", "many", "other", "own", "such"})
_PLURAL_TAGS = frozenset({"NNS", "NNPS"})
# Nouns that say nothing on their own about a place or a worry.
_EMPTY_NOUNS = frozenset(
    {"lot", "lots", "thing", "stuff", "bit", "way", "kind", "sort", "one", "time", "idk", "yeah"}
    | {"anything", "something", "nothing", "everything", "anyone", "someone", "everyone", "nobody"}
)


@dataclass(frozen=True)
class Sentence:
    """One sentence: its tokens as written, their tags, their lemmas and its noun phrases."""

    tokens: tuple[str, ...]
    tags: tuple[str, ...]
    lemmas: tuple[str, ...]
    noun_phrases: tuple[str, ...]


@dataclass(frozen=True)
class ParsedText:
    """The sentences of one answer, with convenience views over all of them."""

    sentences: tuple[Sentence, ...]

    @cached_property
    def tokens(self) -> tuple[str, ...]:
        return tuple(token for sentence in self.sentences for token in sentence.tokens)

    @cached_property
    def lowered(self) -> tuple[str, ...]:
        """All tokens in lower case, punctuation kept (clauses and negation need it)."""
        return tuple(token.lower() for token in self.tokens)

    @property
    def lemmas(self) -> tuple[str, ...]:
        return tuple(lemma for sentence in self.sentences for lemma in sentence.lemmas)

    @property
    def words(self) -> tuple[str, ...]:
        """Lower-case word tokens without punctuation."""
        return tuple(token for token in self.lowered if is_word(token))

    @property
    def noun_phrases(self) -> tuple[str, ...]:
        return tuple(phrase for sentence in self.sentences for phrase in sentence.noun_phrases)


def is_word(token: str) -> bool:
    return token[:1].isalnum() or token.startswith("'")


def split_sentences(text: str) -> tuple[str, ...]:
    """Split on sentence-final punctuation and line breaks; empty pieces are dropped."""
    return tuple(piece for piece in _SENTENCE_BREAK.split(text.strip()) if piece)


def tokenize(text: str) -> tuple[str, ...]:
    """Word and punctuation tokens, with contractions split the way the tagger expects."""
    tokens: list[str] = []
    for token in _TOKENIZER.tokenize(text.translate(_APOSTROPHES)):
        tokens.extend(_split_contraction(token))
    return tuple(tokens)


@lru_cache(maxsize=8192)
def _split_contraction(token: str) -> tuple[str, ...]:
    lowered = token.lower()
    if lowered in _APOSTROPHE_FREE:
        return _APOSTROPHE_FREE[lowered]
    match = _CLITIC.match(token)
    if match is None:
        return (token,)
    stem, clitic = match.groups()
    if clitic.lower() == "n't":
        stem = _NEGATED_STEMS.get(stem.lower(), stem)
    return (stem, clitic.lower())


def tag(tokens: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Penn Treebank tags from the pattern tagger shipped in TextBlob (lexicon and rules only)."""
    return tuple(zip(tokens, _tag_sentence(tokens), strict=True))


@lru_cache(maxsize=1)
def load_pattern_data() -> None:
    """Read TextBlob's bundled tagger and sentiment files once.

    TextBlob reads them lazily through files it never closes; the ResourceWarning that follows
    would fail every test run with warnings as errors, and it is not ours to fix, so we silence
    that one warning while the files are read.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        lexicon = _pattern_parser.lexicon
        for table in (lexicon, lexicon.morphology, lexicon.context, lexicon.entities):
            len(table)
        _pattern_sentiment.load()
        gc.collect()


@lru_cache(maxsize=65536)
def _tag_sentence(tokens: tuple[str, ...]) -> tuple[str, ...]:
    if not tokens:
        return ()
    load_pattern_data()
    return tuple(tag for _, tag in _pattern_parser.find_tags(list(tokens)))


@lru_cache(maxsize=32768)
def lemma(token: str, part_of_speech: str) -> str:
    """Lower-case form, singular for plural nouns only (singularising other words mangles them)."""
    lowered = token.lower()
    if part_of_speech in _PLURAL_TAGS and len(lowered) > 3:
        return singularize(lowered)
    return lowered


def noun_phrases(tagged: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """Adjective* noun+ chunks as lower-case singular phrases, e.g. "older boy", "bus station"."""
    if not tagged:
        return ()
    phrases = []
    for subtree in _NOUN_PHRASE_GRAMMAR.parse(list(tagged)).subtrees(lambda t: t.label() == "NP"):
        words = [lemma(token, pos) for token, pos in subtree.leaves() if is_word(token)]
        while words and words[0] in _QUANTITY_WORDS:
            words.pop(0)
        if words and words[-1] not in _EMPTY_NOUNS:
            phrases.append(" ".join(words))
    return tuple(phrases)


@lru_cache(maxsize=65536)
def parse_sentence(sentence: str) -> Sentence:
    tokens = tokenize(sentence)
    tagged = tag(tokens)
    tags = tuple(pos for _, pos in tagged)
    lemmas = tuple(lemma(token, pos) for token, pos in tagged)
    return Sentence(tokens, tags, lemmas, noun_phrases(tagged))


def parse(text: str) -> ParsedText:
    """Tokens, tags, lemmas and noun phrases of an answer, sentence by sentence."""
    return ParsedText(tuple(parse_sentence(sentence) for sentence in split_sentences(text)))
