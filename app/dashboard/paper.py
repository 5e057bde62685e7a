"""Keying in paper answers: the whole survey on one page, saved as a "paper" response."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from app.dashboard import blueprint
from app.dashboard.views import consultation_or_404
from app.permissions import requires
from app.questionnaire.answers import choices_for, parse_answer
from app.questionnaire.types import AnswerError
from app.services import consultations, paper


@blueprint.route("/consultations/<int:consultation_id>/paper", methods=["GET", "POST"])
@requires("enter_paper_responses")
def paper_entry(consultation_id: int):
    item = consultation_or_404(consultation_id)
    survey = consultations.survey_for(item)
    # Each question's named places, read once for the page and for checking what was keyed in.
    places = {q.id: consultations.offered_places(item, q) for q in survey.questions}
    errors: dict[str, str] = {}
    if request.method == "POST":
        parsed, errors = _parse_all(survey, places)
        about = paper.About(
            age_band=request.form.get("age_band") or None,
            group_slug=request.form.get("group") or None,
            language=request.form.get("language") or "en",
        )
        if not errors:
            try:
                paper.record(current_user._get_current_object(), item, survey, about, parsed)
            except paper.PaperError as problem:
                errors["about"] = str(problem)
            else:
                flash(_("Paper response saved. You can key in the next one."), "info")
                return redirect(url_for("dashboard.paper_entry", consultation_id=item.id))
    return render_template(
        "dashboard/paper.html",
        consultation=item,
        survey=survey,
        errors=errors,
        choices={q.id: choices_for(q, places[q.id]) for q in survey.questions},
    ), (400 if errors else 200)


def _parse_all(survey, places: dict[str, list[tuple[str, str]]]):
    parsed, errors = {}, {}
    for question in survey.questions:
        if question.type == "info":
            continue
        values = MultiDict({"answer": request.form.getlist(f"q-{question.id}")})
        if not any(v.strip() for v in values.getlist("answer")):
            continue  # left blank on paper: nothing to store
        try:
            parsed[question.id] = parse_answer(question, values, False, places[question.id])
        except AnswerError as problem:
            errors[question.id] = str(problem)
    return parsed, errors
