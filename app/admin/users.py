"""Staff accounts: list, add, switch off and on again."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.admin import blueprint
from app.admin.forms import UserForm
from app.extensions import db
from app.models import ROLES, User
from app.permissions import requires
from app.services import audit, users
from app.staff_templating import ROLE_NAMES


@blueprint.route("/users", methods=["GET", "POST"], endpoint="users")
@requires("manage_users")
def users_page():
    form = UserForm()
    form.role.choices = [(role, str(ROLE_NAMES[role])) for role in ROLES]
    if form.validate_on_submit():
        try:
            user = users.create_user(
                form.email.data, form.role.data, form.password.data, form.name.data or ""
            )
        except users.UserError as error:
            form.email.errors.append(str(error))
        else:
            audit.record(
                "user_created",
                current_user._get_current_object(),
                target=user.email,
                role=user.role,
            )
            db.session.commit()
            flash(_("Account created for %(email)s.", email=user.email), "info")
            return redirect(url_for("admin.users"))
    everyone = list(db.session.scalars(select(User).order_by(User.email)))
    status = 400 if form.errors else 200
    return render_template("admin/users.html", form=form, users=everyone), status


@blueprint.post("/users/<int:user_id>/active")
@requires("manage_users")
def toggle_user(user_id: int):
    user = db.session.get(User, user_id)
    if user is None:
        return redirect(url_for("admin.users"))
    if user.id == current_user.id:
        flash(_("You cannot switch off your own account."), "error")
        return redirect(url_for("admin.users"))
    user.is_active = not user.is_active
    user.session_version += 1  # switching off signs the person out everywhere
    audit.record(
        "user_enabled" if user.is_active else "user_disabled",
        current_user._get_current_object(),
        target=user.email,
    )
    db.session.commit()
    flash(
        _("%(email)s can now sign in.", email=user.email)
        if user.is_active
        else _("%(email)s can no longer sign in.", email=user.email),
        "info",
    )
    return redirect(url_for("admin.users"))
