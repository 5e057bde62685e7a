"""Every public route, taken from the URL map, answers random and hostile requests without a 5xx.

A staff route declares a permission and is walked by tests/staff/test_permissions.py; every other
route must be listed in PUBLIC_ROUTES below, so a new public page cannot ship untested here.
"""

from hypothesis import given
from hypothesis import strategies as st

from tests.hostile.helpers import HOSTILE, assert_no_server_error, row_counts, with_token
from tests.hostile.strategies import csrf_choice, form_for, path_segment, raw_bodies, raw_value

# endpoint -> the form fields its pages post (empty for pages that only show something)
PUBLIC_ROUTES: dict[str, list[str]] = {
    "health.healthz": [],
    "health.readyz": [],
    "static": [],
    "respondent.welcome": [],
    "respondent.begin": ["group", "fresh"],
    "respondent.about": ["age_band", "group"],
    "respondent.question": ["answer", "action"],
    "respondent.check": [],
    "respondent.thank_you": [],
    "respondent.get_help": [],
    "respondent.help_now": [],
    "respondent.place_map_image": [],
    "you_said_we_did_public": [],
    "live.join_form": [],
    "live.join": [],
    "live.where_now": [],
    "live.question": ["answer", "action"],
    "live.wait": [],
    "live.finish": [],
    "live.next_person": [],
    "live.done": [],
    "live.help_now": [],
    "live.state": [],
    "live.present": [],
    "live.present_screen": [],
    "live.results_json": [],
    "auth.sign_in": ["email", "password"],
    "auth.sign_in_code": ["code"],
}

# Query-string names the public pages read.
QUERY_NAMES = ["lang", "group", "code", "after", "next", "fresh"]


def public_rules(app) -> list:
    return sorted(
        (
            rule
            for rule in app.url_map.iter_rules()
            if not hasattr(app.view_functions[rule.endpoint], "required_permission")
        ),
        key=lambda rule: rule.rule,
    )


def test_every_public_route_is_covered_here(app):
    endpoints = {rule.endpoint for rule in public_rules(app)}
    assert endpoints - set(PUBLIC_ROUTES) == set(), "a new public route: add it to PUBLIC_ROUTES"
    assert set(PUBLIC_ROUTES) - endpoints == set(), "PUBLIC_ROUTES names a route that is gone"


def real_arguments(world) -> dict[str, list[str]]:
    """Plausible values for each path argument, so requests reach past the 404s."""
    return {
        "slug": [world.slug],
        "code": [world.code, world.code.lower()],
        "question_id": ["mood", "why_unsafe", "colour", "siblings", "welcome_note"],
        "place_slug": ["test-consultation-place", "hayes"],
        "filename": ["css/app.css", "js/live.js", "../app/config.py"],
    }


def draw_url(data, rule, world) -> str:
    url = rule.rule
    for argument in rule.arguments:
        real = st.sampled_from(real_arguments(world).get(argument, ["x"]))
        value = data.draw(real | path_segment, label=argument)
        url = url.replace(f"<path:{argument}>", value).replace(f"<{argument}>", value)
    pairs = data.draw(st.lists(st.tuples(st.sampled_from(QUERY_NAMES), raw_value), max_size=3))
    query = "&".join(f"{name}={value}" for name, value in pairs)
    return f"{url}?{query}" if query else url


@HOSTILE
@given(data=st.data())
def test_any_request_to_any_public_route_is_never_a_server_error(app, world, data):
    rule = data.draw(st.sampled_from(public_rules(app)), label="route")
    methods = sorted(rule.methods - {"OPTIONS"}) + ["PUT", "DELETE"]
    method = data.draw(st.sampled_from(methods), label="method")
    url = draw_url(data, rule, world)
    who = data.draw(st.sampled_from(sorted(world.clients)), label="client")
    client, choice = world.clients[who], data.draw(csrf_choice, label="csrf")
    fields = PUBLIC_ROUTES.get(rule.endpoint, []) or ["answer"]
    before = row_counts()
    if data.draw(st.booleans(), label="raw body"):
        body = data.draw(raw_bodies(fields))
        if choice == "valid":
            body = f"csrf_token={world.tokens[who]}&{body}"
        response = client.open(
            url, method=method, data=body, content_type="application/x-www-form-urlencoded"
        )
    else:
        form = with_token(data.draw(form_for(fields)), world.tokens[who])
        if choice != "valid":
            form.pop("csrf_token")
        response = client.open(url, method=method, data=form)
    assert_no_server_error(response, f"{method} {url}")
    response.close()  # a static file is streamed from an open file
    if method not in ("POST",) or choice != "valid":
        assert row_counts() == before, f"{method} {url} changed data without a valid token"


NASTY = ["%00", "a%00b", "%ED%A0%80", "%FF%FE", "%E2%80%AEx", "%C0%AE%C0%AE", "a" * 300]


def real_url(rule, world, **nasty) -> str:
    url = rule.rule
    for argument in rule.arguments:
        value = nasty.get(argument) or real_arguments(world).get(argument, ["x"])[0]
        url = url.replace(f"<path:{argument}>", value).replace(f"<{argument}>", value)
    return url


def test_every_public_route_survives_each_nasty_path_segment_and_query(app, world):
    """The same few worst cases on every route and argument, whatever Hypothesis draws."""
    clients = list(world.clients.values())
    for rule in public_rules(app):
        urls = [real_url(rule, world, **{arg: bad}) for arg in rule.arguments for bad in NASTY]
        urls += [f"{real_url(rule, world)}?{name}={bad}" for name in QUERY_NAMES for bad in NASTY]
        for number, url in enumerate(urls):
            for method in sorted(rule.methods - {"OPTIONS", "HEAD"}):
                before = row_counts()
                response = clients[number % len(clients)].open(url, method=method)
                assert_no_server_error(response, f"{method} {url}")
                response.close()
                assert row_counts() == before, f"{method} {url} without a token changed data"
