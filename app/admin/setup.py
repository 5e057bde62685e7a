"""Groups, places (a pilot place and its named spots) and waves."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import blueprint
from app.admin.forms import GroupForm, PlaceForm, WaveForm
from app.permissions import requires
from app.services import setup


def _forms():
    place_form = PlaceForm(prefix="place")
    place_form.parent.choices = [(0, _("Nothing: this is a pilot place"))] + [
        (place.id, place.name) for place in setup.localities()
    ]
    return GroupForm(prefix="group"), place_form, WaveForm(prefix="wave")


@blueprint.route("/setup", methods=["GET", "POST"], endpoint="setup")
@requires("manage_setup")
def setup_page():
    group_form, place_form, wave_form = _forms()
    user = current_user._get_current_object()
    which = request.form.get("which")
    try:
        if which == "group" and group_form.validate_on_submit():
            setup.add_group(
                user, group_form.name.data, group_form.slug.data, group_form.public_label.data or ""
            )
            return _done(_("Group added."))
        if which == "place" and place_form.validate_on_submit():
            setup.add_place(
                user, place_form.name.data, place_form.slug.data, place_form.parent.data or None
            )
            return _done(_("Place added."))
        if which == "wave" and wave_form.validate_on_submit():
            setup.add_wave(
                user, wave_form.name.data, wave_form.starts_on.data, wave_form.ends_on.data
            )
            return _done(_("Wave added."))
    except setup.SetupError as error:
        flash(str(error), "error")
    failed = request.method == "POST"
    return render_template(
        "admin/setup.html",
        group_form=group_form,
        place_form=place_form,
        wave_form=wave_form,
        groups=setup.groups(),
        places=setup.localities(),
        waves=setup.waves(),
    ), (400 if failed else 200)


def _done(message: str):
    flash(message, "info")
    return redirect(url_for("admin.setup"))
