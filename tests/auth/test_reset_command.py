"""``safevoices reset-2fa``: the way back in for a sole admin who lost phone and recovery codes."""

from click.testing import CliRunner
from flask.cli import ScriptInfo
from sqlalchemy import select

from app.cli import cli
from app.extensions import db
from app.models import AuditEvent, RecoveryCode
from app.services import two_factor


def run(app, *args):
    return CliRunner().invoke(cli, list(args), obj=ScriptInfo(create_app=lambda: app))


def test_reset_2fa_clears_the_key_and_codes_and_ends_sessions(app, make_user):
    admin = make_user("admin")
    two_factor.new_recovery_codes(admin)
    version = admin.session_version
    result = run(app, "reset-2fa", "admin@example.org")
    assert result.exit_code == 0, result.output
    assert "cleared for admin@example.org" in result.output
    db.session.refresh(admin)
    assert not two_factor.is_enabled(admin)
    assert admin.session_version == version + 1
    assert db.session.scalars(select(RecoveryCode).filter_by(user_id=admin.id)).all() == []
    event = db.session.scalars(select(AuditEvent).filter_by(action="two_factor_reset")).one()
    assert event.user_id is None
    assert event.target == "admin@example.org"
    assert event.details == {"by": "command line"}


def test_reset_2fa_for_an_unknown_address_says_so(app, make_user):
    result = run(app, "reset-2fa", "nobody@example.org")
    assert result.exit_code == 1
    assert "No staff account has the e-mail address nobody@example.org." in result.output
