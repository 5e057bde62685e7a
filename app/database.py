"""Database wiring: Flask-SQLAlchemy, Alembic via Flask-Migrate, SQLite tuned for writes, and
pooled PostgreSQL connections checked before use."""

import functools
import select
from pathlib import Path

from flask import Flask, request
from sqlalchemy import Table, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.pool import Pool
from sqlalchemy.sql.dml import Insert

from app.extensions import db, migrate

MIGRATIONS_DIR = str(Path(__file__).resolve().parent / "migrations")


def init_database(app: Flask) -> None:
    from app import models  # noqa: F401 - registers every table on the metadata

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # A busy timeout matters under concurrent writes (one writer at a time on SQLite).
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"timeout": 15}}
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True)


@event.listens_for(Engine, "connect")
def _tune_sqlite(dbapi_connection, _record) -> None:
    """WAL lets readers work while one respondent's answer is written; foreign keys are enforced."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


@event.listens_for(Pool, "checkout")
def _drop_connections_the_server_closed(dbapi_connection, _record, _proxy) -> None:
    """Hand out no pooled PostgreSQL connection that the server has closed, so that the app
    carries on by itself after PostgreSQL restarts or ends its backends.

    A pooled connection sits idle, and an idle connection hears from the server only when the
    server ends it (the goodbye message, then the closed socket). So a socket with anything to
    read means the connection is gone: SQLAlchemy then opens a fresh one in its place. Unlike
    ``pool_pre_ping``, which sent a query and waited for the answer on every request, this asks
    the operating system and costs no round trip. (A connection that dies after this look fails
    its request, as it could after a ping.)
    """
    if not type(dbapi_connection).__module__.startswith("psycopg"):
        return
    if dbapi_connection.closed or _has_something_to_read(dbapi_connection.fileno()):
        raise DisconnectionError("PostgreSQL closed this pooled connection")


def _has_something_to_read(descriptor: int) -> bool:
    poller = select.poll()
    poller.register(descriptor, select.POLLIN)
    return bool(poller.poll(0))


def conflict_insert(table: Table) -> Insert:
    """An INSERT into ``table`` that can take ``on_conflict_do_update``: PostgreSQL's or
    SQLite's, whichever the session's database is (the two spell an upsert alike)."""
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def built_once_per_database(build):
    """Decorate a function that builds a statement (an upsert, which SQLite and PostgreSQL spell
    with their own constructs) so that it is built once per kind of database, the session's, and
    that one is handed out after: building a statement can cost more than running it."""

    @functools.wraps(build)
    def statement():
        dialect = db.session.get_bind().dialect.name
        if dialect not in statement.built:
            statement.built[dialect] = build()
        return statement.built[dialect]

    statement.built = {}  # dialect name → statement
    return statement


def execute_core(statement, parameters: dict):
    """Run a Core statement (built on tables, not entities) on the session's connection, in its
    transaction.

    ``Session.execute`` would run it the same way, after first asking whether it is an ORM
    statement and dispatching its events: a third of a short statement's time, for nothing.
    Only for the respondent's hot statements; they touch no entity, so nothing needs flushing
    first.
    """
    return db.session.connection().execute(statement, parameters)


def read_outside_transaction() -> None:
    """Run this request's statements without BEGIN and ROLLBACK, on PostgreSQL: for pages that
    only read.

    A request that only reads still opens a transaction, and ends it with ROLLBACK when its
    session closes. psycopg forgets every prepared statement at a ROLLBACK, so each page read
    was parsed and planned afresh and the pooled connection's prepared writes were lost too;
    the BEGIN and the ROLLBACK were two more round trips. Each statement still sees one
    consistent snapshot, as it does in PostgreSQL's default READ COMMITTED. SQLite gains nothing
    (its driver begins only before a write).

    It takes effect before the request's first statement, as in production, where every request
    has a fresh session; a session already in a transaction (tests that share one across
    requests) is left as it is.
    """
    if db.engine.dialect.name == "postgresql" and not db.session().in_transaction():
        db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})


def read_gets_outside_transaction() -> None:
    """A ``before_request`` hook for pages whose GETs only read: see ``read_outside_transaction``.
    Tests hold every such page to reading only (``tests/respondent/test_reads.py``)."""
    if request.method in ("GET", "HEAD"):
        read_outside_transaction()
