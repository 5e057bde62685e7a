"""The staff home page and one consultation's overview."""

from flask import abort, render_template
from sqlalchemy import select

from app.dashboard import blueprint
from app.extensions import db
from app.models import Consultation
from app.permissions import requires
from app.services import consultations, distribution, reporting


@blueprint.get("/")
@requires("use_staff_pages")
def home():
    rows = list(db.session.scalars(select(Consultation).order_by(Consultation.created_at.desc())))
    counts = reporting.response_counts([c.id for c in rows])
    return render_template(
        "dashboard/home.html",
        consultations=rows,
        counts=counts,
        availability=consultations.availability,
    )


def consultation_or_404(consultation_id: int) -> Consultation:
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None:
        abort(404)
    return consultation


@blueprint.get("/consultations/<int:consultation_id>")
@requires("view_responses")
def consultation(consultation_id: int):
    item = consultation_or_404(consultation_id)
    complete, partial = reporting.response_counts([item.id]).get(item.id, (0, 0))
    from app.dashboard.distribution import public_base_url

    link = distribution.respondent_url(item, public_base_url())
    return render_template(
        "dashboard/consultation.html",
        consultation=item,
        link=link,
        complete=complete,
        partial=partial,
        state=consultations.availability(item),
        survey=consultations.survey_for(item),
    )
