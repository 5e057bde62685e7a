"""The safeguarding queue, one flag with the child's full words, the outcome form and the outbox.

These are the only staff pages that show an answer unredacted. Every page view and every
outcome is written to the audit log.
"""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.extensions import db
from app.models import OutboxEmail, SafeguardingFlag, User
from app.models.types import utcnow
from app.permissions import requires
from app.safeguarding import blueprint
from app.safeguarding.forms import OUTCOME_NAMES, SEVERITY_NAMES, OutcomeForm
from app.services import consultations, safeguarding

OUTBOX_PAGE_SIZE = 200


@blueprint.get("/")
@requires("review_safeguarding")
def queue():
    waiting, reviewed = safeguarding.queue()
    safeguarding.record_view(None, _viewer(), what="queue")
    return render_template(
        "safeguarding/queue.html",
        waiting=waiting,
        reviewed=reviewed,
        waited=_waited,
        severity_names=SEVERITY_NAMES,
        outcome_names=OUTCOME_NAMES,
    )


@blueprint.route("/<int:flag_id>", methods=["GET", "POST"])
@requires("review_safeguarding")
def flag(flag_id: int):
    item = db.session.get(SafeguardingFlag, flag_id) or abort(404)
    form = OutcomeForm(obj=item)
    if form.validate_on_submit():
        safeguarding.record_outcome(item, form.outcome.data, form.notes.data or "", _viewer())
        flash(_("Outcome recorded for flag %(id)s.", id=item.id), "info")
        return redirect(url_for(".queue"))
    safeguarding.record_view(item, _viewer())
    response = item.answer.response
    survey = consultations.survey_for(response.consultation)
    return render_template(
        "safeguarding/flag.html",
        flag=item,
        form=form,
        response=response,
        question=survey.question(item.answer.question_id),
        categories=safeguarding.category_names(item),
        reviewer=db.session.get(User, item.reviewer_id) if item.reviewer_id else None,
        waited=_waited,
        severity_names=SEVERITY_NAMES,
        outcome_names=OUTCOME_NAMES,
    ), (400 if form.errors else 200)


@blueprint.get("/outbox")
@requires("review_safeguarding")
def outbox():
    query = select(OutboxEmail).order_by(OutboxEmail.id.desc()).limit(OUTBOX_PAGE_SIZE)
    emails = list(db.session.scalars(query))
    safeguarding.record_view(None, _viewer(), what="outbox")
    return render_template("safeguarding/outbox.html", emails=emails)


def _viewer() -> User:
    return current_user._get_current_object()


def _waited(flag: SafeguardingFlag) -> str:
    """How long an unreviewed flag has waited, in words: "2 hours"."""
    return format_timedelta(utcnow() - flag.created_at, threshold=1.0)
