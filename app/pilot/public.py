"""The public "You said, we did" page for a consultation, linked from its thank-you page.

It lives at /s/<slug>/you-said-we-did beside the respondent pages, outside the staff prefix, so
the rule is added to the app when the pilot blueprint is registered.
"""

from types import SimpleNamespace

from flask import abort, render_template

from app.pilot import blueprint
from app.services import pilot
from app.services.consultations import find_by_slug


def public_you_said_we_did(slug: str):
    consultation = find_by_slug(slug)
    entry = pilot.you_said_we_did(consultation) if consultation else None
    if entry is None or not entry.is_published:
        abort(404)
    # _page.html takes the Get help link from the journey's consultation.
    journey = SimpleNamespace(consultation=consultation)
    return render_template("pilot/public_you_said_we_did.html", entry=entry, journey=journey)


@blueprint.record_once
def _add_public_rule(state) -> None:
    state.app.add_url_rule(
        "/s/<slug>/you-said-we-did", "you_said_we_did_public", public_you_said_we_did
    )


@blueprint.app_template_global()
def has_you_said_we_did(consultation) -> bool:
    """Whether the thank-you page should link to a published "You said, we did" page."""
    entry = pilot.you_said_we_did(consultation)
    return entry is not None and entry.is_published
