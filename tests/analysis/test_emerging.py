"""Emerging themes: frequent phrases the codebook does not cover, grouped, with examples."""

from analysis.codebook import add_theme, load_codebook
from analysis.emerging import emerging_themes

CODEBOOK = load_codebook()
ANSWERS = [
    "people ride electric scooters really fast",
    "the e scooters nearly hit me",
    "e scooters everywhere on the pavement",
    "loud motorbikes at night",
    "motorbikes racing on the estate",
    "the motorbikes scare me",
    "drug dealers in the park",
    "drug dealing in the park",
    "the drug dealers by the park",
    "I feel safe at the bus stop",
    "W parku są hulajnogi i motocykle",
]


def _by_head():
    return {theme.head: theme for theme in emerging_themes(ANSWERS, CODEBOOK)}


def test_uncovered_phrases_are_grouped_by_head_noun():
    scooter = _by_head()["scooter"]
    assert scooter.count == 3
    assert dict(scooter.phrases) == {"e scooter": 2, "electric scooter": 1}
    assert scooter.label == "e scooter"
    assert len(scooter.examples) == 3
    assert all("scooter" in example for example in scooter.examples)


def test_phrases_the_codebook_covers_are_not_emerging():
    heads = set(_by_head())
    assert "dealer" not in heads
    assert "park" not in heads
    assert "stop" not in heads


def test_min_count_is_respected():
    assert emerging_themes(ANSWERS, CODEBOOK, min_count=4) == []
    assert {theme.head for theme in emerging_themes(ANSWERS, CODEBOOK)} == {"scooter", "motorbike"}


def test_a_theme_added_to_the_codebook_stops_emerging():
    grown = add_theme(CODEBOOK, "motorbikes", "Motorbikes", "Noisy bikes.", ["motorbike"])
    assert "motorbike" not in {theme.head for theme in emerging_themes(ANSWERS, grown)}


def test_examples_are_at_most_three():
    answers = [f"the motorbikes are loud {n}" for n in range(6)]
    (theme,) = emerging_themes(answers, CODEBOOK)
    assert theme.count == 6
    assert len(theme.examples) == 3
