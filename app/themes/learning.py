"""Emerging themes offered to the codebook, and what the classifier has learnt from coding."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import format_percent, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from analysis.classifier import MIN_NEGATIVES, MIN_POSITIVES, TRAINED
from analysis.codebook import CodebookError
from app.dashboard.views import consultation_or_404
from app.permissions import requires
from app.services import theme_figures, themes
from app.themes import blueprint
from app.themes.forms import ActionForm, CodebookThemeForm
from app.themes.views import chosen_consultation, theme_labels


def candidate_form(candidate, index: int) -> CodebookThemeForm:
    """The "Add to codebook" form for one emerging theme, filled in from its phrases."""
    form = CodebookThemeForm(prefix=f"e{index}", formdata=None)
    form.theme_id.data = "_".join(candidate.label.split())[:63]
    form.label.data = candidate.label.capitalize()
    form.terms.data = ", ".join(phrase for phrase, _count in candidate.phrases)
    return form


@blueprint.get("/emerging")
@requires("view_themes")
def emerging():
    consultation = chosen_consultation()
    candidates = theme_figures.emerging(consultation)
    return render_template(
        "themes/emerging.html",
        consultation=consultation,
        candidates=candidates,
        forms=[candidate_form(c, index) for index, c in enumerate(candidates)],
    )


@blueprint.post("/codebook")
@requires("manage_codebook")
def add_to_codebook():
    prefix = request.form.get("prefix", "")
    form = CodebookThemeForm(prefix=prefix if prefix[:1] == "e" and prefix[1:].isdigit() else "")
    if not form.validate_on_submit():
        problems = "; ".join(
            f"{form[name].label.text}: {error}" if name in form else str(error)
            for name, errors in form.errors.items()
            for error in errors
        )
        flash(_("The theme was not added: %(problems)s", problems=problems), "error")
    else:
        try:
            grown = themes.add_emerging_theme(
                current_user,
                form.theme_id.data,
                form.label.data,
                form.description.data,
                form.term_list(),
            )
        except CodebookError as error:
            flash(_("The theme was not added: %(problems)s", problems=str(error)), "error")
        else:
            flash(
                _(
                    "“%(label)s” is in the codebook (version %(version)d). Analyse new answers "
                    "to use it.",
                    label=form.label.data,
                    version=grown.version,
                ),
                "info",
            )
    return redirect(url_for("themes.emerging", consultation=request.args.get("consultation")))


@blueprint.get("/classifier")
@requires("view_themes")
def classifier():
    consultation = chosen_consultation()
    reports = themes.train_models().reports
    return render_template(
        "themes/classifier.html",
        consultation=consultation,
        reports=[reports[theme_id] for theme_id in theme_labels() if theme_id in reports],
        labels=theme_labels(),
        trained=TRAINED,
        min_positives=MIN_POSITIVES,
        min_negatives=MIN_NEGATIVES,
        form=ActionForm(),
        format_percent=format_percent,
    )


@blueprint.post("/<int:consultation_id>/suggestions")
@requires("code_themes")
def suggestions(consultation_id: int):
    consultation = consultation_or_404(consultation_id)
    if ActionForm().validate_on_submit():
        run = themes.suggest_from_model(consultation)
        flash(
            ngettext(
                "%(num)d new suggestion from what people coded.",
                "%(num)d new suggestions from what people coded.",
                run.added,
            ),
            "info",
        )
    return redirect(url_for("themes.classifier", consultation=consultation.id))
