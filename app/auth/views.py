"""Sign in (password, then a code when two-factor sign-in is on), sign out, sign out everywhere."""

from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app.auth import blueprint
from app.auth.forms import SignInForm
from app.extensions import db
from app.permissions import requires
from app.security import limit_sign_in
from app.services import audit, two_factor
from app.services.auth import SignInError, authenticate, complete_sign_in, sign_out_everywhere

PENDING = "pending_sign_in"  # the session key of a password accepted, waiting for its code
PENDING_SECONDS = 5 * 60


@blueprint.route("/sign-in", methods=["GET", "POST"])
@limit_sign_in
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.home"))
    form = SignInForm()
    error = None
    if form.validate_on_submit():
        try:
            user = authenticate(form.email.data, form.password.data)
        except SignInError as failure:
            error = sign_in_message(failure)
        else:
            target = _safe_next(request.args.get("next"))
            if two_factor.is_enabled(user):
                return _ask_for_code(user, target)
            return log_in(user, "password", target)
    elif form.is_submitted():
        error = _("Enter your e-mail address and password.")
    return render_template("auth/sign_in.html", form=form, error=error), (400 if error else 200)


def _ask_for_code(user, target: str):
    session.clear()
    session[PENDING] = {"user": user.get_id(), "next": target, "at": now_timestamp()}
    return redirect(url_for("auth.sign_in_code"))


def log_in(user, method: str, target: str):
    """Both steps passed: audit, then a brand-new session for the signed-in user."""
    complete_sign_in(user, method)
    session.clear()  # a fresh session at sign-in: nothing carried over from before
    login_user(user)
    session["last_seen"] = now_timestamp()
    return redirect(target)


def now_timestamp() -> float:
    return datetime.now(UTC).timestamp()


def sign_in_message(failure: SignInError) -> str:
    if failure.reason == "locked":
        return _(
            "Too many attempts. For safety, this account is locked until %(time)s. "
            "Try again then, or ask an administrator.",
            time=format_datetime(failure.locked_until, "HH:mm"),
        )
    return _("That e-mail address and password do not match an account.")


def _safe_next(target: str | None) -> str:
    """Only ever redirect within our own staff pages."""
    if (
        target
        and target.startswith("/staff")
        and not urlsplit(target).netloc
        and "//" not in target
    ):
        return target
    return url_for("dashboard.home")


@blueprint.post("/sign-out")
@requires("use_staff_pages")
def sign_out():
    audit.record("sign_out", current_user._get_current_object())
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.sign_in"))


@blueprint.post("/sign-out-everywhere")
@requires("use_staff_pages")
def sign_out_everywhere_view():
    sign_out_everywhere(current_user._get_current_object())
    logout_user()
    session.clear()
    flash(_("You have signed out on every device."), "info")
    return redirect(url_for("auth.sign_in"))
