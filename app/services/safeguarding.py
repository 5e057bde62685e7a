"""Safeguarding: screen each free-text answer as it is saved, and keep flagged answers hidden.

``screen_answer`` runs ``analysis.safeguarding.screen`` on a stored text answer and creates or
raises its ``SafeguardingFlag``. A flag is never deleted or lowered: if a child rewrites an
answer, the flag stays with the highest severity and every category any version raised.
Text that cannot be screened (a language or script without terms) gets the severity
``unscreened``, so that a person reads it.

For other views: ``flagged_answer_ids(consultation_id)`` is the set of answer ids that must not
appear on presenter screens, quote lists, word views, exports or public pages, whatever their
theme or review outcome; ``unflagged_answers_clause()`` is the same rule as a WHERE clause for
any query that selects ``Answer`` rows::

    select(Answer.value).where(Answer.question_id == "make_safer", unflagged_answers_clause())
"""

from collections.abc import Iterable
from typing import NamedTuple

from sqlalchemy import ColumnElement, case, select

from analysis.safeguarding import HIGH, MEDIUM, ScreeningResult, category_labels, screen
from app.extensions import db
from app.models import FLAG_OUTCOMES, Answer, SafeguardingFlag, User
from app.models.types import utcnow
from app.services import audit
from app.services.journey_reads import AnswerRecord, AnyResponse

UNSCREENED = "unscreened"
SEVERITIES = (HIGH, MEDIUM, UNSCREENED)  # most urgent first: the queue's order
NEW, REVIEWED = "new", "reviewed"


class Screened(NamedTuple):
    """What screening a stored answer found: the answer's flag, an earlier one or one this text
    raised (None when it has none), and whether this text raised it (which alerts the leads)."""

    flag: SafeguardingFlag | None
    raised: bool


def screen_answer(answer: Answer | AnswerRecord, response: AnyResponse) -> Screened:
    """Screen a stored text answer in the response's language, creating or raising its flag.

    Adds the flag to the session (the caller commits). A skipped or empty answer, or text that
    screening passes, raises nothing and never lowers an earlier flag; that flag still records
    the new wording, so the lead sees every version, the cleared one included.
    """
    text = answer.value if isinstance(answer.value, str) and not answer.is_skipped else ""
    flag = flag_for(answer) if answer.id is not None else None
    if flag is not None:
        _remember(flag, text)
    if not text.strip():
        return Screened(flag, raised=False)
    result = screen(text, response.language or "unknown")
    severity = severity_of(result)
    if severity is None:
        return Screened(flag, raised=False)
    if flag is None:
        flag = SafeguardingFlag(
            answer_id=answer.id,
            response_id=response.id,
            consultation_id=response.consultation_id,
            severity=severity,
        )
        db.session.add(flag)
        _remember(flag, text)
    _merge(flag, severity, result)
    return Screened(flag, raised=True)


def _remember(flag: SafeguardingFlag, text: str) -> None:
    """Keep each wording the flagged answer has had, in order, without repeating the last."""
    texts = list(flag.texts or [])
    if not texts or texts[-1] != text:
        flag.texts = [*texts, text]


def severity_of(result: ScreeningResult) -> str | None:
    """high or medium when screening matched; unscreened when nobody could screen it."""
    if result.is_flagged:
        return result.severity
    return UNSCREENED if result.needs_human_reading else None


def _merge(flag: SafeguardingFlag, severity: str, result: ScreeningResult) -> None:
    # a rewritten answer may add concerns but never takes one away
    if SEVERITIES.index(severity) < SEVERITIES.index(flag.severity):
        flag.severity = severity
    flag.categories = _union(flag.categories, result.categories)
    flag.matched_terms = _union(flag.matched_terms, result.matched_terms)
    flag.needs_human_reading = bool(flag.needs_human_reading or result.needs_human_reading)


def _union(kept: Iterable[str] | None, added: Iterable[str]) -> list[str]:
    return list(dict.fromkeys([*(kept or []), *added]))


def flag_for(answer: Answer | AnswerRecord) -> SafeguardingFlag | None:
    return db.session.scalar(select(SafeguardingFlag).filter_by(answer_id=answer.id))


def offers_help_now(answer: Answer | AnswerRecord, flag: SafeguardingFlag | None) -> bool:
    """True when the answer, just sent, carries a high flag (``flag``, the answer's own, as
    screening left it): the next page offers help.

    A child who goes back and rewrites such an answer is offered help again; skipping it is not.
    """
    if answer.is_skipped or not isinstance(answer.value, str):
        return False
    return flag is not None and flag.severity == HIGH


def flagged_answer_ids(consultation_id: int) -> set[int]:
    """Ids of the consultation's answers that have a flag, reviewed or not: never show them."""
    query = select(SafeguardingFlag.answer_id).where(
        SafeguardingFlag.consultation_id == consultation_id
    )
    return set(db.session.scalars(query))


def unflagged_answers_clause() -> ColumnElement[bool]:
    """A WHERE clause, true for ``Answer`` rows that have no flag; correlates with ``Answer``."""
    return ~select(SafeguardingFlag.id).where(SafeguardingFlag.answer_id == Answer.id).exists()


def queue(limit: int = 200) -> tuple[list[SafeguardingFlag], list[SafeguardingFlag]]:
    """(unreviewed by severity then oldest first, reviewed newest first, at most ``limit``)."""
    urgency = case({s: rank for rank, s in enumerate(SEVERITIES)}, value=SafeguardingFlag.severity)
    waiting = select(SafeguardingFlag).where(SafeguardingFlag.status == NEW)
    waiting = waiting.order_by(urgency, SafeguardingFlag.created_at, SafeguardingFlag.id)
    reviewed = select(SafeguardingFlag).where(SafeguardingFlag.status != NEW)
    reviewed = reviewed.order_by(SafeguardingFlag.reviewed_at.desc()).limit(limit)
    return list(db.session.scalars(waiting)), list(db.session.scalars(reviewed))


def record_outcome(flag: SafeguardingFlag, outcome: str, notes: str, reviewer: User) -> None:
    """Store the lead's decision with who and when, and audit it (the notes stay off the log)."""
    if outcome not in FLAG_OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    flag.status, flag.outcome, flag.notes = REVIEWED, outcome, notes
    flag.reviewer_id, flag.reviewed_at = reviewer.id, utcnow()
    audit.record(
        "safeguarding_outcome_recorded", reviewer, target=f"flag {flag.id}", outcome=outcome
    )
    db.session.commit()


def record_view(flag: SafeguardingFlag | None, viewer: User, what: str = "flag") -> None:
    """Audit that ``viewer`` opened a flag (or the queue or outbox, when ``flag`` is None)."""
    target = f"flag {flag.id}" if flag is not None else what
    audit.record(f"safeguarding_{what}_viewed", viewer, target=target)
    db.session.commit()


def category_names(flag: SafeguardingFlag) -> list[str]:
    labels = category_labels()
    return [labels.get(category, category) for category in flag.categories or []]
