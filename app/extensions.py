"""Flask extensions, created once here and bound to the app in ``create_app``."""

import hashlib

from flask import request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from app import rate_limit_storage  # noqa: F401 - registers swept-memory:// before the limiter starts

# Named constraints so that Alembic can alter them on SQLite (batch mode) and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def hashed_remote_address() -> str:
    """Rate limits count per client without keeping anyone's IP address, even in Redis."""
    return hashlib.sha256((request.remote_addr or "unknown").encode()).hexdigest()[:24]


db = SQLAlchemy(model_class=Base)
login_manager = LoginManager()
limiter = Limiter(key_func=hashed_remote_address, default_limits=[])
migrate = Migrate()
babel = Babel()
csrf = CSRFProtect()
