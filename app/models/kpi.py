"""Counted answers to the KPI questions, kept per cell so the dashboard reads a few hundred rows.

One row per (consultation, respondent group, survey, question, stored value, skipped): how many
submitted responses gave that answer. ``app.services.kpi_tallies`` adds and subtracts in the same
transaction that submits a response, deletes one or changes a submitted answer, so the counts
always equal a GROUP BY over the answers; ``safevoices kpi --rebuild-tallies`` recomputes them.
"""

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db

NO_GROUP_KEY = 0  # a key column cannot be NULL: NULLs never conflict, so upserts would duplicate


class KpiTally(db.Model):
    __tablename__ = "kpi_tallies"
    __table_args__ = (
        UniqueConstraint(
            "consultation_id", "group_key", "survey_id", "question_id", "value", "is_skipped"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    # The response's group id, or NO_GROUP_KEY; no foreign key, so the key column is never NULL.
    group_key: Mapped[int]
    survey_id: Mapped[str] = mapped_column(String(100))
    question_id: Mapped[str] = mapped_column(String(100))
    # The answer's stored JSON text (CAST(value AS VARCHAR)), "" for SQL NULL; only standard KPI
    # answers are kept, so it is always short.
    value: Mapped[str] = mapped_column(String(100))
    is_skipped: Mapped[bool]
    count: Mapped[int]
