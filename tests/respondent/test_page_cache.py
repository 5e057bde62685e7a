"""Kept respondent pages (``app.page_cache``: questions, welcome, about you): a phone must never
see another phone's page, only the same page it would have had rendered afresh, with its own CSRF
token."""

import re

import pytest

from app.extensions import db
from app.page_cache import CSRF_SLOT, PageCache
from tests.factories import create_consultation, create_group
from tests.pages import get_page
from tests.respondent_driver import Respondent

TOKEN = re.compile(r'name="csrf_token" value="[^"]*"')


@pytest.fixture
def consultation(app):
    return create_consultation(languages=["pl", "ar"])


def child(client, band: str) -> Respondent:
    respondent = Respondent(client, "test-consultation")
    respondent.start()
    respondent.about(band)
    return respondent


def kept_pages(app) -> list[str]:
    return app.extensions["page_cache"].pages()


def served_and_fresh(app, client, url: str) -> tuple[str, str]:
    """The page as served (kept or not), and as rendered with the cache off, tokens blanked."""
    served = client.get(url)
    cache = app.extensions["page_cache"]
    size, cache.size = cache.size, 0
    try:
        fresh = client.get(url)
    finally:
        cache.size = size
    assert served.status_code == fresh.status_code
    blank = 'name="csrf_token" value=""'
    return (
        TOKEN.sub(blank, served.get_data(as_text=True)),
        TOKEN.sub(blank, fresh.get_data(as_text=True)),
    )


def test_every_page_served_is_the_page_rendered_afresh(app, consultation):
    """Two children of different ages, in three languages, answering differently: whatever the
    cache holds from one of them, each sees exactly the page made for them."""
    younger = child(app.test_client(), "6-11")
    older = child(app.test_client(), "12-15")
    for language in ("en", "pl", "ar"):
        for respondent in (younger, older):
            respondent.client.set_cookie("lang", language)
        for question_id, younger_answer, older_answer in [
            ("welcome_note", None, None),
            ("mood", "very_safe", "very_unsafe"),
            ("colour", "red", "blue"),
            ("pets", ["cat"], ["cat", "dog"]),
            ("has_bike", "yes", "yes"),
        ]:
            for respondent, answer in ((younger, younger_answer), (older, older_answer)):
                url = respondent.url(f"/q/{question_id}")
                served, fresh = served_and_fresh(app, respondent.client, url)
                assert served == fresh, (language, question_id)
                if answer is not None:
                    respondent.answer(question_id, answer)
                served, fresh = served_and_fresh(app, respondent.client, url)
                assert served == fresh, (language, question_id, answer)
    assert kept_pages(app), "question pages should have been kept"


def test_welcome_pages_served_are_the_pages_rendered_afresh(app, consultation):
    """A new phone, one that has started and one that has sent: each sees its own welcome."""
    new, started, sent = (Respondent(app.test_client(), "test-consultation") for _ in range(3))
    started.start()
    sent.start()
    sent.about("12-15")
    assert sent.submit().status_code == 302
    for language in ("en", "pl", "ar"):
        for respondent in (new, started, sent, new):
            respondent.client.set_cookie("lang", language)
            served, fresh = served_and_fresh(app, respondent.client, respondent.url())
            assert served == fresh, language
    welcomes = [page for page in kept_pages(app) if "/begin" in page]
    assert len(welcomes) == 9, "each language's three welcomes should be kept"
    assert len({TOKEN.sub("", page) for page in welcomes}) == 9


def test_about_pages_served_are_the_pages_rendered_afresh(app):
    """Ages and groups chosen differently, a group renamed by staff: never another's page."""
    groups = [
        create_group("residents", "Residents", public_label="I live in this area"),
        create_group("businesses", "Businesses", public_label="I run a business here"),
    ]
    create_consultation(slug="hayes", survey_id="community-safety-residents", groups=groups)
    first, second = (Respondent(app.test_client(), "hayes") for _ in range(2))
    first.start()
    second.start()
    url = first.url("/about")
    for band, group in [(None, None), ("25-44", "businesses"), ("45-64", "residents")]:
        if band is not None:
            assert first.about(band, group=group).status_code == 302
        for respondent in (first, second):
            served, fresh = served_and_fresh(app, respondent.client, url)
            assert served == fresh, (band, group)
    assert 'value="45-64"\n          checked' in first.client.get(url).get_data(as_text=True)
    assert any("I run a business here" in page for page in kept_pages(app))
    # the same age as the first phone, another group
    assert second.about("45-64", group="businesses").status_code == 302
    served, fresh = served_and_fresh(app, second.client, url)
    assert served == fresh
    groups[1].public_label = "I own a shop here"
    db.session.commit()
    served, fresh = served_and_fresh(app, second.client, url)
    assert served == fresh
    assert "I own a shop here" in served


def test_a_kept_page_carries_each_phones_own_token(app, consultation):
    first, second = child(app.test_client(), "12-15"), child(app.test_client(), "12-15")
    first_page = first.page("mood")
    kept = len(kept_pages(app))
    second_page = second.page("mood")
    assert len(kept_pages(app)) == kept, "the second phone should get the kept page"
    assert CSRF_SLOT not in second_page.html
    assert first_page.csrf_token() != second_page.csrf_token()
    for respondent, page in ((first, first_page), (second, second_page)):
        sent = respondent.client.post(
            respondent.url("/q/mood"),
            data={"csrf_token": page.csrf_token(), "action": "next", "answer": "very_safe"},
        )
        assert sent.status_code == 302
    assert second.page("mood").checked() == ["very_safe"]


def test_what_a_child_typed_is_never_kept(app, consultation):
    respondent = child(app.test_client(), "12-15")
    respondent.answer("mood", "very_unsafe")
    respondent.answer("why_unsafe", "Words only I wrote")
    page = respondent.page("why_unsafe")
    assert "Words only I wrote" in page.html
    assert not any("Words only I wrote" in kept for kept in kept_pages(app))


def test_a_page_with_an_error_is_not_kept(app, consultation):
    respondent = child(app.test_client(), "12-15")
    refused = respondent.answer_page("siblings", "lots")
    assert refused.status == 400
    assert refused.alert()
    assert not any(refused.alert() in kept for kept in kept_pages(app))


def test_a_page_asked_for_with_a_query_is_not_kept(app, consultation):
    respondent = child(app.test_client(), "12-15")
    kept = len(kept_pages(app))  # the welcome and about pages on the way in
    polish = get_page(respondent.client, respondent.url("/q/mood?lang=pl"))
    assert polish.lang == "pl"
    assert len(kept_pages(app)) == kept
    # the choice is remembered, and the next page without a query is kept in Polish
    assert respondent.page("mood").lang == "pl"
    assert len(kept_pages(app)) == kept + 1


def test_the_cache_can_be_turned_off(app, consultation):
    app.extensions["page_cache"].size = 0
    respondent = child(app.test_client(), "12-15")
    assert respondent.page("mood").values()
    assert not kept_pages(app)


def test_the_least_recently_used_page_goes_first():
    cache = PageCache(2)
    cache.put("a", "A")
    cache.put("b", "B")
    assert cache.get("a") == "A"  # "b" is now the oldest
    cache.put("c", "C")
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == ("A", None, "C")
    assert len(cache) == 2
