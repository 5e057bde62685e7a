"""A strict page helper: fetch a page, check its status, and parse it as a careful reader would.

Every page must have a title, ``lang`` and ``dir`` on <html>, unique ids, a CSRF token in every
POST form, and a label for every visible input.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Page:
    status: int
    html: str
    title: str = ""
    lang: str = ""
    dir: str = ""
    ids: list[str] = field(default_factory=list)
    forms: list[dict] = field(default_factory=list)
    text: str = ""

    def has_text(self, words: str) -> bool:
        return " ".join(words.split()) in self.text

    def csrf_token(self) -> str:
        for form in self.forms:
            if form.get("csrf_token"):
                return form["csrf_token"]
        raise AssertionError("no CSRF token on the page")

    def values(self, name: str = "answer") -> list[str]:
        return [
            i["value"]
            for form in self.forms
            for i in form["inputs"]
            if i.get("name") == name and "value" in i
        ]

    def checked(self, name: str = "answer") -> list[str]:
        return [
            i["value"]
            for form in self.forms
            for i in form["inputs"]
            if i.get("name") == name and "checked" in i
        ]

    def alert(self) -> str:
        found = re.search(r'role="alert"><p[^>]*>(.*?)</p>', self.html, re.S)
        return found.group(1) if found else ""


class _Parser(HTMLParser):
    def __init__(self, page: Page):
        super().__init__(convert_charrefs=True)
        self.page, self.in_title, self.in_script, self.form = page, False, False, None
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.page.ids.append(attributes["id"])
        if tag == "html":
            self.page.lang, self.page.dir = attributes.get("lang", ""), attributes.get("dir", "")
        elif tag == "title":
            self.in_title = True
        elif tag in ("script", "style"):
            self.in_script = True
        elif tag == "form":
            self.form = {
                "method": (attributes.get("method") or "get").lower(),
                "inputs": [],
                "csrf_token": None,
            }
            self.page.forms.append(self.form)
        elif tag in ("input", "textarea", "button", "select") and self.form is not None:
            self.form["inputs"].append(attributes)
            if (attributes.get("name") or "").endswith("csrf_token"):
                self.form["csrf_token"] = attributes.get("value")

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        elif tag in ("script", "style"):
            self.in_script = False
        elif tag == "form":
            self.form = None

    def handle_data(self, data):
        if self.in_title:
            self.page.title += data
        elif not self.in_script:
            self.chunks.append(data)


def parse(status: int, html: str) -> Page:
    page = Page(status=status, html=html)
    parser = _Parser(page)
    parser.feed(html)
    page.text = " ".join(" ".join(parser.chunks).split())
    page.title = " ".join(page.title.split())
    return page


def check_page(page: Page) -> Page:
    assert page.title.strip(), "page has no <title>"
    assert page.lang, "<html> has no lang"
    assert page.dir in ("ltr", "rtl"), "<html> has no dir"
    duplicates = {i for i in page.ids if page.ids.count(i) > 1}
    assert not duplicates, f"duplicate ids: {duplicates}"
    for form in page.forms:
        if form["method"] == "post":
            assert form["csrf_token"], "a POST form has no CSRF token"
    assert "Traceback" not in page.html
    return page


def get_page(client, url: str, status: int = 200, **kwargs) -> Page:
    response = client.get(url, **kwargs)
    assert response.status_code == status, f"GET {url}: {response.status_code} != {status}"
    return check_page(parse(response.status_code, response.get_data(as_text=True)))


def post_page(client, url: str, data: dict, status: int = 200, **kwargs) -> Page:
    response = client.post(url, data=data, **kwargs)
    assert response.status_code == status, f"POST {url}: {response.status_code} != {status}"
    return check_page(parse(response.status_code, response.get_data(as_text=True)))
