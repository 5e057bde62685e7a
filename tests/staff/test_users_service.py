"""Staff accounts: an address with a NUL in it is never found and never stored."""

import pytest

from app.services import users


def test_an_address_with_a_nul_is_not_found(app, make_user):
    make_user("admin", "lead@example.org")
    assert users.find_by_email("lead@example.org") is not None
    assert users.find_by_email("lead@example.org\x00") is None


def test_an_address_with_a_nul_is_refused(app):
    with pytest.raises(users.UserError):
        users.create_user("new\x00@example.org", "admin", "a long enough password 1")
