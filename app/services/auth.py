"""Staff sign-in rules: argon2 passwords, a second factor where set, lock-out after repeated
failures (wrong passwords and wrong codes alike), audit.

A failed sign-in says the same thing whether the e-mail exists or not, so the page cannot be used
to find out who works here.
"""

from datetime import datetime, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import User
from app.models.types import utcnow
from app.services import audit, two_factor, users

MAX_FAILURES = 5
LOCK_MINUTES = 15


class SignInError(Exception):
    def __init__(self, reason: str, locked_until: datetime | None = None):
        super().__init__(reason)
        self.reason, self.locked_until = reason, locked_until


def authenticate(email: str, password: str, now: datetime | None = None) -> User:
    """The user, or SignInError('invalid' | 'locked'); every attempt is audited.

    For an account with two-factor sign-in this is only the first step: call ``check_code``
    next, and ``complete_sign_in`` once both have passed.
    """
    now = now or utcnow()
    # PostgreSQL refuses NUL in text: the audit record keeps what was typed without it
    email = (email or "").replace("\x00", "")
    user = users.find_by_email(email)
    if user is None or not user.is_active:
        users.password_matches(_DUMMY, password or "")  # same work, so timing gives nothing away
        audit.record("sign_in_failed", target=_mask(email))
        db.session.commit()
        raise SignInError("invalid")
    _refuse_if_locked(user, now)
    if not users.password_matches(user, password or ""):
        _count_failure(user, now, "sign_in_failed")
        raise SignInError("locked" if user.locked_until else "invalid", user.locked_until)
    return user


def check_code(user: User, code: str, now: datetime | None = None) -> str:
    """The second step: 'totp' or 'recovery_code', or SignInError. Wrong codes count towards
    the same lock-out as wrong passwords, so a known password does not buy endless guesses."""
    now = now or utcnow()
    _refuse_if_locked(user, now)
    method = two_factor.check_second_factor(user, code, now)
    if method is None:
        _count_failure(user, now, "two_factor_failed")
        raise SignInError("locked" if user.locked_until else "invalid", user.locked_until)
    return method


def complete_sign_in(user: User, method: str = "password") -> None:
    """Both steps passed: the failure count starts again and the sign-in is audited."""
    user.failed_sign_ins, user.locked_until = 0, None
    audit.record("sign_in", user, method=method)
    db.session.commit()


def _refuse_if_locked(user: User, now: datetime) -> None:
    if user.locked_until and user.locked_until > now:
        audit.record("sign_in_refused_locked", user)
        db.session.commit()
        raise SignInError("locked", user.locked_until)


def _count_failure(user: User, now: datetime, action: str) -> None:
    user.failed_sign_ins += 1
    if user.failed_sign_ins >= MAX_FAILURES:
        user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
        user.failed_sign_ins = 0
        audit.record("account_locked", user, minutes=LOCK_MINUTES)
    audit.record(action, user)
    db.session.commit()


def _mask(email: str | None) -> str:
    """Keep the domain only: enough to spot an attack, not a list of guessed addresses."""
    return "…@" + (email or "").rpartition("@")[2][:100]


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: the id carries the session version (see User.get_id)."""
    raw_id, _sep, version = (user_id or "").partition(":")
    if not raw_id.isdigit() or not version.isdigit():
        return None
    user = db.session.scalar(select(User).filter_by(id=int(raw_id)))
    if user is None or not user.is_active or user.session_version != int(version):
        return None
    return user


def sign_out_everywhere(user: User) -> None:
    user.session_version += 1
    audit.record("sign_out_everywhere", user)
    db.session.commit()


class _DummyUser:
    password_hash = users.hash_password("not-a-real-password-just-for-timing")


_DUMMY = _DummyUser()
