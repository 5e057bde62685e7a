"""The staff home page and one consultation's overview."""

from flask import abort, current_app, render_template, request
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


def public_base_url() -> str:
    """Where respondents reach us: set PUBLIC_BASE_URL when a proxy changes the host."""
    return current_app.config.get("PUBLIC_BASE_URL") or request.host_url


def page_number() -> int:
    """The ?page= of a paged staff list: a whole number from 1, anything else is page 1."""
    page = request.args.get("page", "1")
    return int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1


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
    link = distribution.respondent_url(item, public_base_url())
    return render_template(
        "dashboard/consultation.html",
        consultation=item,
        link=link,
        complete=complete,
        partial=partial,
        state=consultations.availability(item),
        survey=consultations.survey_for(item),
        qr_preview=distribution.qr_data_uri(link),
    )
