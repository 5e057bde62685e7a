"""Responses of one consultation: a filtered list and each response with its answers."""

from datetime import date

from flask import abort, render_template, request

from app.dashboard import blueprint
from app.dashboard.views import consultation_or_404, page_number
from app.i18n import LANGUAGES
from app.models import MODES
from app.permissions import requires
from app.services import consultations, reporting


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def filters_from(args) -> reporting.ResponseFilters:
    return reporting.ResponseFilters(
        group=args.get("group", "")[:64],
        age_band=args.get("age_band", "")[:16],
        language=args.get("language", "")[:16],
        status=args.get("status", "") if args.get("status") in ("complete", "partial") else "",
        mode=args.get("mode", "") if args.get("mode") in MODES else "",
        since=_date(args.get("since")),
        until=_date(args.get("until")),
    )


@blueprint.get("/consultations/<int:consultation_id>/responses")
@requires("view_responses")
def responses(consultation_id: int):
    item = consultation_or_404(consultation_id)
    filters = filters_from(request.args)
    page = page_number()
    rows, total = reporting.list_responses(item, filters, page)
    survey = consultations.survey_for(item)
    return render_template(
        "dashboard/responses.html",
        consultation=item,
        responses=rows,
        total=total,
        filters=filters,
        page=page,
        page_size=reporting.PAGE_SIZE,
        survey=survey,
        languages=LANGUAGES,
        modes=MODES,
    )


@blueprint.get("/consultations/<int:consultation_id>/responses/<int:response_id>")
@requires("view_responses")
def response(consultation_id: int, response_id: int):
    item = consultation_or_404(consultation_id)
    found = reporting.get_response(item, response_id)
    if found is None:
        abort(404)
    survey = consultations.survey_for(item)
    places = dict(consultations.place_choices(item))
    answers = {a.question_id: a for a in found.answers}
    return render_template(
        "dashboard/response.html",
        consultation=item,
        response=found,
        survey=survey,
        answers=answers,
        places=places,
        display_value=reporting.display_value,
    )
