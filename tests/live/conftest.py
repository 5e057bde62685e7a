"""Live-session fixtures: a signed-in worker who starts sessions, and phones that join them."""

import pytest

from tests.factories import create_consultation
from tests.pages import check_page, get_page, parse
from tests.staff.conftest import make_user, staff  # noqa: F401 - shared staff fixtures


class Phone:
    """One participant's phone: its own cookies, reading pages and posting like a browser."""

    def __init__(self, app, code: str):
        self.client, self.code, self.token = app.test_client(), code, None

    def open(self, url: str):
        """Follow redirects by hand; returns (final url, page)."""
        response = self.client.get(url)
        while response.status_code == 302:
            url = response.location
            response = self.client.get(url)
        page = check_page(parse(response.status_code, response.get_data(as_text=True)))
        if any(form.get("csrf_token") for form in page.forms):
            self.token = page.csrf_token()
        return url, page

    def join(self):
        _url, page = self.open(f"/join/{self.code}")
        response = self.client.post(f"/join/{self.code}", data={"csrf_token": page.csrf_token()})
        assert response.status_code == 302
        return self.where()

    def where(self):
        return self.open(f"/live/{self.code}/")

    def answer(self, question_id: str, answer=None, action: str = "next"):
        """Post an answer with the last CSRF token seen (a phone that went offline keeps it)."""
        if self.token is None:
            self.where()
        data = {"csrf_token": self.token, "action": action}
        if answer is not None:
            data["answer"] = answer
        return self.client.post(f"/live/{self.code}/q/{question_id}", data=data)


class Worker:
    def __init__(self, client, consultation):
        self.client, self.consultation = client, consultation

    def start(self, pacing: str = "worker", is_tablet: bool = False) -> str:
        url = f"/staff/live/new?consultation_id={self.consultation.id}"
        page = get_page(self.client, url)
        data = {"csrf_token": page.csrf_token(), "consultation_id": self.consultation.id}
        data["pacing"] = pacing
        if is_tablet:
            data["is_tablet"] = "1"
        response = self.client.post("/staff/live/new", data=data)
        assert response.status_code == 302, response.status_code
        return response.location.rsplit("/", 1)[-1]

    def console(self, code: str):
        return check_page(get_page(self.client, f"/staff/live/{code}"))

    def control(self, code: str, action: str, **extra):
        data = {"csrf_token": self.console(code).csrf_token(), "action": action, **extra}
        return self.client.post(f"/staff/live/{code}/control", data=data)

    def moderate(self, code: str, answer_id: int, action: str = "show"):
        data = {"csrf_token": self.console(code).csrf_token(), "answer_id": answer_id}
        data["action"] = action
        return self.client.post(f"/staff/live/{code}/moderate", data=data)


@pytest.fixture
def consultation(app):
    return create_consultation()


@pytest.fixture
def worker(client, staff, consultation):  # noqa: F811 - the imported fixture
    staff("participation_worker")
    return Worker(client, consultation)


@pytest.fixture
def phones(app):
    def make(code: str, count: int = 1) -> list[Phone]:
        return [Phone(app, code) for _ in range(count)]

    return make


def results(client, code: str) -> dict:
    response = client.get(f"/live/{code}/results.json")
    assert response.status_code == 200
    return response.get_json()


def question_result(client, code: str, question_id: str) -> dict:
    return next(q for q in results(client, code)["questions"] if q["id"] == question_id)
