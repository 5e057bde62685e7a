"""One call per answer (or per CSV file) that runs every offline text analysis we have.

``analyse_answer`` is what the app calls when an answer is saved; ``analyse_many`` is the same
for a batch; ``theme_csv`` is what ``safevoices theme`` wraps for partners who send a spreadsheet.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from analysis.codebook import Codebook, load_codebook
from analysis.language import (
    CONSULTATION_LANGUAGES,
    UNKNOWN,
    detect_language,
    has_non_ascii_letters,
)
from analysis.sentiment import polarity
from analysis.stance import NO_STANCE, safety_stance
from analysis.text import is_word, parse, tokenize
from analysis.themes import ThemeHit, theme_words

ADDED_COLUMNS = ("themes", "stance", "sentiment", "noun_phrases", "language", "needs_translation")
PROGRESS_EVERY = 500


@dataclass(frozen=True)
class AnswerAnalysis:
    language: str
    tokens: tuple[str, ...]
    noun_phrases: tuple[str, ...]
    sentiment: float
    stance: str
    themes: tuple[ThemeHit, ...]
    needs_translation: bool

    @property
    def theme_ids(self) -> tuple[str, ...]:
        return tuple(hit.theme_id for hit in self.themes)


@lru_cache(maxsize=1)
def default_codebook() -> Codebook:
    return load_codebook()


def analyse_answer(
    text: str,
    languages: Iterable[str] = CONSULTATION_LANGUAGES,
    codebook: Codebook | None = None,
) -> AnswerAnalysis:
    """Language, tokens, noun phrases, sentiment, safety stance and themes of one answer.

    Sentiment, stance and noun phrases are English-only: other languages get 0.0, no_stance and
    no phrases, and are themed through the codebook's terms in their language.
    """
    codebook = codebook or default_codebook()
    language = detect_language(text, languages)
    is_foreign_script = has_non_ascii_letters(text)
    if language != "en" and (language != UNKNOWN or is_foreign_script):
        return _analyse_other_language(text, language, codebook, is_foreign_script)
    parsed = parse(text)
    themes = theme_words([s.tokens for s in parsed.sentences], language, codebook)
    return AnswerAnalysis(
        language=language,
        tokens=parsed.words,
        noun_phrases=tuple(dict.fromkeys(parsed.noun_phrases)),
        sentiment=polarity(parsed),
        stance=safety_stance(parsed),
        themes=themes.hits,
        needs_translation=themes.needs_translation,
    )


def _analyse_other_language(
    text: str, language: str, codebook: Codebook, is_foreign_script: bool
) -> AnswerAnalysis:
    tokens = tokenize(text)
    themes = theme_words([tokens], language, codebook, is_foreign_script)
    return AnswerAnalysis(
        language=language,
        tokens=tuple(token.lower() for token in tokens if is_word(token)),
        noun_phrases=(),
        sentiment=0.0,
        stance=NO_STANCE,
        themes=themes.hits,
        needs_translation=themes.needs_translation,
    )


def analyse_many(
    texts: Iterable[str],
    languages: Iterable[str] = CONSULTATION_LANGUAGES,
    codebook: Codebook | None = None,
) -> list[AnswerAnalysis]:
    """``analyse_answer`` for each text; identical answers ("idk", "more police") run once."""
    codebook = codebook or default_codebook()
    allowed = tuple(languages)
    done: dict[str, AnswerAnalysis] = {}
    results = []
    for text in texts:
        if text not in done:
            done[text] = analyse_answer(text, allowed, codebook)
        results.append(done[text])
    return results


def theme_csv(
    in_path: str | Path,
    text_column: str,
    out_path: str | Path,
    codebook_path: str | Path | None = None,
    learn_from: str | Path | None = None,
    label_columns: Sequence[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
    languages: Iterable[str] = CONSULTATION_LANGUAGES,
) -> dict:
    """Add analysis columns to a CSV of answers and return a summary of what was found.

    With ``learn_from`` (a CSV of human-coded answers with the same text column and one 0/1
    column per label) a classifier per label is trained and a ``predicted_<label>`` column added;
    labels with too few coded examples get an empty column and say so in the summary.
    """
    fieldnames, rows = read_csv(in_path, text_column)
    codebook = load_codebook(codebook_path) if codebook_path else default_codebook()
    texts = [row[text_column] or "" for row in rows]
    analyses = _analyse_with_progress(texts, tuple(languages), codebook, progress)
    for row, analysis in zip(rows, analyses, strict=True):
        row.update(_analysis_columns(analysis))
    summary = summarise(analyses, codebook)
    added = list(ADDED_COLUMNS)
    if learn_from is not None:
        added += _add_predictions(rows, texts, learn_from, text_column, label_columns, summary)
    _write_csv(out_path, fieldnames + [name for name in added if name not in fieldnames], rows)
    return summary


def read_csv(path: str | Path, text_column: str) -> tuple[list[str], list[dict[str, str]]]:
    """Rows of a UTF-8 CSV (with or without BOM), checking that the text column exists."""
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        fieldnames = list(reader.fieldnames or [])
        if text_column not in fieldnames:
            found = ", ".join(repr(name) for name in fieldnames) or "none"
            raise ValueError(
                f"{Path(path).name} has no column {text_column!r}; its columns are: {found}"
            )
        return fieldnames, list(reader)


def _analyse_with_progress(texts, languages, codebook, progress) -> list[AnswerAnalysis]:
    results: list[AnswerAnalysis] = []
    for start in range(0, len(texts), PROGRESS_EVERY):
        results += analyse_many(texts[start : start + PROGRESS_EVERY], languages, codebook)
        if progress is not None:
            progress(len(results), len(texts))
    return results


def _analysis_columns(analysis: AnswerAnalysis) -> dict[str, str]:
    return {
        "themes": ";".join(analysis.theme_ids),
        "stance": analysis.stance,
        "sentiment": f"{analysis.sentiment:.3f}",
        "noun_phrases": ";".join(analysis.noun_phrases),
        "language": analysis.language,
        "needs_translation": "1" if analysis.needs_translation else "0",
    }


def summarise(analyses: Sequence[AnswerAnalysis], codebook: Codebook) -> dict:
    """Counts a person checks first: rows, themed rows, languages, stances, themes."""
    theme_counts = Counter(theme_id for a in analyses for theme_id in a.theme_ids)
    return {
        "rows": len(analyses),
        "themed_rows": sum(bool(a.themes) for a in analyses),
        "needs_translation": sum(a.needs_translation for a in analyses),
        "languages": dict(Counter(a.language for a in analyses).most_common()),
        "stances": dict(Counter(a.stance for a in analyses).most_common()),
        "themes": {theme_id: theme_counts[theme_id] for theme_id in codebook.theme_ids},
        "codebook_version": codebook.version,
    }


def _add_predictions(rows, texts, learn_from, text_column, label_columns, summary) -> list[str]:
    from analysis.classifier import labels_from_csv_rows, train_theme_classifiers

    coded_columns, coded_rows = read_csv(learn_from, text_column)
    coded_texts, labels = labels_from_csv_rows(
        coded_rows, text_column, coded_columns, label_columns
    )
    classifiers = train_theme_classifiers(coded_texts, labels)
    predictions = classifiers.predict(texts)
    columns = []
    for label in labels:
        column = f"predicted_{label}"
        columns.append(column)
        for row, value in zip(rows, predictions.get(label, [None] * len(rows)), strict=True):
            row[column] = "" if value is None else str(value)
    summary["classifiers"] = {
        label: report.as_dict() for label, report in classifiers.reports.items()
    }
    return columns


def _write_csv(path: str | Path, fieldnames: list[str], rows: list[dict[str, str]]) -> None:
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
