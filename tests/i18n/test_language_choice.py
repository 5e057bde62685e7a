"""Choosing a language: Accept-Language, the picker, ?lang= links, the cookie, a consultation's own
languages, the stored answer language, and the pages that are not a question."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.i18n import LANGUAGES
from app.i18n_commands import TRANSLATIONS_DIR
from app.models import Response
from app.models.types import utcnow
from tests.factories import create_consultation
from tests.pages import get_page
from tests.respondent_driver import Respondent

LANGUAGE_CODES = sorted(path.name for path in TRANSLATIONS_DIR.iterdir() if path.is_dir())


@pytest.fixture
def consultation(app):
    return create_consultation("young", "safe-places-young-people", languages=["en", "pl", "ar"])


def picker_links(page) -> dict[str, str]:
    """Language code → link, as the picker offers them."""
    start = page.html.index('class="languages"')
    picker = page.html[start : page.html.index("</nav>", start)]
    links = {}
    for chunk in picker.split("<a href=")[1:]:
        href = chunk.split('"')[1]
        code = chunk.split('lang="')[1].split('"')[0]
        links[code] = href.replace("&amp;", "&")
    return links


def test_first_visit_follows_accept_language(client, consultation):
    page = get_page(client, "/s/young", headers={"Accept-Language": "ar-EG,ar;q=0.9,en;q=0.5"})
    assert (page.lang, page.dir) == ("ar", "rtl")
    assert page.has_text("أين تشعر بالأمان؟")


def test_each_visit_is_decided_afresh_from_what_the_phone_sends(client, app, consultation):
    """The decision is remembered per combination of link, cookie, browser languages and the
    consultation's languages: any one of them changing changes the page."""
    create_consultation("english-only", "safe-places-young-people", languages=["en"])
    visits = [
        ("/s/young", "ar", "ar"),
        ("/s/young", "pl", "pl"),
        ("/s/young", "ar", "ar"),
        ("/s/english-only", "ar", "en"),
        ("/s/young", "pt", "en"),
    ]
    for path, browser, expected in visits:
        assert get_page(client, path, headers={"Accept-Language": browser}).lang == expected
    client.set_cookie("lang", "pl")
    assert get_page(client, "/s/young", headers={"Accept-Language": "ar"}).lang == "pl"
    assert get_page(client, "/s/english-only", headers={"Accept-Language": "ar"}).lang == "en"


def test_a_link_in_one_language_is_kept_in_a_cookie_and_wins_over_the_browser(client, consultation):
    page = get_page(client, "/s/young?lang=pl", headers={"Accept-Language": "ar"})
    assert page.lang == "pl"
    assert page.has_text("Gdzie czujesz się bezpiecznie?")
    later = get_page(client, "/s/young/help", headers={"Accept-Language": "ar"})
    assert later.lang == "pl"


def test_picker_offers_only_the_consultations_languages_named_in_themselves(client, consultation):
    links = picker_links(get_page(client, "/s/young"))
    assert list(links) == ["en", "pl", "ar"]
    page = get_page(client, "/s/young")
    for code in links:
        assert f'lang="{code}" hreflang="{code}"' in page.html
        assert LANGUAGES[code] in page.html


def test_english_only_consultation_has_no_picker(client, app):
    create_consultation("only-english", "safe-places-young-people", languages=["en"])
    page = get_page(client, "/s/only-english")
    assert 'class="languages"' not in page.html


def test_a_language_the_consultation_does_not_offer_falls_back(client, consultation):
    page = get_page(client, "/s/young?lang=pt", headers={"Accept-Language": "pl"})
    assert page.lang == "pl"
    page = get_page(client, "/s/young?lang=pt")
    assert page.lang == "en"


def test_the_picker_keeps_the_page_and_its_link_details(client, consultation):
    child = Respondent(client, "young")
    child.start()
    child.about("6-11")
    links = picker_links(child.page("feel_safe_area"))
    assert links["pl"] == "/s/young/q/feel_safe_area?lang=pl"
    welcome_links = picker_links(get_page(client, "/s/young?group=talkers"))
    assert welcome_links["ar"] == "/s/young?group=talkers&lang=ar"
    followed = get_page(client, links["ar"])
    assert (followed.lang, followed.dir) == ("ar", "rtl")
    assert followed.has_text("هل تشعر بالأمان قرب بيتك؟")


def test_the_picker_is_right_for_each_page_and_language_however_often_it_is_shown(
    client, consultation
):
    """The picker is rendered once per address and language, then reused: a page seen in one
    language, then another, then the first again, and a second page, each get their own."""
    current = {}
    for lang in ("pl", "ar", "pl"):
        page = get_page(client, f"/s/young?lang={lang}")
        nav = page.html[page.html.index('class="languages"') : page.html.index("</nav>")]
        current[lang] = nav.split('aria-current="true"')[0].rsplit('lang="', 1)[1].split('"')[0]
        assert (page.lang, LANGUAGES[lang] in nav.split("</summary>")[0]) == (lang, True)
    assert current == {"pl": "pl", "ar": "ar"}
    assert picker_links(get_page(client, "/s/young/help"))["ar"] == "/s/young/help?lang=ar"
    assert picker_links(get_page(client, "/s/young"))["ar"] == "/s/young?lang=ar"


def test_the_answer_language_is_stored_on_the_response(client, consultation):
    child = Respondent(client, "young")
    get_page(client, "/s/young?lang=ar")
    child.start()
    db.session.expire_all()
    assert db.session.scalars(select(Response)).one().language == "ar"


def test_read_aloud_button_is_hidden_until_a_voice_is_found_and_has_no_inline_script(
    client, consultation
):
    child = Respondent(client, "young")
    get_page(client, "/s/young?lang=pl")
    child.start()
    child.about("12-15")
    page = child.page("feel_safe_area")
    assert '<p class="read-aloud" hidden>' in page.html
    assert page.has_text("Przeczytaj na głos")
    assert "js/read-aloud.js" in page.html
    assert "<script>" not in page.html
    assert "onclick" not in page.html


def test_opening_date_is_written_for_the_language_in_london_time(client, app):
    now = utcnow()
    opens = now.replace(year=now.year + 1, month=6, day=5, hour=8, minute=0)
    create_consultation("soon", "safe-places-young-people", opens_at=opens, languages=["en", "pl"])
    page = get_page(client, "/s/soon?lang=pl")
    assert page.has_text("Ta ankieta jeszcze się nie zaczęła.")
    assert page.has_text(f"Zacznie się 5 czerwca {now.year + 1}, 09:00.")


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_closed_and_missing_pages_are_in_the_language(client, app, code):
    create_consultation("done", "safe-places-young-people", status="closed", languages=[code])
    closed = get_page(client, f"/s/done?lang={code}")
    assert closed.lang == code
    assert not closed.has_text("This survey has closed")
    missing = get_page(client, f"/s/no-such-thing?lang={code}", status=404)
    assert missing.lang == code
    assert not missing.has_text("We could not find that page")
