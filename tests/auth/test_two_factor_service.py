"""The two-factor rules on their own: codes with drift, no replay, recovery codes once only."""

from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, RecoveryCode
from app.models.types import utcnow
from app.services import two_factor
from tests.staff.conftest import TOTP_SECRET

NOW = utcnow().replace(microsecond=0)


def code_at(moment, secret=TOTP_SECRET) -> str:
    return pyotp.TOTP(secret).at(moment)


def actions() -> list[str]:
    return [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


@pytest.fixture
def admin(make_user):
    return make_user("admin")


def test_the_current_code_is_accepted(admin):
    assert two_factor.accept_code(admin, code_at(NOW), NOW)


def test_one_step_of_clock_drift_either_way_is_accepted(make_user):
    for offset in (-30, 30):
        user = make_user("admin", f"drift{offset}@example.org")
        assert two_factor.accept_code(user, code_at(NOW + timedelta(seconds=offset)), NOW)


def test_two_steps_of_drift_are_refused(admin):
    assert not two_factor.accept_code(admin, code_at(NOW - timedelta(seconds=60)), NOW)
    assert not two_factor.accept_code(admin, code_at(NOW + timedelta(seconds=60)), NOW)


def test_a_code_cannot_be_used_twice(admin):
    code = code_at(NOW)
    assert two_factor.accept_code(admin, code, NOW)
    assert not two_factor.accept_code(admin, code, NOW + timedelta(seconds=5))


def test_an_older_step_is_refused_after_a_newer_one(admin):
    assert two_factor.accept_code(admin, code_at(NOW + timedelta(seconds=30)), NOW)
    assert not two_factor.accept_code(admin, code_at(NOW), NOW)
    assert two_factor.accept_code(
        admin, code_at(NOW + timedelta(seconds=60)), NOW + timedelta(seconds=60)
    )


def test_wrong_and_malformed_codes_are_refused(admin):
    right = code_at(NOW)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for code in (wrong, "", "12345", "1234567", "abcdef", "١٢٣٤٥٦", right + "0"):
        assert not two_factor.accept_code(admin, code, NOW), code
    assert admin.totp_last_step is None


def test_spaces_in_a_typed_code_are_forgiven(admin):
    code = code_at(NOW)
    assert two_factor.accept_code(admin, f" {code[:3]} {code[3:]} ", NOW)


def test_an_account_without_two_factor_accepts_no_code(make_user):
    worker = make_user("participation_worker")
    assert not two_factor.is_enabled(worker)
    assert not two_factor.accept_code(worker, code_at(NOW, worker.totp_secret or TOTP_SECRET))


def test_enabling_needs_a_code_from_the_new_secret(make_user):
    worker = make_user("participation_worker")
    secret = two_factor.new_secret()
    assert two_factor.enable(worker, secret, code_at(NOW, TOTP_SECRET), NOW) is None
    assert not two_factor.is_enabled(worker)
    codes = two_factor.enable(worker, secret, code_at(NOW, secret), NOW)
    assert len(codes) == 10 == len(set(codes))
    assert two_factor.is_enabled(worker)
    assert worker.totp_secret == secret
    assert "two_factor_enrolled" in actions()
    # the step that proved the secret is spent: it cannot sign in a second time
    assert not two_factor.accept_code(worker, code_at(NOW, secret), NOW)


def test_recovery_codes_are_hashed_and_each_works_once(make_user):
    worker = make_user("participation_worker")
    secret = two_factor.new_secret()
    codes = two_factor.enable(worker, secret, code_at(NOW, secret), NOW)
    stored = [r.code_hash for r in db.session.scalars(select(RecoveryCode))]
    assert all(h.startswith("$argon2id$") for h in stored)
    assert not any(code.replace("-", "") in h for code in codes for h in stored)
    assert two_factor.check_second_factor(worker, codes[3].upper(), NOW) == "recovery_code"
    assert two_factor.check_second_factor(worker, codes[3], NOW) is None
    assert two_factor.remaining_recovery_codes(worker) == 9
    assert actions().count("recovery_code_used") == 1


def test_new_recovery_codes_replace_the_old_ones(make_user):
    worker = make_user("participation_worker")
    secret = two_factor.new_secret()
    old = two_factor.enable(worker, secret, code_at(NOW, secret), NOW)
    new = two_factor.new_recovery_codes(worker)
    assert not two_factor.use_recovery_code(worker, old[0], NOW)
    assert two_factor.use_recovery_code(worker, new[0], NOW)


def test_disabling_forgets_the_secret_and_the_codes(make_user):
    worker = make_user("participation_worker")
    secret = two_factor.new_secret()
    codes = two_factor.enable(worker, secret, code_at(NOW, secret), NOW)
    two_factor.disable(worker)
    assert not two_factor.is_enabled(worker)
    assert worker.totp_secret is None
    assert not two_factor.use_recovery_code(worker, codes[0], NOW)
    assert "two_factor_disabled" in actions()


def test_an_admin_reset_clears_two_factor_and_ends_every_session(make_user, admin):
    lead = make_user("safeguarding_lead")
    version = lead.session_version
    two_factor.reset(lead, admin)
    assert not two_factor.is_enabled(lead)
    assert lead.session_version == version + 1
    event = db.session.scalars(select(AuditEvent).filter_by(action="two_factor_reset")).one()
    assert (event.user_id, event.target) == (admin.id, lead.email)


def test_only_admins_and_safeguarding_leads_must_use_it(make_user):
    required = {
        role
        for role in ("admin", "pilot_lead", "participation_worker", "safeguarding_lead")
        if two_factor.is_required(make_user(role, f"{role}-r@example.org", False))
    }
    assert required == {"admin", "safeguarding_lead"}


def test_the_qr_code_is_an_svg_image_of_the_otpauth_link():
    uri = two_factor.qr_data_uri(TOTP_SECRET, "someone@example.org")
    assert uri.startswith("data:image/svg+xml")
    assert "<script" not in uri.lower()
    assert two_factor.readable_secret("ABCDEFGH12") == "ABCD EFGH 12"
