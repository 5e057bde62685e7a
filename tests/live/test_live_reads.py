"""The pages a live session's phones and presenter GET only read, and on PostgreSQL read outside a
transaction (``app.database.read_outside_transaction``; why: ``tests/respondent/test_reads.py``).
The phones poll ``state.json`` and the presenter its screen every few seconds, for a whole room.
"""

import pytest

from tests.live.conftest import Phone
from tests.queries import watched_statements, writes


def fetched(phone: Phone, url: str) -> list:
    with watched_statements() as seen:
        response = phone.client.get(url)
    assert response.status_code in (200, 302, 304), (url, response.status_code)
    return seen


def test_no_page_a_phone_or_the_presenter_gets_writes_anything(worker, phones, client):
    code = worker.start(pacing="self")
    phone = phones(code)[0]
    phone.join()
    gets = fetched(phone, f"/live/{code}/") + fetched(phone, f"/live/{code}/wait")
    worker.control(code, "start")
    gets += fetched(phone, f"/live/{code}/state.json")
    gets += fetched(phone, f"/live/{code}/q/welcome_note")
    phone.where()
    assert phone.answer("welcome_note").status_code == 302
    gets += fetched(phone, f"/live/{code}/q/mood")
    gets += fetched(phone, f"/live/{code}/help-now")
    gets += fetched(phone, f"/live/{code}/finish")
    for screen in ("present", "present/screen", "results.json"):
        gets += fetched(phone, f"/live/{code}/{screen}")
    gets += fetched(phone, f"/live/{code}/done")
    gets += fetched(phone, f"/live/{code}/next-person")

    assert len(gets) >= 12
    assert writes(gets) == []


@pytest.mark.parametrize("backend", ["postgresql"])
def test_on_postgresql_the_polled_pages_read_outside_a_transaction(worker, phones, client):
    code = worker.start(pacing="self")
    worker.control(code, "start")
    phone = phones(code)[0]
    phone.join()
    for url in (f"/live/{code}/state.json", f"/live/{code}/q/welcome_note"):
        seen = fetched(phone, url)
        assert seen, url
        assert all(autocommit for _s, autocommit, _c in seen), url
