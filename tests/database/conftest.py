"""An app on an empty, unmigrated database, for the tests that run the Alembic migrations."""

import pytest

from app.extensions import db
from tests.conftest import make_app


@pytest.fixture
def unmigrated_app(backend, request, tmp_path):
    """An app context on a database with no tables; the shared schema is put back after."""
    url = (
        request.getfixturevalue("postgres_ready")
        if backend == "postgresql"
        else f"sqlite:///{tmp_path / 'migrated.db'}"
    )
    app = make_app(url)
    with app.app_context():
        db.drop_all()
        drop_alembic_version()
        yield app
        db.session.remove()
        db.drop_all()
        db.create_all()  # leave the shared PostgreSQL schema as the other tests expect it
        drop_alembic_version()
        db.engine.dispose()


def drop_alembic_version() -> None:
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
