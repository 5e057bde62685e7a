"""Drives the respondent pages the way a phone would: read the page, take its CSRF token, post."""

from tests.pages import Page, get_page, parse


class Respondent:
    def __init__(self, client, slug: str):
        self.client, self.slug = client, slug

    def url(self, path: str = "") -> str:
        return f"/s/{self.slug}{path}"

    def start(self, group: str = "", fresh: bool = False) -> str:
        welcome = get_page(self.client, self.url())
        data = {"csrf_token": welcome.csrf_token(), "group": group}
        if fresh:
            data["fresh"] = "1"
        response = self.client.post(self.url("/begin"), data=data)
        assert response.status_code == 302, response.status_code
        return response.location

    def about(self, age_band: str = "12-15", group: str | None = None):
        page = get_page(self.client, self.url("/about"))
        data = {"csrf_token": page.csrf_token(), "age_band": age_band}
        if group is not None:
            data["group"] = group
        return self.client.post(self.url("/about"), data=data)

    def page(self, question_id: str, status: int = 200) -> Page:
        return get_page(self.client, self.url(f"/q/{question_id}"), status=status)

    def answer(self, question_id: str, answer=None, action: str = "next", token=True):
        """Post one question's answer; returns the raw test-client response."""
        data: dict = {"action": action}
        if token:
            data["csrf_token"] = self.page(question_id).csrf_token()
        if answer is not None:
            data["answer"] = answer
        return self.client.post(self.url(f"/q/{question_id}"), data=data)

    def answer_page(self, question_id: str, answer=None, action: str = "next") -> Page:
        response = self.answer(question_id, answer, action)
        return parse(response.status_code, response.get_data(as_text=True))

    def submit(self):
        page = get_page(self.client, self.url("/check"))
        return self.client.post(self.url("/check"), data={"csrf_token": page.csrf_token()})
