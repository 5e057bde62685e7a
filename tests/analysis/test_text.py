"""Tokens, tags, lemmas and noun phrases come from what ships in the wheels, no corpora."""

from analysis.text import parse, split_sentences, tokenize


def test_contractions_are_split_with_or_without_apostrophe():
    assert tokenize("I don't feel safe") == ("I", "do", "n't", "feel", "safe")
    assert tokenize("i dont feel safe") == ("i", "do", "n't", "feel", "safe")
    assert tokenize("It isn\u2019t good") == ("It", "is", "n't", "good")
    assert tokenize("I can't go") == ("I", "can", "n't", "go")


def test_hyphenated_slang_stays_one_token():
    assert "g-checked" in tokenize("they g-checked me on the bus")


def test_sentences_split_on_final_punctuation_and_line_breaks():
    assert split_sentences("Safe in the day. Scary at night!\nMore lights") == (
        "Safe in the day.",
        "Scary at night!",
        "More lights",
    )


def test_only_plural_nouns_are_singularised():
    parsed = parse("The police never come to the parks near the bus stations")
    assert "police" in parsed.lemmas
    assert "park" in parsed.lemmas
    assert "station" in parsed.lemmas
    assert "bus" in parsed.lemmas


def test_noun_phrases_are_lower_case_singular_chunks():
    parsed = parse("Older boys hang around the bus stations. Drug dealers are in the parks")
    assert "older boy" in parsed.noun_phrases
    assert "bus station" in parsed.noun_phrases
    assert "drug dealer" in parsed.noun_phrases
    assert "park" in parsed.noun_phrases


def test_words_drop_punctuation_and_lower_case():
    assert parse("Scary, REALLY scary!").words == ("scary", "really", "scary")


def test_empty_answer_parses_to_nothing():
    parsed = parse("   ")
    assert parsed.tokens == ()
    assert parsed.noun_phrases == ()


def test_quantity_words_are_not_part_of_a_noun_phrase():
    assert parse("more police and more bins").noun_phrases == ("police", "bin")
