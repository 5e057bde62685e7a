"""Helpers for hostile-input tests: Hypothesis settings, row counts, CSRF tokens, a world.

Hypothesis runs many examples inside one test function, so the function-scoped ``app`` is shared
by those examples on purpose: every property measures the database before and after its own
request instead of assuming it is empty.
"""

from hypothesis import HealthCheck, settings
from sqlalchemy import func, select

from app.extensions import db
from app.models import Answer, Response
from tests.pages import check_page, parse

# Examples per property: enough to find the classic crashes, small enough for ~90 s in all.
HOSTILE = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


def row_counts() -> dict[str, int]:
    """How many rows each table holds now, read fresh from the database in one query."""
    db.session.rollback()
    tables = db.metadata.sorted_tables
    counts = select(*(select(func.count()).select_from(t).scalar_subquery() for t in tables))
    return dict(zip((t.name for t in tables), db.session.execute(counts).one(), strict=True))


def stored_answers() -> set[tuple]:
    """Every stored answer as (response, question, value, skipped), read fresh."""
    db.session.rollback()
    rows = db.session.execute(
        select(Answer.response_id, Answer.question_id, Answer.value, Answer.is_skipped)
    )
    return {(r, q, repr(v), s) for r, q, v, s in rows}


def assert_no_server_error(response, what: str = "") -> None:
    """Never a 5xx; an HTML answer is a whole, strictly valid page with no stack trace."""
    if response.request.path == "/readyz" and response.status_code == 503:
        # the test database is made by create_all, not migrated: "not ready" is the honest answer
        if response.request.method != "HEAD":  # a HEAD reply has the status but no body
            assert response.get_json()["status"] == "unavailable"
        return
    assert response.status_code < 500, (response.status_code, what)
    has_body = response.request.method != "HEAD" and response.status_code != 304
    if response.mimetype == "text/html" and has_body:
        body = response.get_data(as_text=True)
        assert "Traceback" not in body
        is_page = "<html" in body and not 300 <= response.status_code < 400
        if is_page:  # not a redirect, nor the presenter's screen (a fragment)
            check_page(parse(response.status_code, body))


def alert_text(response) -> str:
    """The error message the page shows in its alert box (empty when there is none)."""
    page = parse(response.status_code, response.get_data(as_text=True))
    return page.alert() or page.text


class Tokens:
    """CSRF tokens as a hostile client would send them.

    ``valid`` is this client's own; ``missing`` sends none; ``forged`` is made up;
    ``other_session`` is a real token replayed from somebody else's session; ``two_tokens``
    sends this client's token twice with a forged one, where one value is expected.
    """

    def __init__(self, app):
        self.stranger = app.test_client()

    def value(self, choice: str, own: str):
        if choice == "valid":
            return own
        if choice == "forged":
            return "IjEyMzQ1Njc4OTAi.aGVsbG8.forged-signature"
        if choice == "other_session":
            return token_of(self.stranger, "/staff/sign-in")
        if choice == "two_tokens":
            return ["forged", own]
        return None


def token_of(client, url: str) -> str:
    """The CSRF token of the first POST form on a page."""
    response = client.get(url, follow_redirects=True)
    return parse(response.status_code, response.get_data(as_text=True)).csrf_token()


def with_token(data: dict, token) -> dict:
    data = dict(data)
    data.pop("csrf_token", None)
    if token is not None:
        data["csrf_token"] = token
    return data


class World:
    """A consultation mid-way, a running live session and a published "You said, we did" page,
    with three clients: a stranger, a respondent who has answered some questions, and a phone
    that has joined the live session. ``tokens`` holds each client's own CSRF token."""

    def __init__(self, app, user):
        from app.services import live as live_sessions
        from app.services import pilot
        from tests.factories import create_consultation
        from tests.respondent_driver import Respondent

        self.consultation = create_consultation()
        self.slug = self.consultation.slug
        pilot.save_you_said_we_did(self.consultation, PUBLISHED, user)
        self.live = live_sessions.start_session(self.consultation, user)
        live_sessions.advance(self.live)
        self.code = self.live.code
        self.stranger = app.test_client()
        self.respondent = Respondent(app.test_client(), self.slug)
        self.respondent.start()
        self.respondent_id = newest_response_id()
        self.respondent.about("12-15")
        self.respondent.answer("mood", "very_unsafe")
        self.respondent.answer("why_unsafe", "The park at night")
        self.long_text = Respondent(app.test_client(), "tell-us")
        create_consultation(slug="tell-us", survey_id="hostile-text", place=self.consultation.place)
        self.long_text.start()
        self.long_text.about("12-15")
        self.phone = app.test_client()
        join_token = token_of(self.phone, f"/join/{self.code}")
        self.phone.post(f"/join/{self.code}", data={"csrf_token": join_token})
        self.clients = {
            "stranger": self.stranger,
            "respondent": self.respondent.client,
            "phone": self.phone,
        }
        self.tokens = {
            name: token_of(client, "/staff/sign-in") for name, client in self.clients.items()
        }

    def long_text_page(self):
        """The "tell-us" consultation's 1,000-character question, as its respondent sees it."""
        return self.long_text.page("say")


def newest_response_id() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.max(Response.id)))


PUBLISHED = {
    "you_said": "The park is dark.",
    "we_did": "We asked for lights.",
    "child_friendly": "You told us the park is dark, so we asked for lights.",
    "is_published": True,
}
