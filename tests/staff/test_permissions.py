"""The permission matrix holds on every /staff route, for anonymous visitors and every role."""

import pytest

from app.permissions import ALL_ROLES, PERMISSIONS
from tests.factories import create_consultation
from tests.staff.conftest import sign_in

PUBLIC_STAFF_ENDPOINTS = {"auth.sign_in", "auth.sign_in_code"}


def staff_routes(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/staff") and rule.endpoint not in PUBLIC_STAFF_ENDPOINTS:
            methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
            yield rule, methods


def url_for_rule(rule, ids: dict) -> str:
    url = rule.rule
    for argument in rule.arguments:
        url = url.replace(f"<int:{argument}>", str(ids.get(argument, 1)))
        url = url.replace(f"<{argument}>", str(ids.get(argument, "x")))
    return url


@pytest.fixture
def ids(app, make_user):
    consultation = create_consultation()
    return {"consultation_id": consultation.id, "user_id": make_user("admin", "x@example.org").id}


def test_every_staff_route_declares_a_permission(app):
    missing = [
        rule.endpoint
        for rule, _methods in staff_routes(app)
        if not hasattr(app.view_functions[rule.endpoint], "required_permission")
    ]
    assert missing == []


def test_anonymous_visitors_are_sent_to_sign_in_everywhere(app, client, ids):
    app.config["WTF_CSRF_ENABLED"] = False
    for rule, methods in staff_routes(app):
        for method in methods:
            response = client.open(url_for_rule(rule, ids), method=method)
            assert response.status_code == 302, (method, rule.rule)
            assert "/staff/sign-in" in response.location, (method, rule.rule)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_each_role_reaches_exactly_what_the_matrix_allows(app, client, make_user, ids, role):
    user = make_user(role, f"{role}-matrix@example.org")
    assert sign_in(client, user.email).status_code == 302
    app.config["WTF_CSRF_ENABLED"] = False  # what is tested here is the role, not the form
    for rule, methods in staff_routes(app):
        if rule.endpoint in ("auth.sign_out", "auth.sign_out_everywhere_view"):
            continue  # allowed for everyone; using them would end this test's session
        allowed = role in PERMISSIONS[app.view_functions[rule.endpoint].required_permission]
        for method in methods:
            status = client.open(url_for_rule(rule, ids), method=method).status_code
            if allowed:
                assert status != 403, (role, method, rule.rule)
                assert status < 500, (role, method, rule.rule)
            else:
                assert status == 403, (role, method, rule.rule)


def test_the_readme_matrix_matches_the_code():
    from pathlib import Path

    readme = (Path(__file__).parents[2] / "README.md").read_text()
    for permission, roles in PERMISSIONS.items():
        line = next(
            (row for row in readme.splitlines() if row.startswith(f"| `{permission}`")), None
        )
        assert line is not None, f"README has no row for {permission}"
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        marked = {role for role, cell in zip(ALL_ROLES, cells[2:], strict=False) if cell == "✓"}
        assert marked == set(roles), permission
