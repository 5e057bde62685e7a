"""SQL statements per request on the respondent's hottest pages, so that a slower path fails a test.

A question page and its answer are most of the traffic when a whole assembly answers at once.
They used to read the consultation twice, the places on every page and the response's answers
up to three times per request, and later took two queries (consultation, response) where one
join does; the budgets below are what they need now (see ``benchmarks/README.md``). Each
request starts with an empty session, as it does in production.
"""

import re

from sqlalchemy import select

from app.extensions import db
from app.models import Answer, Group, Response
from tests.factories import create_consultation, create_group
from tests.pages import get_page
from tests.queries import counted_statements
from tests.respondent_driver import Respondent


def test_a_question_page_costs_one_query(client, child):
    with counted_statements() as statements:
        response = client.get(child.url("/q/mood"))
    assert response.status_code == 200
    assert 'name="answer"' in response.get_data(as_text=True)
    # the consultation, its survey row, the response and its answers, joined
    assert len(statements) == 1, statements


def test_an_answer_costs_one_read_and_two_writes(client, child):
    token = child.page("mood").csrf_token()
    with counted_statements() as statements:
        response = client.post(
            child.url("/q/mood"),
            data={"csrf_token": token, "action": "next", "answer": "very_safe"},
        )
    assert response.status_code == 302
    assert response.location.endswith("/q/colour")
    writes = [s for s in statements if s.lstrip().upper().startswith(("INSERT", "UPDATE"))]
    assert len(writes) == 2, statements  # the answer, and the response's "updated at"
    assert len(statements) == 3, statements
    stored = db.session.scalars(select(Answer)).one()
    assert (stored.question_id, stored.value) == ("mood", "very_safe")


def test_starting_reads_the_groups_once_and_writes_one_row(client, app):
    # Everyone in the room starts at once: this request comes in a burst of hundreds.
    groups = [create_group("talkers", "Talkers"), create_group("step-up", "Step-Up")]
    create_consultation(groups=groups)
    phone = Respondent(client, "test-consultation")
    token = get_page(client, phone.url()).csrf_token()
    with counted_statements() as statements:
        begun = client.post(phone.url("/begin"), data={"csrf_token": token, "group": "step-up"})
    assert begun.status_code == 302
    assert begun.location.endswith("/about")
    # the journey's read, the consultation's groups, the new response
    assert len(statements) == 3, statements
    assert len([s for s in statements if s.lstrip().upper().startswith("INSERT")]) == 1
    [stored] = db.session.scalars(select(Response)).all()
    assert stored.group == db.session.scalar(select(Group).filter_by(slug="step-up"))
    assert (stored.mode, stored.language, stored.age_band) == ("self", "en", None)
    assert stored.started_at.tzinfo is not None
    assert stored.started_at == stored.updated_at
    assert stored.submitted_at is None
    assert stored.answers == []
    # the new response is this phone's: it carries on from the cookie it was given
    assert phone.about("12-15").status_code == 302


def test_a_changed_answer_is_shown_on_the_next_visit(client, child):
    """The rows written are kept loaded after the commit: what the page shows next must still be
    what was saved, not what the request had read before it."""
    child.answer("mood", "very_safe")
    child.answer("mood", "very_unsafe")
    db.session.remove()
    page = child.page("mood")
    assert re.search(r'value="very_unsafe"\s+checked', page.html)
    assert not re.search(r'value="very_safe"\s+checked', page.html)
    assert db.session.scalars(select(Answer.value)).one() == "very_unsafe"


def test_only_the_places_question_reads_the_places(client, child):
    with counted_statements() as statements:
        client.get(child.url("/q/mood"))
    assert not any("FROM places" in s for s in statements)
    with counted_statements() as statements:
        page = client.get(child.url("/q/where"))
    assert page.status_code == 200
    assert any("FROM places" in s for s in statements)
    assert "Bus station" in page.get_data(as_text=True)


def test_the_hot_reads_are_not_rebuilt_per_request(client, child, monkeypatch):
    """The consultation and response look-ups are built once: a page builds no SELECT itself."""
    import sqlalchemy

    from app.services import consultations, journey_reads, responses

    built: list = []
    real_select = sqlalchemy.select

    def counting_select(*arguments, **keywords):
        built.append(arguments)
        return real_select(*arguments, **keywords)

    monkeypatch.setattr(consultations, "select", counting_select)
    monkeypatch.setattr(responses, "select", counting_select)
    monkeypatch.setattr(journey_reads, "select", counting_select)
    page = client.get(child.url("/q/mood"))
    assert page.status_code == 200
    assert 'name="answer"' in page.get_data(as_text=True)
    assert built == []


def test_a_question_page_sets_no_cookie(client, child):
    """Nothing about the session changes when a page is only read: no cookie is sent again (and
    no staff sign-in cookie is touched on a respondent's phone)."""
    response = client.get(child.url("/q/mood"))
    assert response.status_code == 200
    assert response.headers.getlist("Set-Cookie") == []
