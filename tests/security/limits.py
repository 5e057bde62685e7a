"""Helpers for rate-limit tests: tiny limits, and a check of the friendly 429 page."""

from app.security import RATE_LIMITS
from tests.pages import Page, check_page, parse


def tiny_limits(app, **limits: str) -> None:
    """The production limits, with the named ones made small enough to hit in a test."""
    app.config["RATE_LIMITS"] = {**RATE_LIMITS, **limits}


def slow_down_page(response) -> Page:
    """A 429 with a Retry-After of at most a minute and a kind, well-formed page."""
    assert response.status_code == 429, response.status_code
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    page = check_page(parse(429, response.get_data(as_text=True)))
    assert page.has_text("Please slow down")
    return page


def respondent_look(page: Page) -> bool:
    return 'id="quick-exit"' in page.html and "staff-banner" not in page.html
