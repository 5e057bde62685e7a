"""Uploading a place's map: the image that 'map' questions show, with words describing it."""

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import blueprint
from app.admin.forms import PlaceMapForm
from app.permissions import requires
from app.services import place_maps


@blueprint.route("/setup/places/<slug>/map", methods=["GET", "POST"], endpoint="place_map")
@requires("manage_setup")
def place_map_page(slug: str):
    place = place_maps.find_place(slug)
    if place is None or place.parent_id is not None:
        abort(404)  # maps belong to a pilot place, not to one of its named places
    existing = place_maps.map_of(place.slug)
    form = PlaceMapForm()
    if existing is not None and not form.is_submitted():
        form.alt_text.data = existing.alt_text
    if form.validate_on_submit():
        data = _read_upload(form.image.data)
        try:
            place_maps.save_map(current_user._get_current_object(), place, data, form.alt_text.data)
        except place_maps.PlaceMapError as problem:
            form.image.errors = [*form.image.errors, str(problem)]
        else:
            flash(_("The map of %(place)s is saved.", place=place.name), "info")
            return redirect(url_for("admin.place_map", slug=place.slug))
    return render_template("admin/place_map.html", place=place, place_map=existing, form=form), (
        400 if form.errors else 200
    )


def _read_upload(upload) -> bytes:
    """At most one byte over the limit: enough to say it is too big without holding it all."""
    if not upload:
        return b""
    try:
        return upload.read(place_maps.MAX_BYTES + 1)
    finally:
        upload.close()  # a large upload is spooled to a temporary file: let it go now


@blueprint.get("/setup/places/<slug>/map/image", endpoint="place_map_image")
@requires("manage_setup")
def place_map_image(slug: str):
    """The uploaded image, for the admin's preview (respondents get it from their own route)."""
    place_map = place_maps.map_of(slug)
    if place_map is None:
        abort(404)
    response = Response(place_map.image, mimetype=place_map.content_type)
    response.headers["Cache-Control"] = "private, no-cache"
    return response
