"""The Alembic migrations build exactly the schema the models describe, on every database."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from app.extensions import db
from tests.conftest import make_app


def test_migrated_schema_matches_the_models(backend, request, tmp_path):
    url = (
        request.getfixturevalue("postgres_ready")
        if backend == "postgresql"
        else f"sqlite:///{tmp_path / 'migrated.db'}"
    )
    app = make_app(url)
    with app.app_context():
        db.drop_all()
        _drop_alembic_version()
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        assert differences == []
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.create_all()  # leave the shared PostgreSQL schema as the other tests expect it
        _drop_alembic_version()
        db.engine.dispose()


def _drop_alembic_version() -> None:
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
