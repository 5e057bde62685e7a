"""Getting a consultation to people: its QR code (SVG and PNG) and a printable A4 poster."""

from flask import Response, render_template
from flask_babel import force_locale, gettext

from app.dashboard import blueprint
from app.dashboard.views import consultation_or_404, public_base_url
from app.permissions import requires
from app.services import distribution


def N_(text: str) -> str:  # noqa: N802 - the conventional gettext no-op marker
    return text


POSTER_LINES = (
    # Shown on the poster once per language the consultation offers.
    N_(
        "Tell us how safe you feel. Scan the code with your phone camera, or type the link. "
        "You don't need to give your name."
    ),
)


def _download(body, mimetype: str, filename: str) -> Response:
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@blueprint.get("/consultations/<int:consultation_id>/qr.svg")
@requires("manage_consultations")
def qr_svg(consultation_id: int):
    item = consultation_or_404(consultation_id)
    url = distribution.respondent_url(item, public_base_url())
    return _download(distribution.qr_svg(url), "image/svg+xml", f"{item.slug}-qr.svg")


@blueprint.get("/consultations/<int:consultation_id>/qr.png")
@requires("manage_consultations")
def qr_png(consultation_id: int):
    item = consultation_or_404(consultation_id)
    url = distribution.respondent_url(item, public_base_url())
    return _download(distribution.qr_png(url), "image/png", f"{item.slug}-qr.png")


@blueprint.get("/consultations/<int:consultation_id>/poster")
@requires("manage_consultations")
def poster(consultation_id: int):
    item = consultation_or_404(consultation_id)
    context = distribution.poster_context(item, public_base_url())
    return render_template(
        "dashboard/poster.html",
        consultation=item,
        poster=context,
        invitations=_invitations(context.languages),
    )


def _invitations(languages) -> list[tuple[str, str, str]]:
    """(code, autonym, invitation) per language; a language without its own words is listed by
    name only, so the poster never repeats English under another language's name."""
    english = POSTER_LINES[0]
    rows = []
    for code, name in languages:
        with force_locale(code):
            words = gettext(english)
        rows.append((code, name, words if code == "en" or words != english else ""))
    return rows
