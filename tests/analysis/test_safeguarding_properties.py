"""Properties of screening and redaction that must hold for any text a respondent can type."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.redact import redact
from analysis.safeguarding import HIGH, MEDIUM, category_labels, screen

LANGUAGES = st.sampled_from(["en", "pl", "ar", "ta", "pt-BR", "unknown", "", "xx"])


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=300), language=LANGUAGES)
def test_any_text_in_any_language_gets_a_consistent_result(text: str, language: str) -> None:
    result = screen(text, language)
    assert result.is_flagged == bool(result.categories)
    assert (result.severity is None) == (not result.is_flagged)
    assert result.severity in {None, HIGH, MEDIUM}
    assert set(result.categories) <= set(category_labels())


@settings(max_examples=200, deadline=None)
@given(
    before=st.text(alphabet="abcdefghij klmnop", max_size=40),
    number=st.from_regex(r"07700 ?900\d{3}", fullmatch=True),
    after=st.text(alphabet="abcdefghij klmnop", max_size=40),
)
def test_a_mobile_number_is_always_hidden(before: str, number: str, after: str) -> None:
    result = redact(f"{before} {number} {after}")
    assert number not in result.text
    assert "phone" in result.kinds


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=200))
def test_redacting_twice_changes_nothing_more(text: str) -> None:
    once = redact(text, known_names=["Rosedale College"]).text
    assert redact(once, known_names=["Rosedale College"]).text == once
