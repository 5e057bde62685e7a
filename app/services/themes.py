"""Themes in people's own words: analysing answers, coding them, and learning from the coding.

Every write here keeps one promise: a person's decision is final. Automatic theming (``auto``) and
the classifier (``model``) only ever add suggestions where nobody has decided yet. Figures for
staff pages suppress counts under 10; quotes are redacted and never come from an answer with a
safeguarding flag.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from analysis.classifier import ClassifierReport, train_from_coded
from analysis.codebook import Codebook, add_theme_to_file, load_codebook
from analysis.language import CONSULTATION_LANGUAGES
from analysis.pipeline import AnswerAnalysis as Analysed
from analysis.pipeline import analyse_answer, analyse_many
from analysis.redact import redact
from app.extensions import db
from app.models import (
    Answer,
    AnswerAnalysis,
    AnswerTheme,
    Consultation,
    Response,
    User,
)
from app.models.types import utcnow
from app.services import audit
from app.services.consultations import survey_for

BATCH_SIZE = 200
MODEL_MIN_CONFIDENCE = 0.6
HUMAN_DECISIONS = ("accepted", "rejected")


class ThemeError(ValueError):
    """A request that cannot be carried out, with a message a worker can act on."""


@dataclass(frozen=True)
class ModelRun:
    """What learning from coding did: the report per theme and how many suggestions it added."""

    reports: tuple[ClassifierReport, ...]
    added: int


def codebook() -> Codebook:
    return load_codebook(current_app.config["CODEBOOK_PATH"])


def text_question_ids(consultation: Consultation) -> list[str]:
    return [q.id for q in survey_for(consultation).questions if q.type == "text"]


def text_answers(consultation: Consultation):
    """A query of the consultation's free-text answers that someone actually wrote."""
    return (
        select(Answer)
        .join(Response, Answer.response_id == Response.id)
        .where(
            Response.consultation_id == consultation.id,
            Answer.question_id.in_(text_question_ids(consultation)),
            Answer.is_skipped.is_(False),
        )
    )


def answer_languages(consultation: Consultation) -> tuple[str, ...]:
    """The consultation's languages that can be recognised offline, always with English."""
    chosen = [code for code in consultation.languages or [] if code in CONSULTATION_LANGUAGES]
    return tuple(dict.fromkeys(["en", *chosen]))


def analyse_pending(
    consultation: Consultation, progress: Callable[[int, int], None] | None = None
) -> int:
    """Analyse the text answers that have none yet, suggest their themes; returns how many."""
    analysed = select(AnswerAnalysis.answer_id)
    pending = [
        answer
        for answer in db.session.scalars(
            text_answers(consultation).where(Answer.id.not_in(analysed)).order_by(Answer.id)
        )
        if isinstance(answer.value, str) and answer.value.strip()
    ]
    book, languages = codebook(), answer_languages(consultation)
    for start in range(0, len(pending), BATCH_SIZE):
        batch = pending[start : start + BATCH_SIZE]
        results = analyse_many([a.value for a in batch], languages, book)
        for answer, result in zip(batch, results, strict=True):
            _store_analysis(answer, result, book.version)
        db.session.commit()
        if progress is not None:
            progress(start + len(batch), len(pending))
    return len(pending)


def _store_analysis(answer: Answer, result: Analysed, codebook_version: int) -> None:
    db.session.add(
        AnswerAnalysis(
            answer_id=answer.id,
            language=result.language,
            stance=result.stance,
            sentiment=result.sentiment,
            noun_phrases=list(result.noun_phrases),
            needs_translation=result.needs_translation,
            redacted_text=redact(answer.value).text,
            codebook_version=codebook_version,
        )
    )
    _suggest(answer.id, dict.fromkeys(result.theme_ids), "auto")


def _suggest(answer_id: int, themes: dict[str, float | None], source: str) -> int:
    """Add suggestions where the answer has no row for the theme yet; returns how many."""
    if not themes:
        return 0
    existing = {
        row.theme_id: row
        for row in db.session.scalars(select(AnswerTheme).where(AnswerTheme.answer_id == answer_id))
    }
    added = 0
    for theme_id, confidence in themes.items():
        row = existing.get(theme_id)
        if row is None:
            db.session.add(
                AnswerTheme(
                    answer_id=answer_id, theme_id=theme_id, source=source, confidence=confidence
                )
            )
            added += 1
        elif row.source == "model" and row.decision == "suggested" and confidence is not None:
            row.confidence = confidence  # a newer model's view of a still-undecided suggestion
    return added


