"""Behind a TLS-terminating reverse proxy: TRUSTED_PROXIES makes the app believe its headers."""

import pytest

from tests.conftest import make_app

FORWARDED = {
    "X-Forwarded-For": "198.51.100.23",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "voices.example.org",
}


@pytest.fixture
def seen(tmp_path):
    """What one request to a test route sees, for a given TRUSTED_PROXIES."""

    def request(hops: int) -> dict:
        app = make_app(f"sqlite:///{tmp_path / 'proxy.db'}", TRUSTED_PROXIES=hops)

        def where():
            from flask import request

            return {"addr": request.remote_addr, "secure": request.is_secure, "host": request.host}

        app.add_url_rule("/where", "where", where)
        reply = app.test_client().get("/where", headers=FORWARDED)
        return {**reply.get_json(), "hsts": "Strict-Transport-Security" in reply.headers}

    return request


def test_behind_one_proxy_the_client_scheme_host_and_address_are_used(seen):
    assert seen(1) == {
        "addr": "198.51.100.23",
        "secure": True,
        "host": "voices.example.org",
        "hsts": True,
    }


def test_without_trusted_proxies_forwarded_headers_are_ignored(seen):
    # Anyone can send these headers: believing them without a proxy would let a client pick the
    # address the rate limits count.
    assert seen(0) == {"addr": "127.0.0.1", "secure": False, "host": "localhost", "hsts": False}


def test_the_setting_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("TRUSTED_PROXIES", "2")
    from app.config import from_environment

    assert from_environment(str(tmp_path))["TRUSTED_PROXIES"] == 2
