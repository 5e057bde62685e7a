"""Counting and watching the SQL statements a request sends, for the tests that keep hot pages
cheap and read-only pages reading only."""

import contextlib

from sqlalchemy import event

from app.extensions import db


@contextlib.contextmanager
def counted_statements():
    """The SQL of each statement the block sends, starting from a fresh session."""
    statements: list[str] = []
    with _each_statement(lambda _connection, statement: statements.append(statement)):
        yield statements


@contextlib.contextmanager
def watched_statements():
    """(statement, whether its connection was in autocommit, its DBAPI connection) per statement
    the block sends, starting from a fresh session."""
    seen: list[tuple[str, bool, object]] = []

    def note(connection, statement: str) -> None:
        dbapi = connection.connection.dbapi_connection
        autocommit = getattr(dbapi, "autocommit", None)
        if autocommit is None:  # the sqlite3 module: no isolation level means autocommit
            autocommit = dbapi.isolation_level is None
        seen.append((statement, bool(autocommit), dbapi))

    with _each_statement(note):
        yield seen


@contextlib.contextmanager
def watched_transactions():
    """Each statement the block sends, with "COMMIT" and "ROLLBACK" where a transaction ended."""
    seen: list[str] = []

    def ended(how: str):
        return lambda _connection: seen.append(how)

    on_commit, on_rollback = ended("COMMIT"), ended("ROLLBACK")
    with _each_statement(lambda _connection, statement: seen.append(statement)):
        # listening once the test's own session has been put away, which rolls back
        event.listen(db.engine, "commit", on_commit)
        event.listen(db.engine, "rollback", on_rollback)
        try:
            yield seen
        finally:
            event.remove(db.engine, "commit", on_commit)
            event.remove(db.engine, "rollback", on_rollback)


@contextlib.contextmanager
def _each_statement(record):
    """Call ``record(connection, statement)`` for every statement sent inside the block."""

    def listener(connection, _cursor, statement, *_rest) -> None:
        record(connection, statement)

    db.session.remove()  # nothing cached from an earlier request, as in production
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        yield
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)


def writes(seen) -> list[str]:
    """The statements in ``seen`` (from ``watched_statements``) that are not a SELECT."""
    return [
        statement for statement, *_ in seen if not statement.lstrip().upper().startswith("SELECT")
    ]
