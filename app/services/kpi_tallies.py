"""Per-cell counts of KPI answers, kept up to date as responses are submitted or deleted.

The dashboard's KPI used to run one GROUP BY over every submitted answer (2-3.5 s for a million
answers on SQLite, which sorts them all); ``app.services.kpi.count_rows`` now reads these counts.
Every change goes through ``add_response(s)`` / ``remove_response`` in the same transaction as
the change itself, so the counts are exactly the GROUP BY at every commit (``grouped_cells`` is
that GROUP BY, used by ``rebuild`` and by ``kpi.count_rows_from_answers``, the reference in tests).

Cells are kept for every question, not only the ones a survey file marks as KPI questions, but
only for answers on the standard KPI scale (``analysis.kpi.ANSWER_VALUES``) and skipped answers:
marking another question as a KPI question later then needs no rebuild. A skipped answer's value
is stored as "", since it counts as "prefer_not_say" whatever it held.

Counts change with ``INSERT ... ON CONFLICT DO UPDATE SET count = count + excluded.count``, so
two submissions landing at once on PostgreSQL both count (the row lock orders them).
"""

from __future__ import annotations

import json
from collections.abc import Collection

from sqlalchemy import Integer, String, bindparam, case, cast, delete, func, or_, select, text

from analysis.kpi import ANSWER_VALUES
from app.database import built_once_per_database, conflict_insert
from app.extensions import db
from app.models import Answer, Response
from app.models.kpi import NO_GROUP_KEY, KpiTally

# Answers are written through SQLAlchemy's JSON type (json.dumps), so a standard answer is
# stored as exactly this text on SQLite and PostgreSQL alike.
KPI_VALUE_TEXTS = tuple(json.dumps(value) for value in ANSWER_VALUES)
KEY = ("consultation_id", "group_key", "survey_id", "question_id", "value", "is_skipped")


def grouped_cells(*where) -> list[dict]:
    """The cells counted straight from the answers (the old GROUP BY), narrowed by ``where``."""
    query = _counted(func.count(), *where)
    return [dict(zip((*KEY, "count"), row, strict=True)) for row in db.session.execute(query)]


def _counted(count, *where):
    stored = cast(Answer.value, String)
    columns = (
        Response.consultation_id,
        func.coalesce(Response.group_id, NO_GROUP_KEY),
        Answer.survey_id,
        Answer.question_id,
        case((Answer.is_skipped, ""), else_=stored),
        Answer.is_skipped,
    )
    return (
        select(*columns, count)
        .join(Response, Answer.response_id == Response.id)
        .where(or_(Answer.is_skipped, stored.in_(KPI_VALUE_TEXTS)), *where)
        .group_by(*columns)
    )


def add_response(response: Response) -> None:
    """Count a response's answers; call in the transaction that submits it."""
    add_responses([_stored_id(response)])


def add_responses(response_ids: Collection[int]) -> None:
    """Count the answers of several responses in one statement; call in the transaction that
    submits them."""
    if response_ids:
        _change(1, response_ids)


def remove_response(response: Response) -> None:
    """Stop counting a submitted response's answers; call before deleting or changing them."""
    _change(-1, [_stored_id(response)])


def _stored_id(response: Response) -> int:
    db.session.flush()  # a new response gets its id
    return response.id


def _change(sign: int, response_ids: Collection[int]) -> None:
    db.session.flush()  # the answers must be in the database to be read
    db.session.execute(_upsert(), {"sign": sign, "response_ids": list(response_ids)})


@built_once_per_database
def _upsert():
    """One statement, counting and adding at once: a submission waits for one round trip more."""
    counted = _counted(
        func.count() * bindparam("sign", type_=Integer),
        Answer.response_id.in_(bindparam("response_ids", expanding=True)),
    )
    table = KpiTally.__table__
    upsert = conflict_insert(table).from_select(list(KEY) + ["count"], counted)
    return upsert.on_conflict_do_update(
        index_elements=[table.c[name] for name in KEY],
        set_={"count": table.c.count + upsert.excluded.count},
    )


def rebuild() -> int:
    """Recount every cell from the submitted answers; returns how many cells there are."""
    if db.session.get_bind().dialect.name == "postgresql":
        # Submissions wait while the table is rebuilt, so none is counted twice or lost.
        db.session.execute(text("LOCK TABLE kpi_tallies IN EXCLUSIVE MODE"))
    db.session.execute(delete(KpiTally))
    cells = grouped_cells(Response.submitted_at.is_not(None))
    if cells:
        db.session.execute(KpiTally.__table__.insert(), cells)
    db.session.commit()
    return len(cells)