def add_translation(user: User, answer: Answer, text: str) -> AnswerAnalysis:
    """Keep the original, store a worker's English translation and theme the translation."""
    analysis = db.session.scalar(select(AnswerAnalysis).filter_by(answer_id=answer.id))
    text = text.strip()
    if analysis is None:
        raise ThemeError(_l("This answer has not been analysed yet."))
    if not text:
        raise ThemeError(_l("Write the English translation first."))
    book = codebook()
    result = analyse_answer(text, ("en",), book)
    analysis.translation = text
    analysis.translated_by_id = user.id
    analysis.needs_translation = False
    analysis.stance, analysis.sentiment = result.stance, result.sentiment
    analysis.noun_phrases = list(result.noun_phrases)
    analysis.codebook_version = book.version
    _suggest(answer.id, dict.fromkeys(result.theme_ids), "auto")
    audit.record("theme_translation_added", user, target=f"answer {answer.id}")
    db.session.commit()
    return analysis


def decide(
    user: User,
    answer_theme_ids: Iterable[int],
    decision: str,
    consultation: Consultation | None = None,
) -> int:
    """Accept or reject themes on answers (one or many); returns how many rows changed."""
    if decision not in HUMAN_DECISIONS:
        raise ThemeError(f"unknown decision {decision!r}")
    query = select(AnswerTheme).where(AnswerTheme.id.in_(list(answer_theme_ids)))
    if consultation is not None:
        query = query.where(
            AnswerTheme.answer_id.in_(text_answers(consultation).with_only_columns(Answer.id))
        )
    rows = list(db.session.scalars(query))
    for row in rows:
        row.decision, row.decided_by_id, row.decided_at = decision, user.id, utcnow()
    if rows:
        audit.record(f"themes_{decision}", user, target=f"{len(rows)} theme(s)")
    db.session.commit()
    return len(rows)


def add_theme(user: User, answer: Answer, theme_id: str) -> AnswerTheme:
    """A worker gives an answer a theme: a new accepted row, or a decision on an existing one."""
    if theme_id not in codebook().theme_ids:
        raise ThemeError(_l("Choose a theme from the codebook."))
    row = db.session.scalar(select(AnswerTheme).filter_by(answer_id=answer.id, theme_id=theme_id))
    if row is None:
        row = AnswerTheme(answer_id=answer.id, theme_id=theme_id, source="human")
        db.session.add(row)
    row.decision, row.decided_by_id, row.decided_at = "accepted", user.id, utcnow()
    audit.record("theme_added", user, target=f"answer {answer.id}", theme=theme_id)
    db.session.commit()
    return row


def coded_answers() -> list[tuple[str, set[str]]]:
    """(English text, themes a person accepted) for every answer someone has coded."""
    rows = db.session.execute(
        select(AnswerTheme.answer_id, AnswerTheme.theme_id, AnswerTheme.decision).where(
            AnswerTheme.decided_by_id.is_not(None)
        )
    ).all()
    accepted: dict[int, set[str]] = {}
    for answer_id, theme_id, decision in rows:
        themes = accepted.setdefault(answer_id, set())
        if decision == "accepted":
            themes.add(theme_id)
    texts = _english_texts(accepted)
    return [
        (texts[answer_id], themes) for answer_id, themes in accepted.items() if texts.get(answer_id)
    ]


def _english_texts(answer_ids: Iterable[int]) -> dict[int, str]:
    rows = db.session.scalars(
        select(AnswerAnalysis).where(AnswerAnalysis.answer_id.in_(list(answer_ids)))
    )
    return {row.answer_id: english_text(row) for row in rows}


def english_text(analysis: AnswerAnalysis) -> str:
    """The redacted words a model or a reader works on: the translation when there is one."""
    if analysis.translation:
        return redact(analysis.translation).text
    return analysis.redacted_text


def train_models(theme_ids: Sequence[str] | None = None):
    """Classifiers trained on everything people have coded so far, with a report per theme."""
    return train_from_coded(coded_answers(), theme_ids or codebook().theme_ids)


def suggest_from_model(consultation: Consultation) -> ModelRun:
    """Suggest themes with a trained model where no person has decided on that theme yet."""
    classifiers = train_models()
    reports = tuple(classifiers.reports.values())
    if not classifiers.trained_themes:
        return ModelRun(reports, 0)
    analyses = list(
        db.session.scalars(
            select(AnswerAnalysis).where(
                AnswerAnalysis.answer_id.in_(
                    text_answers(consultation).with_only_columns(Answer.id)
                )
            )
        )
    )
    suggestions = classifiers.suggest([english_text(a) for a in analyses], MODEL_MIN_CONFIDENCE)
    added = sum(
        _suggest(analysis.answer_id, dict(found), "model")
        for analysis, found in zip(analyses, suggestions, strict=True)
    )
    db.session.commit()
    return ModelRun(reports, added)


def add_emerging_theme(
    user: User, theme_id: str, label: str, description: str, terms: Sequence[str]
) -> Codebook:
    """Add a theme to the codebook file in one step (a new codebook version), audit-logged."""
    path = current_app.config["CODEBOOK_PATH"]
    grown = add_theme_to_file(path, theme_id, label, description, terms)
    audit.record("codebook_theme_added", user, target=theme_id, version=grown.version)
    db.session.commit()
    return grown
