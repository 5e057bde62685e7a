"""Staff fixtures: accounts of every role and a signed-in test client.

Admins and safeguarding leads must use two-factor sign-in, so ``make_user`` sets it up for them
with a known secret, and ``sign_in`` enters a code from it after the password.
"""

import pytest

from app.extensions import db
from app.models.types import utcnow
from app.services import two_factor
from app.services.users import create_user, find_by_email
from tests.pages import get_page

PASSWORD = "correct-horse-battery"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # a test secret; never a real account's


@pytest.fixture
def make_user(app):
    def make(role: str = "admin", email: str | None = None, with_two_factor: bool | None = None):
        user = create_user(email or f"{role}@example.org", role, PASSWORD, name=role.title())
        if with_two_factor is None:
            with_two_factor = role in two_factor.REQUIRED_FOR_ROLES
        if with_two_factor:
            user.totp_secret, user.totp_enabled_at = TOTP_SECRET, utcnow()
            db.session.commit()
        return user

    return make


def sign_in(client, email: str, password: str = PASSWORD, follow: bool = False, next_url: str = ""):
    """Password, then (when asked) a code; returns the last response."""
    page = get_page(client, "/staff/sign-in")
    response = client.post(
        "/staff/sign-in" + (f"?next={next_url}" if next_url else ""),
        data={"csrf_token": page.csrf_token(), "email": email, "password": password},
    )
    if response.status_code == 302 and response.location.endswith("/staff/sign-in/code"):
        response = enter_code(client, email)
    if follow and response.status_code == 302:
        response = client.get(response.location, follow_redirects=True)
    return response


def enter_code(client, email: str, code: str | None = None):
    """The code step. Tests sign one account in many times within one 30-second step, which a
    real authenticator cannot: forget the last step used so the current code counts again."""
    user = find_by_email(email)
    user.totp_last_step = None
    db.session.commit()
    page = get_page(client, "/staff/sign-in/code")
    return client.post(
        "/staff/sign-in/code",
        data={"csrf_token": page.csrf_token(), "code": code or two_factor.code_for(TOTP_SECRET)},
    )


@pytest.fixture
def staff(client, make_user):
    """Sign the test client in with a given role: ``staff("pilot_lead")``."""

    def as_role(role: str = "admin"):
        user = make_user(role)
        response = sign_in(client, user.email)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return user

    return as_role
