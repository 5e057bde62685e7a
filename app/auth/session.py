"""Staff sessions: Flask-Login wiring, the idle timeout, and two-factor set-up before anything
else for the roles that must have it."""

from datetime import UTC, datetime

from flask import Flask, flash, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user

from app.extensions import login_manager
from app.services import two_factor
from app.services.auth import load_user

IDLE_MINUTES_DEFAULT = 30
# What an admin or safeguarding lead without two-factor sign-in may still open: setting it up,
# and leaving.
BEFORE_TWO_FACTOR = {"auth.account", "auth.sign_out", "auth.sign_out_everywhere_view", "static"}


def init_sessions(app: Flask) -> None:
    app.config.setdefault("STAFF_IDLE_MINUTES", IDLE_MINUTES_DEFAULT)
    app.config.setdefault("PERMANENT_SESSION_LIFETIME", 60 * 60 * 12)
    # Templates get the lazy ``current_user`` proxy rather than Flask-Login's context processor,
    # which loads the user for every page: on a respondent's page that ran "strong" session
    # protection, so each page re-signed the session cookie and cleared a remember cookie.
    login_manager.init_app(app, add_context_processor=False)
    app.jinja_env.globals["current_user"] = current_user
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = _l("Please sign in to see that page.")
    login_manager.session_protection = "strong"
    login_manager.user_loader(load_user)
    app.before_request(_expire_idle_sessions)
    app.before_request(_require_two_factor)


def _expire_idle_sessions():
    if not request.path.startswith("/staff") or not current_user.is_authenticated:
        return None
    now = datetime.now(UTC).timestamp()
    from flask import current_app

    limit = current_app.config["STAFF_IDLE_MINUTES"] * 60
    last_seen = session.get("last_seen", now)
    if now - last_seen > limit:
        logout_user()
        session.clear()
        flash(
            _l("You were signed out because the page was left for a while. Please sign in again."),
            "info",
        )
        return redirect(url_for("auth.sign_in", next=request.path))
    session["last_seen"] = now
    return None


def _require_two_factor():
    """Admins and safeguarding leads set up two-factor sign-in before any other staff page."""
    if not request.path.startswith("/staff") or not current_user.is_authenticated:
        return None
    if request.endpoint in BEFORE_TWO_FACTOR or not two_factor.is_required(current_user):
        return None
    if two_factor.is_enabled(current_user):
        return None
    return redirect(url_for("auth.account"))
