"""Rate-limit tests use the staff fixtures and the live-session worker and phones."""

from tests.live.conftest import consultation, phones, worker  # noqa: F401 - shared fixtures
from tests.staff.conftest import make_user, staff  # noqa: F401 - shared fixtures
