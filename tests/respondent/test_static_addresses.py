"""Static files' addresses are worked out once per file and kept: they must still follow the
prefix the app is served under."""

from tests.factories import create_consultation


def test_static_addresses_follow_the_prefix_the_app_is_served_under(client, app):
    create_consultation()
    plain = client.get("/s/test-consultation").get_data(as_text=True)
    mounted = client.get(
        "/s/test-consultation", environ_overrides={"SCRIPT_NAME": "/consult"}
    ).get_data(as_text=True)
    again = client.get("/s/test-consultation").get_data(as_text=True)
    assert 'href="/static/css/app.css"' in plain
    assert 'href="/consult/static/css/app.css"' in mounted
    assert 'src="/consult/static/js/respondent.js"' in mounted
    assert 'href="/static/css/app.css"' in again
