"""Staff fixtures: accounts of every role and a signed-in test client."""

import pytest

from app.services.users import create_user
from tests.pages import get_page

PASSWORD = "correct-horse-battery"


@pytest.fixture
def make_user(app):
    def make(role: str = "admin", email: str | None = None):
        return create_user(email or f"{role}@example.org", role, PASSWORD, name=role.title())

    return make


def sign_in(client, email: str, password: str = PASSWORD, follow: bool = False):
    page = get_page(client, "/staff/sign-in")
    return client.post(
        "/staff/sign-in",
        data={"csrf_token": page.csrf_token(), "email": email, "password": password},
        follow_redirects=follow,
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
