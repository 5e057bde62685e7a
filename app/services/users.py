"""Staff accounts: creating them and checking passwords (argon2id)."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from app.extensions import db
from app.models import ROLES, User

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 12


class UserError(ValueError):
    """A user cannot be created as asked; the message says why."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(user: User, password: str) -> bool:
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def find_by_email(email: str) -> User | None:
    if "\x00" in email:  # PostgreSQL refuses NUL in text, and no e-mail address holds one
        return None
    return db.session.scalar(select(User).filter_by(email=email.strip().lower()))


def create_user(email: str, role: str, password: str, name: str = "") -> User:
    email = email.strip().lower()
    if "@" not in email or len(email) > 254 or "\x00" in email:
        raise UserError(f"'{email}' is not an e-mail address")
    if role not in ROLES:
        raise UserError(f"unknown role '{role}' (roles: {', '.join(ROLES)})")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if find_by_email(email):
        raise UserError(f"there is already a user with the e-mail address {email}")
    user = User(email=email, role=role, name=name, password_hash=hash_password(password))
    db.session.add(user)
    db.session.commit()
    return user
