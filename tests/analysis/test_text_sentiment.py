"""Sentiment polarity handles negation and contrast, where plain TextBlob gets them wrong."""

import pytest

from analysis.sentiment import clauses, polarity


@pytest.mark.parametrize(
    "answer",
    [
        "I do not feel safe",
        "it isn't good",
        "I never feel safe walking home",
        "i dont feel safe",
        "It's not nice round here",
        "nobody is friendly",
    ],
)
def test_negated_positive_answers_are_negative(answer):
    assert polarity(answer) < 0


@pytest.mark.parametrize("answer", ["I feel safe", "It's a nice area", "i feel comfortable"])
def test_plain_positive_answers_are_positive(answer):
    assert polarity(answer) > 0


def test_negated_negative_is_positive():
    assert polarity("It's not bad") > 0


def test_clause_after_contrast_weighs_more():
    assert polarity("safe in the day but not at night") < 0
    assert polarity("the underpass is horrible but the park is nice") > 0
    assert polarity("the park is nice but the underpass is horrible") < 0


def test_concession_first_leaves_main_clause_last():
    parts = clauses(["although", "it", "is", "busy", ",", "i", "feel", "safe"])
    assert [part.words for part in parts] == [("it", "is", "busy"), ("i", "feel", "safe")]
    assert parts[1].weight > parts[0].weight
    assert polarity("Although it's dodgy, I feel safe") > 0


def test_intensifiers_strengthen():
    assert polarity("really scary") < polarity("scary") < 0


def test_no_sentiment_words_is_zero():
    assert polarity("more street lights") == 0.0
    assert polarity("") == 0.0


def test_uncertainty_and_worry():
    assert polarity("Not sure") == 0.0
    assert polarity("The community is friendly but I worry about the drug dealing") < 0
