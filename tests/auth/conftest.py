"""Sign-in tests share the staff fixtures: accounts of every role and a signed-in client."""

from tests.staff.conftest import make_user, staff  # noqa: F401 - shared staff fixtures
