"""Figures from coded themes for staff pages: counts per theme and breakdown (under 10 suppressed),
redacted quotes that never come from a flagged answer, and phrases no theme covers yet."""

from dataclasses import dataclass, replace

from sqlalchemy import case, exists, func, select

from analysis.codebook import Codebook
from analysis.emerging import EmergingTheme, emerging_themes
from analysis.kpi import suppress_small
from app.extensions import db
from app.models import (
    Answer,
    AnswerAnalysis,
    AnswerTheme,
    Consultation,
    Group,
    Place,
    Response,
    SafeguardingFlag,
    Wave,
)
from app.services.themes import codebook, english_text, text_answers

# Breakdowns a pilot lead can choose: name → the column that labels each answer.
BREAKDOWNS = {
    "group": Group.name,
    "age_band": Response.age_band,
    "wave": Wave.name,
    "place": Place.name,
    "language": AnswerAnalysis.language,
    "stance": AnswerAnalysis.stance,
}


@dataclass(frozen=True)
class ThemeCount:
    """Answers with a theme (not rejected), in one breakdown cell; None when under 10."""

    theme_id: str
    key: str
    count: int | None


def _counted_rows(consultation: Consultation | None):
    """Themes on analysed answers that nobody rejected, with what each answer can be split by."""
    query = (
        select(AnswerTheme.theme_id, AnswerTheme.answer_id)
        .join(AnswerAnalysis, AnswerAnalysis.answer_id == AnswerTheme.answer_id)
        .join(Answer, Answer.id == AnswerTheme.answer_id)
        .join(Response, Response.id == Answer.response_id)
        .join(Consultation, Consultation.id == Response.consultation_id)
        .outerjoin(Group, Group.id == Response.group_id)
        .outerjoin(Wave, Wave.id == Consultation.wave_id)
        .outerjoin(Place, Place.id == Consultation.place_id)
        .where(AnswerTheme.decision != "rejected")
    )
    if consultation is not None:
        query = query.where(Response.consultation_id == consultation.id)
    return query


def theme_counts(consultation: Consultation | None, by: str | None = None) -> list[ThemeCount]:
    """Answers per theme (and per breakdown value), with counts under 10 suppressed."""
    keys = [BREAKDOWNS[by]] if by else []
    query = _counted_rows(consultation).with_only_columns(
        AnswerTheme.theme_id, *keys, func.count(AnswerTheme.answer_id.distinct())
    )
    rows = db.session.execute(query.group_by(AnswerTheme.theme_id, *keys)).all()
    if not by:
        rows = [(theme_id, "", n) for theme_id, n in rows]
    order = {theme_id: index for index, theme_id in enumerate(codebook().theme_ids)}
    counts = [
        ThemeCount(theme_id, "" if value is None else str(value), suppress_small(int(n)))
        for theme_id, value, n in rows
    ]
    return sorted(counts, key=lambda c: (order.get(c.theme_id, len(order)), c.theme_id, c.key))


def analysed_count(consultation: Consultation | None) -> int:
    query = select(func.count(AnswerAnalysis.id))
    if consultation is not None:
        ids = text_answers(consultation).with_only_columns(Answer.id)
        query = query.where(AnswerAnalysis.answer_id.in_(ids))
    return int(db.session.scalar(query) or 0)


def quotes(theme_id: str, consultation: Consultation | None = None, limit: int = 3) -> list[str]:
    """Different redacted answers that show the theme, never one with a safeguarding flag.

    People's decisions come first, then answers of a readable length (a sentence or two).
    """
    readable = case((func.length(AnswerAnalysis.redacted_text).between(20, 280), 0), else_=1)
    accepted_first = case((AnswerTheme.decision == "accepted", 0), else_=1)
    query = (
        _counted_rows(consultation)
        .with_only_columns(AnswerAnalysis)
        .where(AnswerTheme.theme_id == theme_id)
        .where(~exists().where(SafeguardingFlag.answer_id == AnswerTheme.answer_id))
        .order_by(accepted_first, readable, AnswerTheme.answer_id)
        .limit(limit * 10)  # room to skip repeats ("more police") without reading every answer
    )
    texts = dict.fromkeys(english_text(analysis) for analysis in db.session.scalars(query))
    return list(texts)[:limit]


def emerging(consultation: Consultation | None, min_count: int = 3) -> list[EmergingTheme]:
    """Phrases no theme covers yet, from redacted English words; flagged answers give no example."""
    query = select(AnswerAnalysis)
    if consultation is not None:
        ids = text_answers(consultation).with_only_columns(Answer.id)
        query = query.where(AnswerAnalysis.answer_id.in_(ids))
    analyses = list(db.session.scalars(query))
    flagged = set(db.session.scalars(select(SafeguardingFlag.answer_id)))
    texts = [english_text(a) for a in analyses]
    hidden = {text for a, text in zip(analyses, texts, strict=True) if a.answer_id in flagged}
    found = _emerging_cached(tuple(texts), codebook(), min_count)
    return [
        replace(theme, examples=tuple(e for e in theme.examples if e not in hidden))
        for theme in found
    ]


_EMERGING_CACHE: dict[tuple, list[EmergingTheme]] = {}
EMERGING_CACHE_SIZE = 8


def _emerging_cached(texts: tuple[str, ...], book: Codebook, min_count: int) -> list[EmergingTheme]:
    # Finding phrases takes about 30 ms an answer, so a page of 1,000 answers would take half a
    # minute each time; the same words and codebook always give the same candidates.
    key = (texts, book, min_count)
    if key not in _EMERGING_CACHE:
        if len(_EMERGING_CACHE) >= EMERGING_CACHE_SIZE:
            _EMERGING_CACHE.pop(next(iter(_EMERGING_CACHE)))
        _EMERGING_CACHE[key] = emerging_themes(texts, book, min_count=min_count)
    return _EMERGING_CACHE[key]
