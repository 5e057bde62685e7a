"""Two-factor sign-in pages: the code step after the password, setting it up on "Your account",
new recovery codes, turning it off, and an admin's reset of someone else's.
"""

from flask import abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.auth import blueprint
from app.auth.forms import CodeForm
from app.auth.views import PENDING, PENDING_SECONDS, log_in, now_timestamp, sign_in_message
from app.extensions import db
from app.models import User
from app.permissions import requires
from app.security import limit_sign_in
from app.services import two_factor
from app.services.auth import SignInError, check_code, load_user

CANDIDATE = "totp_candidate"  # a new secret shown on the set-up page, not yet proved


@blueprint.route("/sign-in/code", methods=["GET", "POST"])
@limit_sign_in
def sign_in_code():
    user = _pending_user()
    if user is None:
        session.pop(PENDING, None)
        flash(_("Please sign in again."), "info")
        return redirect(url_for("auth.sign_in"))
    form, error = CodeForm(), None
    if form.validate_on_submit():
        try:
            method = check_code(user, form.code.data)
        except SignInError as failure:
            error = _code_message(failure)
        else:
            response = log_in(user, method, session[PENDING]["next"])
            if method == "recovery_code":
                _flash_recovery_codes_left(user)
            return response
    elif form.is_submitted():
        error = _("Enter the 6-digit code from your authenticator app.")
    page = render_template("auth/sign_in_code.html", form=form, error=error)
    return page, (400 if error else 200)


def _pending_user() -> User | None:
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or now_timestamp() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    return load_user(pending.get("user", ""))


def _code_message(failure: SignInError) -> str:
    if failure.reason == "locked":
        return sign_in_message(failure)
    return _(
        "That code did not work. Enter the newest code from your app (check that the phone's "
        "clock is right), or one of your recovery codes."
    )


def _flash_recovery_codes_left(user: User) -> None:
    left = two_factor.remaining_recovery_codes(user)
    message = ngettext(
        "You used a recovery code. You have %(num)d left: make new ones on Your account.",
        "You used a recovery code. You have %(num)d left: make new ones on Your account.",
        left,
    )
    flash(message, "info")


@blueprint.route("/account", methods=["GET", "POST"])
@requires("use_staff_pages")
@limit_sign_in
def account():
    """Your account: set up two-factor sign-in, or see that it is on."""
    user = current_user._get_current_object()
    if two_factor.is_enabled(user):
        return _account_page(user, CodeForm())
    secret = session.get(CANDIDATE) or two_factor.new_secret()
    session[CANDIDATE] = secret
    form, error = CodeForm(), None
    if form.validate_on_submit():
        codes = two_factor.enable(user, secret, form.code.data)
        if codes is not None:
            session.pop(CANDIDATE, None)
            return render_template("auth/recovery_codes.html", codes=codes, first_time=True)
        error = _("That code did not work. Enter the newest code your app shows for Safe Voices.")
    elif form.is_submitted():
        error = _("Enter the 6-digit code from your authenticator app.")
    return _set_up_page(user, secret, form, error)


def _set_up_page(user: User, secret: str, form: CodeForm, error: str | None):
    page = render_template(
        "auth/account.html",
        form=form,
        error=error,
        enabled=False,
        required=two_factor.is_required(user),
        qr_code=two_factor.qr_data_uri(secret, user.email),
        secret=two_factor.readable_secret(secret),
    )
    return page, (400 if error else 200)


def _account_page(user: User, form: CodeForm, error: str | None = None):
    page = render_template(
        "auth/account.html",
        form=form,
        error=error,
        enabled=True,
        required=two_factor.is_required(user),
        codes_left=two_factor.remaining_recovery_codes(user),
    )
    return page, (400 if error else 200)


@blueprint.post("/account/recovery-codes")
@requires("use_staff_pages")
@limit_sign_in
def new_recovery_codes():
    user = current_user._get_current_object()
    form = CodeForm()
    if not two_factor.is_enabled(user):
        return redirect(url_for("auth.account"))
    if not (form.validate_on_submit() and two_factor.accept_code(user, form.code.data)):
        return _account_page(user, form, _("That code did not work. Enter the newest code."))
    codes = two_factor.new_recovery_codes(user)
    return render_template("auth/recovery_codes.html", codes=codes, first_time=False)


@blueprint.post("/account/two-factor-off")
@requires("use_staff_pages")
@limit_sign_in
def two_factor_off():
    user = current_user._get_current_object()
    form = CodeForm()
    if not two_factor.is_enabled(user):
        return redirect(url_for("auth.account"))
    if two_factor.is_required(user):
        return _account_page(user, form, _("Your role needs two-factor sign-in: it stays on."))
    if not (form.validate_on_submit() and two_factor.accept_code(user, form.code.data)):
        return _account_page(user, form, _("That code did not work. Enter the newest code."))
    two_factor.disable(user)
    flash(_("Two-factor sign-in is off. Your password alone now signs you in."), "info")
    return redirect(url_for("auth.account"))


@blueprint.post("/users/<int:user_id>/reset-two-factor")
@requires("manage_users")
def reset_two_factor(user_id: int):
    """For someone who lost their phone and their recovery codes; audited."""
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    if user.id == current_user.id:
        abort(403)  # your own: turn it off or make new codes on Your account
    two_factor.reset(user, current_user._get_current_object())
    flash(
        _(
            "Two-factor sign-in for %(email)s is reset and their sessions have ended. "
            "They set it up again when they next sign in.",
            email=user.email,
        ),
        "info",
    )
    return redirect(url_for("admin.users"))
