"""Staff sign-in: passwords, lock-out, throttling, idle timeout, sign-out everywhere, audit."""

from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, User
from tests.pages import get_page, parse
from tests.staff.conftest import PASSWORD, sign_in


def actions() -> list[str]:
    db.session.expire_all()
    return [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_staff_pages_send_anonymous_visitors_to_sign_in(client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert "/staff/sign-in" in response.location


def test_sign_in_with_the_right_password_shows_the_staff_home(client, make_user):
    make_user("pilot_lead")
    response = sign_in(client, "PILOT_LEAD@example.org", follow=True)
    page = parse(response.status_code, response.get_data(as_text=True))
    assert page.has_text("Consultations")
    assert page.has_text("Pilot lead")
    assert "sign_in" in actions()


def test_passwords_are_stored_with_argon2(make_user):
    user = make_user("admin")
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_a_wrong_password_and_an_unknown_email_get_the_same_message(client, make_user):
    make_user("admin")
    wrong = parse(400, sign_in(client, "admin@example.org", "nope").get_data(as_text=True))
    unknown = parse(400, sign_in(client, "nobody@example.org", "nope").get_data(as_text=True))
    assert (
        wrong.alert()
        == unknown.alert()
        == ("That e-mail address and password do not match an account.")
    )
    assert actions().count("sign_in_failed") == 2


def test_five_failures_lock_the_account_for_a_while(client, make_user):
    make_user("admin")
    for _ in range(5):
        sign_in(client, "admin@example.org", "wrong-password")
    page = parse(400, sign_in(client, "admin@example.org").get_data(as_text=True))
    assert "this account is locked until" in page.alert()
    assert "account_locked" in actions()
    user = db.session.scalar(select(User).filter_by(email="admin@example.org"))
    user.locked_until = user.locked_until - timedelta(minutes=16)
    db.session.commit()
    assert sign_in(client, "admin@example.org").status_code == 302


def test_sign_in_attempts_are_rate_limited(client, make_user):
    make_user("admin")
    statuses = [sign_in(client, "admin@example.org", "wrong").status_code for _ in range(11)]
    assert statuses[-1] == 429
    page = get_page(client, "/staff/sign-in")
    response = client.post(
        "/staff/sign-in",
        data={"csrf_token": page.csrf_token(), "email": "admin@example.org", "password": PASSWORD},
    )
    assert response.status_code == 429
    assert "Please slow down" in response.get_data(as_text=True)


def test_session_cookie_is_http_only_and_same_site(client, make_user):
    make_user("admin")
    response = sign_in(client, "admin@example.org")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_an_idle_session_expires(app, client, staff):
    staff("admin")
    app.config["STAFF_IDLE_MINUTES"] = 0
    with client.session_transaction() as session:
        session["last_seen"] = session["last_seen"] - 5
    response = client.get("/staff/")
    assert "/staff/sign-in" in response.location
    page = get_page(client, response.location)
    assert page.has_text("You were signed out because the page was left for a while")


def test_sign_out(client, staff):
    staff("admin")
    page = get_page(client, "/staff/")
    response = client.post("/staff/sign-out", data={"csrf_token": page.csrf_token()})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert "/staff/sign-in" in response.location
    assert client.get("/staff/").status_code == 302
    assert "sign_out" in actions()


def test_sign_out_everywhere_ends_other_sessions(app, client, staff):
    staff("admin")
    other = app.test_client()
    assert sign_in(other, "admin@example.org").status_code == 302
    assert other.get("/staff/").status_code == 200
    page = get_page(client, "/staff/")
    client.post("/staff/sign-out-everywhere", data={"csrf_token": page.csrf_token()})
    assert other.get("/staff/").status_code == 302


def test_next_only_goes_to_our_own_staff_pages(client, make_user):
    make_user("admin")
    for target, expected in (
        ("/staff/users", "/staff/users"),
        ("https://evil.example/staff", "/staff/"),
        ("//evil.example/staff", "/staff/"),
    ):
        response = sign_in(client, "admin@example.org", next_url=target)
        assert response.location == expected
        client.post(
            "/staff/sign-out", data={"csrf_token": get_page(client, "/staff/").csrf_token()}
        )
