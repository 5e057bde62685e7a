"""Two-factor sign-in through the pages: the code step, forced set-up, the account page,
recovery codes, lock-out, and an admin's reset."""

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, User
from app.services import two_factor
from tests.pages import get_page, parse, post_page
from tests.staff.conftest import PASSWORD, TOTP_SECRET, enter_code, sign_in


def actions() -> list[str]:
    db.session.expire_all()
    return [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def user(email: str) -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).filter_by(email=email))


def password_step(client, email: str):
    page = get_page(client, "/staff/sign-in")
    return client.post(
        "/staff/sign-in",
        data={"csrf_token": page.csrf_token(), "email": email, "password": PASSWORD},
    )


def code_step(client, code: str):
    page = get_page(client, "/staff/sign-in/code")
    return client.post("/staff/sign-in/code", data={"csrf_token": page.csrf_token(), "code": code})


def secret_on(page) -> str:
    return re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page.html).group(1).replace(" ", "")


def set_up(client, url: str = "/staff/account"):
    """Read the set-up page, prove the key with a code; returns the recovery-codes page."""
    page = get_page(client, url)
    secret = secret_on(page)
    data = {"csrf_token": page.csrf_token(), "code": two_factor.code_for(secret)}
    return secret, post_page(client, url, data)


def test_after_the_password_an_account_with_two_factor_asks_for_a_code(client, make_user):
    make_user("admin")
    response = password_step(client, "admin@example.org")
    assert response.location == "/staff/sign-in/code"
    assert client.get("/staff/").status_code == 302  # not signed in yet
    page = get_page(client, "/staff/sign-in/code")
    assert page.has_text("enter the 6-digit code it shows for Safe Voices")
    assert page.has_text("Lost your phone? Enter one of your recovery codes instead.")
    assert "sign_in" not in actions()
    enter_code(client, "admin@example.org")
    assert get_page(client, "/staff/").has_text("Consultations")
    assert actions()[-1] == "sign_in"


def test_a_wrong_code_is_refused_with_a_clear_message(client, make_user):
    make_user("admin")
    password_step(client, "admin@example.org")
    right = two_factor.code_for(TOTP_SECRET)
    response = code_step(client, f"{(int(right) + 500_000) % 1_000_000:06d}")
    page = parse(400, response.get_data(as_text=True))
    assert page.alert().startswith("That code did not work.")
    assert client.get("/staff/").status_code == 302
    assert "two_factor_failed" in actions()
    empty = parse(400, code_step(client, "").get_data(as_text=True))
    assert empty.alert() == "Enter the 6-digit code from your authenticator app."


def test_a_code_that_was_used_cannot_sign_in_again(app, client, make_user):
    make_user("admin")
    password_step(client, "admin@example.org")
    code = two_factor.code_for(TOTP_SECRET)
    assert code_step(client, code).status_code == 302
    other = app.test_client()
    password_step(other, "admin@example.org")
    assert code_step(other, code).status_code == 400
    assert other.get("/staff/").status_code == 302


def test_wrong_codes_count_towards_the_lock_out(client, make_user):
    make_user("admin")
    password_step(client, "admin@example.org")
    for _ in range(5):
        code_step(client, "000000" if two_factor.code_for(TOTP_SECRET) != "000000" else "111111")
    response = enter_code(client, "admin@example.org")  # even the right code now
    assert "this account is locked until" in parse(400, response.get_data(as_text=True)).alert()
    assert "account_locked" in actions()


def test_the_code_step_needs_the_password_first(client, make_user):
    make_user("admin")
    response = client.get("/staff/sign-in/code")
    assert response.location == "/staff/sign-in"
    assert get_page(client, "/staff/sign-in").has_text("Please sign in again.")


def test_signing_in_starts_a_fresh_session(client, make_user):
    make_user("admin")
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    password_step(client, "admin@example.org")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert "pending_sign_in" in session
    enter_code(client, "admin@example.org")
    with client.session_transaction() as session:
        assert "pending_sign_in" not in session
        assert session["_user_id"] == user("admin@example.org").get_id()


def test_a_recovery_code_signs_in_once(app, client, make_user):
    make_user("pilot_lead")
    sign_in(client, "pilot_lead@example.org")
    _secret, codes_page = set_up(client)
    codes = re.findall(r"<code>([a-z0-9-]+)</code>", codes_page.html)
    assert len(codes) == 10
    other = app.test_client()
    password_step(other, "pilot_lead@example.org")
    response = code_step(other, codes[0])
    assert response.status_code == 302
    assert get_page(other, response.location).has_text("You used a recovery code. You have 9 left")
    assert "recovery_code_used" in actions()
    again = app.test_client()
    password_step(again, "pilot_lead@example.org")
    assert code_step(again, codes[0]).status_code == 400


def test_an_admin_must_set_up_two_factor_before_any_staff_page(client, make_user):
    make_user("admin", with_two_factor=False)
    response = sign_in(client, "admin@example.org")
    assert response.status_code == 302
    for url in ("/staff/", "/staff/users", "/staff/audit-log", "/staff/setup"):
        assert client.get(url).location == "/staff/account", url
    page = get_page(client, "/staff/account")
    assert page.has_text("Your role needs two-factor sign-in. Set it up now")
    assert 'src="data:image/svg+xml' in page.html
    secret = secret_on(page)
    wrong = post_page(
        client, "/staff/account", {"csrf_token": page.csrf_token(), "code": "12"}, 400
    )
    assert wrong.alert().startswith("That code did not work.")
    assert client.get("/staff/").status_code == 302
    codes_page = post_page(
        client,
        "/staff/account",
        {"csrf_token": page.csrf_token(), "code": two_factor.code_for(secret)},
    )
    assert codes_page.has_text("They are shown only now.")
    assert len(re.findall(r"<code>[a-z0-9]{5}-[a-z0-9]{5}</code>", codes_page.html)) == 10
    assert get_page(client, "/staff/users").has_text("Users")
    assert "two_factor_enrolled" in actions()
    assert user("admin@example.org").totp_secret == secret


