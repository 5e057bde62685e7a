"""Liveness and readiness checks for load balancers, uptime monitors and deployments."""

from alembic.script import ScriptDirectory
from flask import Blueprint, current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db

blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
def healthz():
    """The process is up; says nothing about the database."""
    return {"status": "ok"}


@blueprint.get("/readyz")
def readyz():
    """Ready for traffic: the database answers and its schema is the newest migration."""
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = _current_heads(connection)
    except SQLAlchemyError:
        return {"status": "unavailable", "database": "unreachable"}, 503
    expected = set(_script_directory().get_heads())
    if current != expected:
        return {"status": "unavailable", "database": "ok", "migrations": "behind"}, 503
    return {"status": "ok", "database": "ok", "migrations": "current"}


def _current_heads(connection) -> set[str]:
    # Read alembic_version directly: MigrationContext would log at INFO on every poll.
    try:
        rows = connection.execute(text("SELECT version_num FROM alembic_version"))
    except SQLAlchemyError:
        return set()
    return {row[0] for row in rows}


def _script_directory() -> ScriptDirectory:
    config = current_app.extensions["migrate"].migrate.get_config()
    return ScriptDirectory.from_config(config)
