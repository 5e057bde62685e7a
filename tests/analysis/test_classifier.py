"""Learning themes from coded answers: honest about what it measured and what it cannot do."""

import pytest

from analysis.classifier import (
    NOT_ENOUGH,
    TRAINED,
    labels_from_csv_rows,
    train_from_coded,
    train_theme_classifiers,
)

TRANSPORT = ["the bus is scary", "older boys on the train", "the station at night", "bus stop"]
OTHER = ["more youth clubs", "the park is dark", "school is fine", "police never come"]


def _coded(repeats):
    pairs = [(f"{text} {n}", {"transport"}) for n in range(repeats) for text in TRANSPORT]
    pairs += [(f"{text} {n}", {"other"}) for n in range(repeats) for text in OTHER]
    return pairs


def test_too_few_examples_says_so_and_claims_nothing():
    classifiers = train_from_coded(_coded(4), ["transport"])
    report = classifiers.reports["transport"]
    assert report.status == NOT_ENOUGH
    assert (report.positives, report.negatives) == (16, 16)
    assert report.accuracy is None
    assert report.precision is None
    assert report.recall is None
    assert report.evaluation == "not measured"
    assert classifiers.suggest(["the bus"]) == [{}]


def test_enough_examples_trains_and_reports_cross_validated_figures():
    classifiers = train_from_coded(_coded(6), ["transport", "other"])
    report = classifiers.reports["transport"]
    assert report.status == TRAINED
    assert report.evaluation == "5-fold stratified cross-validation on 48 coded answers"
    assert 0.0 <= report.precision <= 1.0
    assert 0.0 <= report.recall <= 1.0
    assert report.accuracy >= 0.8


def test_suggest_gives_confidence_per_theme():
    classifiers = train_from_coded(_coded(6), ["transport"])
    suggestions = classifiers.suggest(["scary on the bus at the station", "more youth clubs"])
    assert suggestions[0]["transport"] >= 0.5
    assert "transport" not in suggestions[1]


def test_training_is_repeatable():
    first = train_from_coded(_coded(6), ["transport"]).suggest(["the train"], min_confidence=0)
    second = train_from_coded(_coded(6), ["transport"]).suggest(["the train"], min_confidence=0)
    assert first == second


def test_mismatched_labels_are_refused():
    with pytest.raises(ValueError, match="'transport': 1 labels for 2 texts"):
        train_theme_classifiers(["a", "b"], {"transport": [1]})


def test_label_columns_are_found_or_checked():
    rows = [{"text": "bus", "transport": "1", "note": "x"}, {"text": "park", "transport": "0"}]
    rows[1]["note"] = "y"
    texts, labels = labels_from_csv_rows(rows, "text", ["text", "transport", "note"])
    assert texts == ["bus", "park"]
    assert labels == {"transport": [1, 0]}
    with pytest.raises(ValueError, match="no label column"):
        labels_from_csv_rows(rows, "text", ["text", "transport"], ["gangs"])
    with pytest.raises(ValueError, match="'note': 'x' is not 0 or 1"):
        labels_from_csv_rows(rows, "text", ["text", "note"], ["note"])