def test_a_safeguarding_lead_is_sent_to_set_up_too(client, make_user):
    make_user("safeguarding_lead", with_two_factor=False)
    sign_in(client, "safeguarding_lead@example.org")
    assert client.get("/staff/safeguarding/").location == "/staff/account"


def test_a_worker_may_use_staff_pages_without_it_and_turn_it_on_and_off(app, client, make_user):
    make_user("participation_worker")
    sign_in(client, "participation_worker@example.org")
    assert get_page(client, "/staff/").has_text("Consultations")
    page = get_page(client, "/staff/account")
    assert page.has_text("Two-factor sign-in is off.")
    secret, _codes = set_up(client)
    # from now on the password alone is not enough
    other = app.test_client()
    assert password_step(other, "participation_worker@example.org").location.endswith("/code")
    page = get_page(client, "/staff/account")
    assert page.has_text("Two-factor sign-in is on.")
    worker = user("participation_worker@example.org")
    worker.totp_last_step = None  # a fresh code within the same 30 seconds, for the test only
    db.session.commit()
    response = client.post(
        "/staff/account/two-factor-off",
        data={"csrf_token": page.csrf_token(), "code": two_factor.code_for(secret)},
    )
    assert response.location == "/staff/account"
    assert get_page(client, "/staff/account").has_text("Two-factor sign-in is off.")
    assert "two_factor_disabled" in actions()
    assert (
        password_step(app.test_client(), "participation_worker@example.org").location == "/staff/"
    )


def test_an_admin_cannot_turn_it_off(client, staff):
    staff("admin")
    page = get_page(client, "/staff/account")
    assert page.has_text("it cannot be turned off")
    enter_code_data = {"csrf_token": page.csrf_token(), "code": two_factor.code_for(TOTP_SECRET)}
    refused = post_page(client, "/staff/account/two-factor-off", enter_code_data, 400)
    assert refused.alert() == "Your role needs two-factor sign-in: it stays on."
    assert two_factor.is_enabled(user("admin@example.org"))


def test_new_recovery_codes_need_a_code_and_replace_the_old(client, staff):
    staff("admin")
    page = get_page(client, "/staff/account")
    bad = {"csrf_token": page.csrf_token(), "code": "000000"}
    if two_factor.code_for(TOTP_SECRET) == "000000":
        bad["code"] = "111111"
    post_page(client, "/staff/account/recovery-codes", bad, 400)
    admin = user("admin@example.org")
    admin.totp_last_step = None  # the sign-in used this step: let the test use it again
    db.session.commit()
    good = {"csrf_token": page.csrf_token(), "code": two_factor.code_for(TOTP_SECRET)}
    codes_page = post_page(client, "/staff/account/recovery-codes", good)
    assert len(re.findall(r"<code>[a-z0-9]{5}-[a-z0-9]{5}</code>", codes_page.html)) == 10
    assert get_page(client, "/staff/account").has_text("You have 10 unused recovery codes.")


def test_an_admin_resets_a_colleagues_two_factor(app, client, staff, make_user):
    lead = make_user("safeguarding_lead")
    theirs = app.test_client()
    sign_in(theirs, lead.email)
    assert theirs.get("/staff/safeguarding/").status_code == 200
    staff("admin")
    page = get_page(client, "/staff/users")
    assert page.has_text("Two-factor sign-in")
    response = client.post(
        f"/staff/users/{lead.id}/reset-two-factor", data={"csrf_token": page.csrf_token()}
    )
    assert response.location == "/staff/users"
    assert get_page(client, "/staff/users").has_text(
        f"Two-factor sign-in for {lead.email} is reset"
    )
    assert theirs.get("/staff/safeguarding/").status_code == 302  # signed out everywhere
    event = db.session.scalars(select(AuditEvent).filter_by(action="two_factor_reset")).one()
    assert event.target == lead.email
    # they sign in with the password and must set it up again
    sign_in(theirs, lead.email)
    assert theirs.get("/staff/safeguarding/").location == "/staff/account"


def test_an_admin_cannot_reset_their_own_and_others_cannot_reset_at_all(
    app, client, staff, make_user
):
    admin = staff("admin")
    page = get_page(client, "/staff/")
    own = client.post(
        f"/staff/users/{admin.id}/reset-two-factor", data={"csrf_token": page.csrf_token()}
    )
    assert own.status_code == 403
    assert two_factor.is_enabled(user(admin.email))
    lead = app.test_client()
    make_user("pilot_lead")
    sign_in(lead, "pilot_lead@example.org")
    token = get_page(lead, "/staff/").csrf_token()
    assert (
        lead.post(
            f"/staff/users/{admin.id}/reset-two-factor", data={"csrf_token": token}
        ).status_code
        == 403
    )
    assert two_factor.is_enabled(user(admin.email))


@pytest.mark.parametrize("role", ["admin", "participation_worker"])
def test_the_account_page_is_in_the_staff_navigation(client, staff, role):
    staff(role)
    page = get_page(client, "/staff/")
    assert 'href="/staff/account"' in page.html
