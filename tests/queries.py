"""Counting the SQL statements a request sends, for the tests that keep hot pages cheap."""

import contextlib

from sqlalchemy import event

from app.extensions import db


@contextlib.contextmanager
def counted_statements():
    statements: list[str] = []

    def count(_connection, _cursor, statement, *_rest) -> None:
        statements.append(statement)

    db.session.remove()  # nothing cached from an earlier request, as in production
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
