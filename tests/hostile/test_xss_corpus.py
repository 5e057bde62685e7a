"""The XSS corpus, typed into the respondent and live pages, is shown only as text everywhere.

Every payload in xss_corpus.txt is sent as a free-text answer (with words that the codebook
themes, so that it reaches quotes too), and every page that shows free text is parsed: no script
but our own files, no event-handler attribute, no ``javascript:`` link, no injected element. The
CSV and XLSX exports must neutralise formulas with a leading apostrophe.
"""

import csv
import io
from datetime import date
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook

from app.extensions import db
from app.models import Answer, SafeguardingFlag, Wave
from app.services import live as live_sessions
from tests.factories import create_consultation
from tests.hostile.helpers import token_of
from tests.hostile.strategies import xss_corpus
from tests.respondent_driver import Respondent
from tests.staff.conftest import sign_in

THEMED = " We need more street lights in the park."
DISCLOSURE = " My uncle hits me at home."
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Elements a page of ours never has; seeing one means a payload became markup.
FOREIGN_TAGS = {"iframe", "svg", "math", "base", "object", "embed", "style", "mglyph"}


class _Injected(HTMLParser):
    """Collects what would run or restyle: scripts, handlers, script URLs, foreign elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_inline_script = False
        self.bodies = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if value and "evil.example" in value:  # the corpus's made-up attacker's site
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction") and value:
                lowered = value.strip().lower()
                if lowered.startswith(("javascript:", "data:text/html")):
                    self.found.append(f"<{tag} {name}={value!r}>")
        self.bodies += tag == "body"
        if self.bodies > 1 or tag in FOREIGN_TAGS:
            self.found.append(f"<{tag}>")
        if tag == "script":
            own_file = (attributes.get("src") or "").startswith("/static/")
            own_data = attributes.get("type") == "application/json"
            if not (own_file or own_data or "themes/plotly" in (attributes.get("src") or "")):
                self.found.append(f"<script {attributes}>")
            self.in_inline_script = not attributes.get("src") and not own_data

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_inline_script = False

    def handle_data(self, data):
        if self.in_inline_script and data.strip():
            self.found.append(f"inline script: {data[:60]!r}")


def injected(html: str) -> list[str]:
    parser = _Injected()
    parser.feed(html)
    return parser.found


def assert_escaped(client, url: str, must_show: str | None = None) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    html = response.get_data(as_text=True)
    assert injected(html) == [], url
    if must_show is not None:  # the words are there, as text
        assert must_show in html_text(html), url
    return html


def html_text(html: str) -> str:
    chunks: list[str] = []
    parser = HTMLParser(convert_charrefs=True)
    parser.handle_data = chunks.append
    parser.feed(html)
    return "".join(chunks)


def send_answer(app, slug: str, text: str) -> None:
    respondent = Respondent(app.test_client(), slug)
    respondent.start()
    respondent.about("12-15")
    response = respondent.answer("say", text)
    assert response.status_code == 302, text
    assert respondent.submit().status_code == 302


@pytest.fixture
def attacked(app, make_user):
    """Every payload answered on the respondent pages of a consultation with a wave."""
    wave = Wave(name="Baseline", position=0, starts_on=date(2026, 1, 1), ends_on=date(2026, 3, 31))
    db.session.add(wave)
    consultation = create_consultation(slug="tell-us", survey_id="hostile-text", wave=wave)
    payloads = xss_corpus()
    for number, payload in enumerate(payloads):
        send_answer(app, "tell-us", payload + (DISCLOSURE if number % 7 == 0 else THEMED))
    return consultation, wave, payloads


@pytest.fixture
def lead(app, make_user):
    client = app.test_client()
    user = make_user("pilot_lead", "lead@example.org")
    assert sign_in(client, user.email).status_code == 302
    return client, user


def test_respondent_answers_are_escaped_on_every_staff_page(app, attacked, lead):
    consultation, wave, payloads = attacked
    client, _user = lead
    base = f"/staff/consultations/{consultation.id}"
    assert_escaped(client, f"{base}/responses")
    for answer in db.session.query(Answer).filter_by(question_id="say"):
        assert_escaped(client, f"{base}/responses/{answer.response_id}")
    token = token_of(client, f"/staff/themes/{consultation.id}/coding")
    response = client.post(f"/staff/themes/{consultation.id}/analyse", data={"csrf_token": token})
    assert response.status_code == 302
    coding = assert_escaped(client, f"/staff/themes/{consultation.id}/coding")
    assert "street lights" in html_text(coding)
    overview = assert_escaped(client, f"/staff/themes/?consultation_id={consultation.id}")
    assert "street lights" in html_text(overview), "no quotes reached the overview"
    assert_escaped(client, "/staff/themes/emerging")
    assert_escaped(client, f"/staff/pilot/report/{wave.id}")
    assert_escaped(client, "/staff/pilot/places")


def test_flagged_payloads_are_escaped_on_the_safeguarding_pages(app, attacked, make_user):
    client = app.test_client()
    user = make_user("safeguarding_lead", "safe@example.org")
    assert sign_in(client, user.email).status_code == 302
    assert_escaped(client, "/staff/safeguarding/")
    flags = db.session.query(SafeguardingFlag).all()
    assert flags, "the disclosure words raised no flag"
    for flag in flags:
        assert_escaped(client, f"/staff/safeguarding/{flag.id}", must_show="My uncle hits me")


def test_live_payloads_are_escaped_in_moderation_and_on_the_big_screen(app, lead):
    consultation = create_consultation(slug="tell-us", survey_id="hostile-text")
    client, user = lead
    session = live_sessions.start_session(consultation, user, pacing=live_sessions.SELF_PACED)
    live_sessions.advance(session)
    live_sessions.show_question(session, "say")
    code, payloads = session.code, xss_corpus()
    for payload in payloads:
        phone = app.test_client()
        phone.post(f"/join/{code}", data={"csrf_token": token_of(phone, f"/join/{code}")})
        token = token_of(phone, f"/live/{code}/q/say")
        response = phone.post(f"/live/{code}/q/say", data={"csrf_token": token, "answer": payload})
        assert response.status_code == 302, payload
    assert_escaped(client, f"/staff/live/{code}")
    assert_escaped(client, f"/staff/live/{code}/panel")
    for answer in db.session.query(Answer).filter_by(question_id="say"):
        token = token_of(client, f"/staff/live/{code}")
        data = {"csrf_token": token, "answer_id": answer.id, "action": "show"}
        assert client.post(f"/staff/live/{code}/moderate", data=data).status_code == 302
    presenter = app.test_client()
    assert_escaped(presenter, f"/live/{code}/present", must_show="alert(1)")
    screen = presenter.get(f"/live/{code}/present/screen").get_data(as_text=True)
    assert injected(screen) == []
    shown = presenter.get(f"/live/{code}/results.json").get_json()
    assert any("alert(1)" in text for q in shown["questions"] for text in q["shown_texts"])
    assert_escaped(client, f"/staff/live/{code}/summary")


def test_you_said_we_did_text_from_the_pilot_lead_is_escaped_on_the_public_page(app, lead):
    consultation = create_consultation(slug="tell-us", survey_id="hostile-text")
    client, _user = lead
    url = f"/staff/pilot/consultations/{consultation.id}/you-said-we-did"
    text = "\n".join(xss_corpus())
    data = {"you_said": text, "we_did": text, "child_friendly": text, "is_published": "y"}
    response = client.post(url, data={"csrf_token": token_of(client, url), **data})
    assert response.status_code == 302
    assert_escaped(client, url)
    assert_escaped(app.test_client(), "/s/tell-us/you-said-we-did", must_show="<script>alert(1)")


def test_exports_neutralise_every_formula(app, attacked, lead):
    consultation, _wave, payloads = attacked
    client, _user = lead
    base = f"/staff/consultations/{consultation.id}"
    rows = list(csv.reader(io.StringIO(client.get(f"{base}/export.csv").get_data(as_text=True))))
    cells = [cell for row in rows for cell in row]
    book = load_workbook(io.BytesIO(client.get(f"{base}/export.xlsx").get_data()))
    cells += [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value]
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    formulas = [p for p in payloads if p.startswith(FORMULA_STARTS)]
    neutralised = [cell for cell in cells if cell.startswith("'")]
    assert len(neutralised) >= 2 * sum(1 for n, p in enumerate(payloads) if p in formulas and n % 7)
