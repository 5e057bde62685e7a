"""Hypothesis strategies for what a curious teenager (or a script) can send to a public page.

Text mixes ordinary words with the characters that break naive code: direction overrides,
zero-width joiners, NUL, combining marks, emoji, digits that are not ASCII, and the XSS corpus.
Lone surrogates cannot be encoded by a client at all, so they arrive percent-encoded in a raw body
(``raw_bodies``), as invalid UTF-8 does.
"""

from pathlib import Path
from urllib.parse import quote

from hypothesis import strategies as st

HERE = Path(__file__).parent


def xss_corpus() -> list[str]:
    """The payloads in xss_corpus.txt: one a line, blank lines and ``# `` comments left out."""
    lines = (HERE / "xss_corpus.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("# ")]


EDGE_FRAGMENTS = [
    "\u202e",  # right-to-left override
    "\u202d",  # left-to-right override
    "\u2066\u2069",  # isolates
    "\u200b",  # zero-width space
    "\u200d",  # zero-width joiner
    "\ufeff",  # byte-order mark
    "\x00",
    "\x1b[31m",
    "\r\n",
    "\r",
    "\t",
    "e\u0301\u0301\u0301\u0301",  # stacked combining marks
    "Z\u0337\u0322\u031b\u0321\u0360",
    "\U0001f469\u200d\U0001f469\u200d\U0001f467",  # a family emoji, joined
    "\U0001f3f3\ufe0f\u200d\U0001f308",
    "\U0010ffff",
    "\uffff",
    "\u0663\u0664",  # Arabic-Indic digits
    "\u00b2",  # superscript two: isdigit() but not int()
    "\u00bd",
    "\uff11\uff12",  # full-width digits
    "--5",
    "-0",
    "1e3",
    "NaN",
    "9" * 40,
    " ",
    "\u3000",
    "%00",
    "%s%n",
    "{{7*7}}",
    "${7*7}",
    "'; DROP TABLE answers; --",
    "../../etc/passwd",
    "\u0130\u0131\u00df",  # case mappings that change length
    "\ud7ff",
]

# Words a child might write, so generated text is not only noise.
WORDS = ["the park", "bus", "scared", "safe", "at night", "my mum", "school", "Ana"]

fragments = st.sampled_from(EDGE_FRAGMENTS + WORDS) | st.sampled_from(xss_corpus())

# Any code point except surrogates, which no HTTP client can encode as UTF-8.
unicode_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)

hostile_text = st.one_of(
    unicode_text,
    st.lists(fragments | unicode_text, max_size=8).map("".join),
)


@st.composite
def huge_text(draw) -> str:
    """About 1 MB of text, built by repetition so that generating it is cheap."""
    unit = draw(st.lists(fragments, min_size=1, max_size=4).map("".join)) or "x"
    return unit * (1_000_000 // len(unit) + 1)


# One form field: a string, several values where one is expected, or a number out of range.
field_value = st.one_of(
    hostile_text,
    st.lists(hostile_text, min_size=2, max_size=4),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["prefer_not_say", "next", "back", "skip", "1", "0", "true", ""]),
)


def form_for(fields: list[str], huge: bool = False):
    """Values for some of ``fields`` (others missing) and a few unexpected extra fields."""
    value = (field_value | huge_text()) if huge else field_value
    named = st.dictionaries(st.sampled_from(fields), value, max_size=len(fields))
    extra = st.dictionaries(st.text(min_size=1, max_size=12), field_value, max_size=2)
    return st.tuples(named, extra).map(lambda pair: {**pair[1], **pair[0]})


# Bytes a browser would never send: lone surrogates, overlong and broken UTF-8, NUL.
RAW_PIECES = [
    "%ED%A0%80",
    "%ED%BF%BF",
    "%FF%FE",
    "%C0%AE",
    "%C3",
    "%00",
    "%E2%80%AE",
    "%F4%90%80%80",
]
raw_piece = st.sampled_from(RAW_PIECES) | hostile_text.map(lambda s: quote(s, safe=""))
raw_value = st.lists(raw_piece, min_size=1, max_size=5).map("".join)

# A path segment for <slug>, <code> or <question_id>: hostile, or plausible but wrong.
path_segment = st.one_of(
    raw_value,
    st.sampled_from(["x", "ABC123", "K7PQ2M", "0", "-1", "a" * 300, "%2F", "..", "%2e%2e"]),
)

# The CSRF token a request carries: see conftest.Tokens for what each name means.
csrf_choice = st.sampled_from(["valid", "missing", "forged", "other_session", "two_tokens"])


@st.composite
def raw_bodies(draw, fields: list[str]) -> str:
    """An application/x-www-form-urlencoded body with raw, possibly invalid, percent-escapes."""
    pairs = draw(st.lists(st.tuples(st.sampled_from(fields), raw_value), max_size=4))
    return "&".join(f"{name}={value}" for name, value in pairs)
