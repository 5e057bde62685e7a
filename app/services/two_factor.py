"""Two-factor sign-in for staff: TOTP codes from an authenticator app, and one-time recovery codes.

Admins and safeguarding leads must use it (they see every account, or every child's words);
other roles may. A code is accepted one 30-second step either side of now, for phones whose
clock drifts, and each step is accepted once only (``User.totp_last_step``), so a code read over
someone's shoulder or caught in transit cannot be used again. Recovery codes are kept only as
argon2 hashes and each works once.
"""

import hmac
import secrets
from datetime import datetime

import pyotp
import segno
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select

from app.extensions import db
from app.models import RecoveryCode, User
from app.models.types import utcnow
from app.services import audit

REQUIRED_FOR_ROLES = ("admin", "safeguarding_lead")
ISSUER = "Safe Voices"
DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
# No 0/O, 1/I/L: recovery codes are copied by hand from paper.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_LENGTH = 10  # about 49 bits each: guessing one is hopeless within the lock-out
# Recovery codes are long random strings, not passwords people choose, so argon2 at OWASP's
# lower setting is plenty, and checking ten of them at sign-in stays quick.
_recovery_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


def is_required(user: User) -> bool:
    return user.role in REQUIRED_FOR_ROLES


def is_enabled(user: User) -> bool:
    return user.totp_enabled_at is not None and bool(user.totp_secret)


def new_secret() -> str:
    return pyotp.random_base32()


def readable_secret(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_data_uri(secret: str, email: str) -> str:
    """A QR code of the otpauth:// link as an SVG data URI: an <img>, so no inline script."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)
    return segno.make(uri, error="m").svg_data_uri(scale=4, border=4)


def code_for(secret: str, moment: datetime | None = None) -> str:
    """The code an authenticator shows at that moment (for the demo and tests)."""
    return pyotp.TOTP(secret).at(moment or utcnow())


def matching_step(secret: str, code: str, now: datetime | None = None) -> int | None:
    """The time step whose code this is, within the allowed drift, or None."""
    code = _digits(code)
    if len(code) != 6 or not (code.isascii() and code.isdigit()):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now or utcnow())
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def accept_code(user: User, code: str, now: datetime | None = None) -> bool:
    """A fresh code from the user's authenticator; a step already used is refused (replay)."""
    if not is_enabled(user):
        return False
    step = matching_step(user.totp_secret, code, now)
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        return False
    user.totp_last_step = step
    db.session.commit()
    return True


def use_recovery_code(user: User, code: str, now: datetime | None = None) -> bool:
    """Spend one unused recovery code; audited, and refused the second time."""
    typed = _recovery_form(code)
    if len(typed) != RECOVERY_LENGTH:
        return False
    for stored in _unused_codes(user):
        if _hash_matches(stored.code_hash, typed):
            stored.used_at = now or utcnow()
            audit.record("recovery_code_used", user, left=remaining_recovery_codes(user))
            db.session.commit()
            return True
    return False


def check_second_factor(user: User, code: str, now: datetime | None = None) -> str | None:
    """'totp' or 'recovery_code' when the code is good, else None."""
    if accept_code(user, code, now):
        return "totp"
    if use_recovery_code(user, code, now):
        return "recovery_code"
    return None


def enable(user: User, secret: str, code: str, now: datetime | None = None) -> list[str] | None:
    """Turn on two-factor sign-in once a code proves the app has the secret; the recovery codes
    to show once, or None when the code is wrong."""
    step = matching_step(secret, code, now)
    if step is None:
        return None
    user.totp_secret, user.totp_enabled_at, user.totp_last_step = secret, now or utcnow(), step
    audit.record("two_factor_enrolled", user)
    return new_recovery_codes(user)


def new_recovery_codes(user: User) -> list[str]:
    """Replace every recovery code of the user with ten new ones; returns them in plain text."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_random_code() for _ in range(RECOVERY_CODE_COUNT)]
    for code in codes:
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_recovery_hasher.hash(code)))
    audit.record("recovery_codes_made", user, count=len(codes))
    db.session.commit()
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def remaining_recovery_codes(user: User) -> int:
    return len(_unused_codes(user))


def disable(user: User) -> None:
    """The user turns it off for themselves (only roles that may go without it)."""
    _forget(user)
    audit.record("two_factor_disabled", user)
    db.session.commit()


def reset(user: User, admin: User | None) -> None:
    """An admin clears another user's two-factor sign-in (a lost phone): the user sets it up
    again at next sign-in if their role needs it, and every session of theirs ends.

    ``admin`` is None when the server's operator does it with ``safevoices reset-2fa``: the way
    back in for a sole admin who lost both the phone and the recovery codes.
    """
    _forget(user)
    user.session_version += 1
    if admin is None:
        audit.record("two_factor_reset", None, target=user.email, by="command line")
    else:
        audit.record("two_factor_reset", admin, target=user.email)
    db.session.commit()


def _forget(user: User) -> None:
    user.totp_secret, user.totp_enabled_at, user.totp_last_step = None, None, None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def _random_code() -> str:
    return "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))


def _unused_codes(user: User) -> list[RecoveryCode]:
    query = select(RecoveryCode).filter_by(user_id=user.id, used_at=None)
    return list(db.session.scalars(query.order_by(RecoveryCode.id)))


def _hash_matches(code_hash: str, code: str) -> bool:
    try:
        return _recovery_hasher.verify(code_hash, code)
    except (VerificationError, InvalidHashError):
        return False


def _digits(code: str) -> str:
    return "".join((code or "").split())


def _recovery_form(code: str) -> str:
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())[:64]
