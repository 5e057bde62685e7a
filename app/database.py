"""Database wiring: Flask-SQLAlchemy, Alembic via Flask-Migrate, and SQLite tuned for writes."""

from pathlib import Path

from flask import Flask
from sqlalchemy import Table, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.sql.dml import Insert

from app.extensions import db, migrate

MIGRATIONS_DIR = str(Path(__file__).resolve().parent / "migrations")


def init_database(app: Flask) -> None:
    from app import models  # noqa: F401 - registers every table on the metadata

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # SQLite has no pool_pre_ping need; a busy timeout matters more under concurrent writes.
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


def conflict_insert(table: Table) -> Insert:
    """An INSERT into ``table`` that can take ``on_conflict_do_update``: PostgreSQL's or
    SQLite's, whichever the session's database is (the two spell an upsert alike)."""
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


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
