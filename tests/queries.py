"""Counting and watching the SQL statements a request sends, for the tests that keep hot pages
cheap and read-only pages reading only."""

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


@contextlib.contextmanager
def watched_statements():
    """(statement, whether its connection was in autocommit, its DBAPI connection) per statement
    the block sends, starting from a fresh session."""
    seen: list[tuple[str, bool, object]] = []

    def note(connection, _cursor, statement, *_rest) -> None:
        dbapi = connection.connection.dbapi_connection
        autocommit = getattr(dbapi, "autocommit", None)
        if autocommit is None:  # the sqlite3 module: no isolation level means autocommit
            autocommit = dbapi.isolation_level is None
        seen.append((statement, bool(autocommit), dbapi))

    db.session.remove()
    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def writes(seen) -> list[str]:
    """The statements in ``seen`` (from ``watched_statements``) that are not a SELECT."""
    return [
        statement for statement, *_ in seen if not statement.lstrip().upper().startswith("SELECT")
    ]
