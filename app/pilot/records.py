"""Pages where the pilot lead records what sits beside the KPI: other measures per wave,
reference figures, place scores, review-point narratives and "You said, we did"."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.extensions import db
from app.models import Consultation, Group, Place, Wave
from app.models.pilot import PILOT_MEASURES
from app.permissions import requires
from app.pilot import blueprint
from app.pilot.forms import (
    REFERENCE_KIND_CHOICES,
    AssessmentForm,
    MeasuresForm,
    NarrativeForm,
    ReferenceForm,
    YouSaidWeDidForm,
    population_form,
)
from app.services import kpi, pilot
from app.templating import survey_text


def row_or_404(model, row_id: int):
    return db.session.get(model, row_id) or abort(404)


@blueprint.route("/waves/<int:wave_id>/measures", methods=["GET", "POST"])
@requires("manage_pilot_measures")
def measures(wave_id: int):
    wave = row_or_404(Wave, wave_id)
    entered = pilot.measures_by_wave().get(wave.id, {})
    form = MeasuresForm(data={name: row.value for name, row in entered.items()})
    if form.validate_on_submit():
        values = {name: form[name].data for name in PILOT_MEASURES}
        pilot.save_measures(wave, values, current_user)
        flash(_("Measures saved for %(wave)s.", wave=wave.name), "success")
        return redirect(url_for("pilot.dashboard"))
    return render_template("pilot/measures.html", wave=wave, form=form)


@blueprint.route("/waves/<int:wave_id>/narrative", methods=["GET", "POST"])
@requires("manage_pilot_measures")
def narrative(wave_id: int):
    wave = row_or_404(Wave, wave_id)
    saved = pilot.wave_report(wave)
    form = NarrativeForm(data={"narrative": saved.narrative if saved else ""})
    if form.validate_on_submit():
        pilot.save_wave_report(wave, form.narrative.data or "", current_user)
        flash(_("Narrative saved."), "success")
        return redirect(url_for("pilot.report", wave_id=wave.id))
    return render_template("pilot/narrative.html", wave=wave, form=form)


@blueprint.route("/references", methods=["GET", "POST"])
@requires("manage_pilot_measures")
def references():
    form = ReferenceForm()
    form.kind.choices = list(REFERENCE_KIND_CHOICES)
    constructs = kpi.construct_names()
    form.construct.choices = [(code, survey_text(text)) for code, text in constructs.items()]
    if form.validate_on_submit():
        pilot.add_reference(
            form.construct.data,
            form.share.data / 100,
            form.label.data,
            form.source.data,
            kind=form.kind.data,
        )
        flash(
            _("Target added.") if form.kind.data == "target" else _("Reference figure added."),
            "success",
        )
        return redirect(url_for("pilot.dashboard"))
    return render_template(
        "pilot/references.html",
        form=form,
        current=kpi.references(),
        targets=kpi.references("target"),
    )


@blueprint.route("/populations", methods=["GET", "POST"])
@requires("manage_pilot_measures")
def populations():
    """How many people each respondent group stands for, for weighted population estimates."""
    groups = db.session.scalars(select(Group).order_by(Group.name)).all()
    saved = pilot.population_sizes()
    data = {}
    for group_id, row in saved.items():
        data[f"population_{group_id}"], data[f"source_{group_id}"] = row.population, row.source
    form = population_form(groups, data=data)
    if form.validate_on_submit():
        values = {
            group.id: (form[f"population_{group.id}"].data, form[f"source_{group.id}"].data or "")
            for group in groups
        }
        pilot.save_population_sizes(values, current_user)
        flash(_("Population sizes saved."), "success")
        return redirect(url_for("pilot.populations"))
    return render_template("pilot/populations.html", form=form, groups=groups, saved=saved)


def wave_from_query() -> Wave | None:
    """The wave in ?wave=<id> (404 if there is no such wave), else the current one."""
    wave_id = request.args.get("wave", type=int)
    return row_or_404(Wave, wave_id) if wave_id is not None else pilot.current_wave()


@blueprint.route("/places/<int:place_id>/assessment", methods=["GET", "POST"])
@requires("manage_pilot_measures")
def assessment(place_id: int):
    place = row_or_404(Place, place_id)
    wave = wave_from_query()
    if wave is None:
        flash(_("Set up the waves first: scores are entered for one wave at a time."), "error")
        return redirect(url_for("pilot.places"))
    before = pilot.previous_wave(wave)
    form = AssessmentForm(obj=pilot.assessment(place, wave))
    if form.validate_on_submit():
        scores = {factor: form[factor].data for factor in pilot.ASSESSMENT_FACTORS}
        pilot.save_assessment(place, wave, scores, form.notes.data or "", current_user)
        flash(
            _("Scores saved for %(place)s, %(wave)s.", place=place.name, wave=wave.name), "success"
        )
        return redirect(url_for("pilot.places", wave=wave.id))
    return render_template(
        "pilot/assessment.html",
        place=place,
        wave=wave,
        waves=pilot.waves(),
        previous_wave=before,
        previous=pilot.assessment(place, before) if before else None,
        form=form,
    )


@blueprint.route("/consultations/<int:consultation_id>/you-said-we-did", methods=["GET", "POST"])
@requires("manage_pilot_measures")
def you_said_we_did(consultation_id: int):
    consultation = row_or_404(Consultation, consultation_id)
    form = YouSaidWeDidForm(obj=pilot.you_said_we_did(consultation))
    if form.validate_on_submit():
        fields = {name: form[name].data for name in ("you_said", "we_did", "child_friendly")}
        fields = {name: value or "" for name, value in fields.items()}
        pilot.save_you_said_we_did(
            consultation, {**fields, "is_published": form.is_published.data}, current_user
        )
        flash(_("Saved."), "success")
        return redirect(url_for("pilot.you_said_we_did", consultation_id=consultation.id))
    return render_template("pilot/you_said_we_did.html", consultation=consultation, form=form)
