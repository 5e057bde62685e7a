"""Staff sessions: Flask-Login wiring and the idle timeout."""

from datetime import UTC, datetime

from flask import Flask, flash, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user

from app.extensions import login_manager
from app.services.auth import load_user

IDLE_MINUTES_DEFAULT = 30


def init_sessions(app: Flask) -> None:
    app.config.setdefault("STAFF_IDLE_MINUTES", IDLE_MINUTES_DEFAULT)
    app.config.setdefault("PERMANENT_SESSION_LIFETIME", 60 * 60 * 12)
    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = _l("Please sign in to see that page.")
    login_manager.session_protection = "strong"
    login_manager.user_loader(load_user)
    app.before_request(_expire_idle_sessions)


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
