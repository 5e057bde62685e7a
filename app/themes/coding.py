"""The coding page: people accept, reject and add themes, and translate answers to theme them."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_percent, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.dashboard.views import consultation_or_404, page_number
from app.permissions import requires
from app.services import theme_coding, themes
from app.themes import blueprint
from app.themes.forms import ActionForm, AddThemeForm, TranslationForm
from app.themes.tables import STANCE_NAMES
from app.themes.views import theme_labels

SOURCE_NAMES = {
    # Translators: who suggested a theme for an answer
    "auto": _l("codebook words"),
    "human": _l("a person"),
    "model": _l("learnt from coding"),
}
DECISION_NAMES = {
    "suggested": _l("Suggested"),
    "accepted": _l("Accepted"),
    "rejected": _l("Rejected"),
}


def add_theme_form(answer_id: int, labels: dict[str, str]) -> AddThemeForm:
    form = AddThemeForm(prefix=f"a{answer_id}")
    form.theme.choices = [("", _("Choose a theme"))] + sorted(labels.items(), key=lambda i: i[1])
    return form


@blueprint.get("/<int:consultation_id>/coding")
@requires("view_themes")
def coding(consultation_id: int):
    consultation = consultation_or_404(consultation_id)
    show = request.args.get("show", "all")
    show = show if show in theme_coding.CODING_FILTERS else "all"
    page = page_number()
    items, total = theme_coding.coding_items(consultation, page, show)
    labels = theme_labels()
    return render_template(
        "themes/coding.html",
        consultation=consultation,
        items=items,
        total=total,
        page=page,
        page_size=theme_coding.CODING_PAGE_SIZE,
        show=show,
        labels=labels,
        stance_names=STANCE_NAMES,
        source_names=SOURCE_NAMES,
        decision_names=DECISION_NAMES,
        decide_form=ActionForm(),
        add_forms={
            i.analysis.answer_id: add_theme_form(i.analysis.answer_id, labels) for i in items
        },
        translation_forms={
            i.analysis.answer_id: TranslationForm(prefix=f"t{i.analysis.answer_id}") for i in items
        },
        english_text=themes.english_text,
        format_percent=format_percent,
    )


def _back(consultation_id: int):
    """To the coding page the person came from, keeping its page and filter."""
    page = request.form.get("page", "1")
    show = request.form.get("show", "all")
    return redirect(
        url_for(
            "themes.coding",
            consultation_id=consultation_id,
            page=page if page.isdigit() else 1,
            show=show if show in theme_coding.CODING_FILTERS else "all",
        )
    )


def _chosen_decision() -> tuple[list[int], str]:
    """The rows and decision a person chose: one row's own button, or the ticked rows."""
    one = request.form.get("one", "")
    row, _sep, decision = one.partition(":")
    if row.isdigit():
        return [int(row)], decision
    rows = [int(value) for value in request.form.getlist("row") if value.isdigit()]
    return rows, request.form.get("decision", "")


@blueprint.post("/<int:consultation_id>/decisions")
@requires("code_themes")
def decisions(consultation_id: int):
    consultation = consultation_or_404(consultation_id)
    rows, decision = _chosen_decision()
    if not ActionForm().validate_on_submit() or decision not in themes.HUMAN_DECISIONS:
        flash(_("Nothing changed: choose accept or reject."), "error")
    elif not rows:
        flash(_("Nothing changed: tick the themes to accept or reject first."), "error")
    else:
        changed = themes.decide(current_user, rows, decision, consultation)
        flash(ngettext("%(num)d theme updated.", "%(num)d themes updated.", changed), "info")
    return _back(consultation.id)


def _answer_or_404(answer_id: int):
    answer = theme_coding.analysed_answer(answer_id)
    if answer is None:
        abort(404)
    return answer


@blueprint.post("/answers/<int:answer_id>/themes")
@requires("code_themes")
def add_theme(answer_id: int):
    answer = _answer_or_404(answer_id)
    form = add_theme_form(answer_id, theme_labels())
    if form.validate_on_submit():
        themes.add_theme(current_user, answer, form.theme.data)
        flash(_("Theme added."), "info")
    else:
        flash(_("Nothing changed: choose a theme from the list."), "error")
    return _back(answer.response.consultation_id)


@blueprint.post("/answers/<int:answer_id>/translation")
@requires("code_themes")
def translation(answer_id: int):
    answer = _answer_or_404(answer_id)
    form = TranslationForm(prefix=f"t{answer_id}")
    if form.validate_on_submit():
        themes.add_translation(current_user, answer, form.translation.data)
        flash(_("Translation saved and themed. The original answer is kept."), "info")
    else:
        flash(_("Nothing changed: write the English translation first."), "error")
    return _back(answer.response.consultation_id)
