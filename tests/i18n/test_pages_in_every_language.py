"""Every respondent page of both real surveys, in every language we have a catalogue for.

A page fails when it shows English that its catalogue should have translated (a UI or survey
string left as its msgid), or when <html lang dir> is wrong for the language.
"""

import re
from html.parser import HTMLParser

import pytest

from app.i18n import RTL_LANGUAGES
from app.i18n_commands import TEMPLATE_NAME, TRANSLATIONS_DIR, read_catalog
from tests.factories import create_consultation, create_group, create_place
from tests.pages import check_page, parse

LANGUAGE_CODES = sorted(path.name for path in TRANSLATIONS_DIR.iterdir() if path.is_dir())
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]")
SHOWN_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder", "data-stop", "data-left")


class _VisibleText(HTMLParser):
    """Text nodes and the attributes people see or hear, each kept separate."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.skipping = False

    def handle_starttag(self, tag, attrs):
        self.skipping = tag in ("script", "style")
        self.pieces += [value for name, value in attrs if name in SHOWN_ATTRIBUTES and value]

    def handle_endtag(self, tag):
        self.skipping = False

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.pieces.append(" ".join(data.split()))


def english_pieces(code: str) -> set[str]:
    """English that must not appear on a page in ``code``: every msgid's literal text, in
    paragraph-sized pieces, unless its translation is the same words (e.g. 'Childline')."""
    catalogue = read_catalog(TRANSLATIONS_DIR / code / "LC_MESSAGES" / "messages.po")
    pieces = set()
    for message in read_catalog(TRANSLATIONS_DIR / TEMPLATE_NAME):
        if not message.id or isinstance(message.id, tuple):
            continue
        translated = catalogue.get(message.id)
        if translated is not None and translated.string == message.id:
            continue
        for paragraph in message.id.split("\n"):
            pieces |= {" ".join(part.split()) for part in PLACEHOLDER.split(paragraph)}
    return {piece for piece in pieces if len(piece) >= 4 and re.search("[A-Za-z]{3}", piece)}


def english_left(html: str, code: str, cache: dict) -> list[str]:
    if code not in cache:
        cache[code] = english_pieces(code)
    reader = _VisibleText()
    reader.feed(html)
    short = {piece for piece in cache[code] if len(piece) < 16}
    found = [piece for piece in reader.pieces if piece in short]
    text = " ".join(reader.pieces)
    found += [piece for piece in cache[code] - short if piece in text]
    return found


class PageWalker:
    """Goes through one consultation as a respondent, checking each page in one language."""

    def __init__(self, client, slug: str, code: str, cache: dict):
        self.client, self.slug, self.code, self.cache = client, slug, code, cache
        self.seen: list[str] = []

    def check(self, response, url: str):
        assert response.status_code in (200, 400), f"{url}: {response.status_code}"
        html = response.get_data(as_text=True)
        page = check_page(parse(response.status_code, html))
        assert page.lang == self.code, f"{url} in {self.code}: lang={page.lang}"
        assert page.dir == ("rtl" if self.code in RTL_LANGUAGES else "ltr"), url
        if self.code != "en":
            left = english_left(html, self.code, self.cache)
            assert not left, f"{url} in {self.code} still shows English: {left}"
        self.seen.append(url)
        return page

    def get(self, path: str = "", query: str = ""):
        url = f"/s/{self.slug}{path}{query}"
        return self.check(self.client.get(url), url)

    def post(self, path: str, data: dict):
        url = f"/s/{self.slug}{path}"
        response = self.client.post(url, data=data)
        if response.status_code == 302:
            return response.location
        self.check(response, url)
        return None

    def answer_every_question(self, first_url: str) -> None:
        """Answer so that every follow-up question is shown: 'yes', the first choice, some text."""
        url = first_url
        while "/q/" in url:
            path = url.split(self.slug, 1)[1]
            page = self.get(path)
            values = [v for v in page.values() if v != "prefer_not_say"]
            answer = "yes" if "yes" in values else (values[0] if values else "3")
            if 'name="answer" rows' in page.html or "<textarea" in page.html:
                answer = "ok"
            data = {"csrf_token": page.csrf_token(), "action": "next", "answer": answer}
            url = self.post(path, data)
            assert url, f"{path}: the answer {answer!r} was refused"


def walk_consultation(client, slug: str, code: str, cache: dict, about: dict) -> list[str]:
    walker = PageWalker(client, slug, code, cache)
    welcome = walker.get(query=f"?lang={code}")
    walker.get("/help")
    first = walker.post("/begin", {"csrf_token": welcome.csrf_token()})
    about_page = walker.get("/about")
    # An empty answer first, so that the about page's error message is checked too.
    walker.post("/about", {"csrf_token": about_page.csrf_token()})
    first = walker.post("/about", {"csrf_token": about_page.csrf_token(), **about})
    walker.answer_every_question(first)
    check_page_ = walker.get("/check")
    walker.post("/check", {"csrf_token": check_page_.csrf_token()})
    walker.get("/thank-you")
    return walker.seen


@pytest.fixture
def backend():
    """Rendering every page in every language once, on SQLite, is enough: the database plays no
    part in translation, and the other tests run on both databases."""
    return "sqlite"


@pytest.fixture
def consultations(app):
    languages = ["en", *LANGUAGE_CODES]
    young = create_consultation(
        "young", "safe-places-young-people", groups=[create_group()], languages=languages
    )
    place = create_place("hayes", spots=("Bus station", "High street"))
    residents = create_consultation(
        "residents",
        "community-safety-residents",
        groups=[create_group("residents", "Residents"), create_group("businesses", "Businesses")],
        place=place,
        languages=languages,
    )
    return young, residents


@pytest.mark.parametrize("code", ["en", *LANGUAGE_CODES])
@pytest.mark.parametrize(
    ("slug", "about"),
    [
        ("young", {"age_band": "6-11"}),
        ("young", {"age_band": "16-17"}),
        ("residents", {"age_band": "25-44", "group": "businesses"}),
    ],
)
def test_every_page_is_in_the_chosen_language(app, consultations, slug, about, code):
    seen = walk_consultation(app.test_client(), slug, code, {}, about)
    assert len(seen) > 10
