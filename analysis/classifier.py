"""Learn themes from answers people have coded, and suggest them for new answers.

One TF-IDF + logistic regression model per theme, trained only once a theme has enough coded
examples both ways. Its accuracy, precision and recall are measured by stratified
cross-validation before the final model is fitted on everything, and reported as measured;
a theme without enough examples says so instead of guessing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, precision_score, recall_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import Pipeline, make_pipeline

MIN_POSITIVES = 20
MIN_NEGATIVES = 20
MAX_FOLDS = 5
RANDOM_STATE = 0
TRAINED = "trained"
NOT_ENOUGH = "not enough examples"
_TRUE_VALUES = frozenset({"1", "true", "yes", "y"})
_FALSE_VALUES = frozenset({"0", "false", "no", "n", ""})


@dataclass(frozen=True)
class ClassifierReport:
    """What we know about one theme's model; metrics are None when not measured."""

    theme_id: str
    status: str
    positives: int
    negatives: int
    accuracy: float | None = None
    precision: float | None = None
    recall: float | None = None
    evaluation: str = "not measured"

    def as_dict(self) -> dict:
        return asdict(self)


class ThemeClassifiers:
    """Trained models per theme, with the report for every theme that was asked for."""

    def __init__(self, models: Mapping[str, Pipeline], reports: Mapping[str, ClassifierReport]):
        self._models = dict(models)
        self.reports = dict(reports)

    @property
    def trained_themes(self) -> tuple[str, ...]:
        return tuple(self._models)

    def probabilities(self, texts: Sequence[str]) -> dict[str, list[float]]:
        """Probability of each trained theme for each text."""
        return {
            theme_id: [float(p) for p in model.predict_proba(list(texts))[:, 1]]
            for theme_id, model in self._models.items()
        }

    def suggest(self, texts: Sequence[str], min_confidence: float = 0.5) -> list[dict[str, float]]:
        """For each text, the trained themes at or above ``min_confidence``, with confidence."""
        by_theme = self.probabilities(texts)
        return [
            {
                theme_id: round(scores[index], 3)
                for theme_id, scores in by_theme.items()
                if scores[index] >= min_confidence
            }
            for index in range(len(texts))
        ]

    def predict(self, texts: Sequence[str]) -> dict[str, list[int]]:
        """0/1 per text for each trained theme (themes without a model are absent)."""
        return {
            theme_id: [int(p >= 0.5) for p in scores]
            for theme_id, scores in self.probabilities(texts).items()
        }


def train_theme_classifiers(
    texts: Sequence[str], labels: Mapping[str, Sequence[int | bool]]
) -> ThemeClassifiers:
    """Train one model per label that has enough positive and negative coded examples."""
    models: dict[str, Pipeline] = {}
    reports: dict[str, ClassifierReport] = {}
    for theme_id, values in labels.items():
        targets = [int(bool(value)) for value in values]
        if len(targets) != len(texts):
            raise ValueError(f"{theme_id!r}: {len(targets)} labels for {len(texts)} texts")
        positives = sum(targets)
        negatives = len(targets) - positives
        if positives < MIN_POSITIVES or negatives < MIN_NEGATIVES:
            reports[theme_id] = ClassifierReport(theme_id, NOT_ENOUGH, positives, negatives)
            continue
        reports[theme_id] = _cross_validate(theme_id, texts, targets)
        models[theme_id] = _new_model().fit(list(texts), targets)
    return ThemeClassifiers(models, reports)


def train_from_coded(
    coded: Iterable[tuple[str, Collection[str]]], theme_ids: Iterable[str]
) -> ThemeClassifiers:
    """Train from (answer text, theme ids a person gave it) pairs, as the app stores them."""
    pairs = list(coded)
    texts = [text for text, _ in pairs]
    labels = {theme_id: [theme_id in given for _, given in pairs] for theme_id in theme_ids}
    return train_theme_classifiers(texts, labels)


def _new_model() -> Pipeline:
    return make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, strip_accents="unicode"),
        LogisticRegression(class_weight="balanced", max_iter=1000, random_state=RANDOM_STATE),
    )


def _cross_validate(theme_id: str, texts: Sequence[str], targets: list[int]) -> ClassifierReport:
    positives = sum(targets)
    folds = min(MAX_FOLDS, positives, len(targets) - positives)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=RANDOM_STATE)
    predicted = cross_val_predict(_new_model(), list(texts), targets, cv=splitter)
    return ClassifierReport(
        theme_id,
        TRAINED,
        positives,
        len(targets) - positives,
        accuracy=round(float(accuracy_score(targets, predicted)), 3),
        precision=round(float(precision_score(targets, predicted, zero_division=0)), 3),
        recall=round(float(recall_score(targets, predicted, zero_division=0)), 3),
        evaluation=f"{folds}-fold stratified cross-validation on {len(targets)} coded answers",
    )


def labels_from_csv_rows(
    rows: Sequence[Mapping[str, str]],
    text_column: str,
    columns: Sequence[str],
    label_columns: Sequence[str] | None = None,
) -> tuple[list[str], dict[str, list[int]]]:
    """Texts and 0/1 labels from coded CSV rows; without ``label_columns``, every 0/1 column."""
    chosen = list(label_columns) if label_columns else _binary_columns(rows, text_column, columns)
    missing = [name for name in chosen if name not in columns]
    if missing:
        raise ValueError(f"coded CSV has no label column(s): {', '.join(missing)}")
    if not chosen:
        raise ValueError("coded CSV has no 0/1 label columns; name them with label_columns")
    texts = [row[text_column] or "" for row in rows]
    return texts, {name: [_flag(row[name], name) for row in rows] for name in chosen}


def _binary_columns(rows, text_column: str, columns: Sequence[str]) -> list[str]:
    values = _TRUE_VALUES | _FALSE_VALUES
    return [
        name
        for name in columns
        if name != text_column
        and any((row[name] or "").strip() for row in rows)
        and all((row[name] or "").strip().lower() in values for row in rows)
    ]


def _flag(value: str | None, column: str) -> int:
    cleaned = (value or "").strip().lower()
    if cleaned in _TRUE_VALUES:
        return 1
    if cleaned in _FALSE_VALUES:
        return 0
    raise ValueError(f"label column {column!r}: {value!r} is not 0 or 1")
