"""The coding page's queue: analysed answers to code, a page at a time, flagged answers left out."""

from dataclasses import dataclass

from sqlalchemy import exists, func, select

from app.extensions import db
from app.models import Answer, AnswerAnalysis, AnswerTheme, Consultation, SafeguardingFlag
from app.services.themes import text_answers

CODING_PAGE_SIZE = 20
CODING_FILTERS = ("all", "to_decide", "needs_translation")


@dataclass(frozen=True)
class CodingItem:
    """One answer on the coding page: its analysis and every theme row it has."""

    analysis: AnswerAnalysis
    themes: tuple[AnswerTheme, ...]


def coding_items(
    consultation: Consultation, page: int = 1, show: str = "all"
) -> tuple[list[CodingItem], int]:
    """A page of analysed answers to code, oldest first, and how many there are in all.

    Answers with a safeguarding flag are left out, as they are from exports: their words are for
    the safeguarding lead, not for a coding session.
    """
    ids = text_answers(consultation).with_only_columns(Answer.id)
    query = select(AnswerAnalysis).where(
        AnswerAnalysis.answer_id.in_(ids),
        ~exists().where(SafeguardingFlag.answer_id == AnswerAnalysis.answer_id),
    )
    if show == "to_decide":
        query = query.where(
            exists().where(
                AnswerTheme.answer_id == AnswerAnalysis.answer_id,
                AnswerTheme.decision == "suggested",
            )
        )
    elif show == "needs_translation":
        query = query.where(AnswerAnalysis.needs_translation.is_(True))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    analyses = list(
        db.session.scalars(
            query.order_by(AnswerAnalysis.answer_id)
            .limit(CODING_PAGE_SIZE)
            .offset((max(page, 1) - 1) * CODING_PAGE_SIZE)
        )
    )
    rows = db.session.scalars(
        select(AnswerTheme)
        .where(AnswerTheme.answer_id.in_([a.answer_id for a in analyses]))
        .order_by(AnswerTheme.id)
    )
    by_answer: dict[int, list[AnswerTheme]] = {}
    for row in rows:
        by_answer.setdefault(row.answer_id, []).append(row)
    items = [CodingItem(a, tuple(by_answer.get(a.answer_id, ()))) for a in analyses]
    return items, int(total or 0)


def analysed_answer(answer_id: int) -> Answer | None:
    """An answer that has been analysed (only those can be coded or translated)."""
    return db.session.scalar(
        select(Answer)
        .join(AnswerAnalysis, AnswerAnalysis.answer_id == Answer.id)
        .where(Answer.id == answer_id)
    )
