"""Builders for the export tests: responses and answers written straight through the models."""

from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from sqlalchemy import event

from app.extensions import db
from app.models import Answer, Consultation, Response, Wave

STARTED = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
QUESTION_IDS = [
    *("mood", "why_unsafe", "colour", "pets", "happy_scale"),
    *("has_bike", "older_only", "where", "siblings"),
]


def add_response(
    consultation: Consultation,
    answers: dict[str, object],
    skipped: tuple[str, ...] = (),
    is_submitted: bool = True,
    position: int = 0,
    **fields,
) -> Response:
    """A response with ``answers`` (question id → stored value) and ``skipped`` questions."""
    started = STARTED + timedelta(minutes=position)
    response = Response(
        consultation=consultation,
        language=fields.pop("language", "en"),
        age_band=fields.pop("age_band", "12-15"),
        started_at=started,
        submitted_at=started + timedelta(minutes=5) if is_submitted else None,
        **fields,
    )
    for question_id, value in answers.items():
        response.answers.append(_answer(question_id, value, False))
    for question_id in skipped:
        response.answers.append(_answer(question_id, None, True))
    db.session.add(response)
    db.session.commit()
    return response


def _answer(question_id: str, value: object, is_skipped: bool) -> Answer:
    return Answer(
        survey_id="all-types",
        survey_version=1,
        question_id=question_id,
        value=value,
        is_skipped=is_skipped,
    )


def add_wave(name: str = "Baseline") -> Wave:
    wave = Wave(name=name, position=0, starts_on=STARTED.date(), ends_on=STARTED.date())
    db.session.add(wave)
    db.session.commit()
    return wave


@contextmanager
def counted_queries():
    """Yields a list that collects each SQL statement run inside the block."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
