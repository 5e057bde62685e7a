"""Creating and changing consultations, and moving them through their lifecycle."""

from datetime import UTC

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import to_user_timezone, to_utc
from flask_login import current_user

from app.admin import blueprint
from app.admin.forms import ConsultationForm, StatusForm
from app.dashboard.views import consultation_or_404
from app.extensions import db
from app.i18n import LANGUAGES
from app.models import Consultation, Group, Place, Wave
from app.permissions import requires
from app.services import consultations, setup
from app.staff_templating import STATUS_NAMES


def _choices(form: ConsultationForm) -> None:
    form.survey.choices = [
        (str(row.id), f"{row.title} (v{row.version})") for row in consultations.survey_rows()
    ]
    form.groups.choices = [(group.id, group.name) for group in setup.groups()]
    form.place.choices = [(0, _("No place"))] + [(p.id, p.name) for p in setup.localities()]
    form.wave.choices = [(0, _("No wave"))] + [(w.id, w.name) for w in setup.waves()]
    form.languages.choices = list(LANGUAGES.items())


def _fields(form: ConsultationForm) -> dict:
    languages = form.languages.data or []
    return {
        "title": form.title.data.strip(),
        "slug": form.slug.data,
        "survey_pk": int(form.survey.data),
        "groups": [db.session.get(Group, gid) for gid in form.groups.data or []],
        "place": db.session.get(Place, form.place.data) if form.place.data else None,
        "wave": db.session.get(Wave, form.wave.data) if form.wave.data else None,
        "languages": ["en"] + [code for code in languages if code != "en"],
        "opens_at": _utc(form.opens_at.data),
        "closes_at": _utc(form.closes_at.data),
        "help_contact": (form.help_contact.data or "").strip(),
        "target_per_group": form.target_per_group.data,
    }


def _utc(local):
    """A UK-time form value as an aware UTC instant (flask_babel.to_utc returns it naive)."""
    return to_utc(local).replace(tzinfo=UTC) if local else None


@blueprint.route("/consultations/new", methods=["GET", "POST"])
@requires("manage_consultations")
def new_consultation():
    form = ConsultationForm()
    _choices(form)
    if form.validate_on_submit():
        try:
            item = consultations.save(current_user._get_current_object(), None, _fields(form))
        except consultations.ConsultationError as error:
            form.slug.errors.append(str(error))
        else:
            flash(_("Consultation created as a draft. Open it when you are ready."), "info")
            return redirect(url_for("dashboard.consultation", consultation_id=item.id))
    return render_template(
        "admin/consultation_form.html", form=form, consultation=None, status_form=None
    ), (400 if form.errors else 200)


@blueprint.route("/consultations/<int:consultation_id>/edit", methods=["GET", "POST"])
@requires("manage_consultations")
def edit_consultation(consultation_id: int):
    item = consultation_or_404(consultation_id)
    form = ConsultationForm(obj=_form_data(item))
    _choices(form)
    if form.validate_on_submit():
        try:
            consultations.save(current_user._get_current_object(), item, _fields(form))
        except consultations.ConsultationError as error:
            form.slug.errors.append(str(error))
        else:
            flash(_("Changes saved."), "info")
            return redirect(url_for("dashboard.consultation", consultation_id=item.id))
    return render_template(
        "admin/consultation_form.html", form=form, consultation=item, status_form=_status_form(item)
    ), (400 if form.errors else 200)


@blueprint.post("/consultations/<int:consultation_id>/status")
@requires("manage_consultations")
def change_status(consultation_id: int):
    item = consultation_or_404(consultation_id)
    form = _status_form(item)
    if form.validate_on_submit():
        try:
            consultations.change_status(current_user._get_current_object(), item, form.status.data)
        except consultations.ConsultationError as error:
            flash(str(error), "error")
        else:
            flash(
                _("The consultation is now %(status)s.", status=STATUS_NAMES[item.status]), "info"
            )
    else:
        flash(_("Choose a new status."), "error")
    return redirect(url_for("dashboard.consultation", consultation_id=item.id))


def _status_form(item: Consultation) -> StatusForm:
    form = StatusForm(prefix="status")
    form.status.choices = [
        (s, str(STATUS_NAMES[s])) for s in consultations.TRANSITIONS[item.status]
    ]
    return form


def _local(moment):
    """An aware UTC instant as the naive UK time a datetime-local field shows."""
    return to_user_timezone(moment).replace(tzinfo=None) if moment else None


class _FormData:
    """The consultation's values in the shapes the form fields expect."""

    def __init__(self, item: Consultation):
        self.title, self.slug, self.help_contact = item.title, item.slug, item.help_contact
        self.survey = str(item.survey_pk)
        self.groups = [group.id for group in item.groups]
        self.place, self.wave = item.place_id or 0, item.wave_id or 0
        self.languages = list(item.languages or ["en"])
        self.target_per_group = item.target_per_group
        self.opens_at = (
            to_user_timezone(item.opens_at).replace(tzinfo=None) if item.opens_at else None
        )
        self.closes_at = (
            to_user_timezone(item.closes_at).replace(tzinfo=None) if item.closes_at else None
        )


def _form_data(item: Consultation) -> _FormData:
    return _FormData(item)
