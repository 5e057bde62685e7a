"""A respondent's phone over real HTTP (stdlib only): cookies, CSRF tokens, no redirect following.

Each request opens a new connection, as phones on flaky wi-fi do, so killing one gunicorn worker
breaks only the requests it was serving.
"""

import http.client
import re
import urllib.parse
from dataclasses import dataclass, field

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
RADIO = re.compile(r'name="answer" value="([^"]+)"')
TEXTAREA = re.compile(r'<textarea[^>]*name="answer"')


@dataclass
class Reply:
    status: int
    location: str
    body: str


@dataclass
class Phone:
    base_url: str
    cookies: dict[str, str] = field(default_factory=dict)
    timeout: float = 20

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post(self, path: str, data: dict) -> Reply:
        body = urllib.parse.urlencode(data, doseq=True)
        return self.request("POST", path, body)

    def request(self, method: str, path: str, body: str | None = None) -> Reply:
        """One request; raises OSError or http.client.HTTPException when the server drops it."""
        address = urllib.parse.urlsplit(self.base_url)
        connection = http.client.HTTPConnection(
            address.hostname, address.port, timeout=self.timeout
        )
        headers = {"Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, _, value = cookie.split(";", 1)[0].partition("=")
                self.cookies[name.strip()] = value
            location = urllib.parse.urlsplit(response.headers.get("Location", "")).path
            return Reply(response.status, location, text)
        finally:
            connection.close()


def csrf_token(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def an_answer(html: str, text: str) -> str | None:
    """What a respondent would give on this question page: the text, the first real choice, or
    None on an information page, which has nothing to answer."""
    if TEXTAREA.search(html):
        return text
    choices = [value for value in RADIO.findall(html) if value != "prefer_not_say"]
    return choices[0] if choices else None
