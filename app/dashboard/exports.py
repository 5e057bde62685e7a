"""Downloads of a consultation's responses: CSV, XLSX, JSON and an aggregate summary."""

from flask import Response, abort
from flask_login import current_user

from app.dashboard import blueprint
from app.dashboard.views import consultation_or_404
from app.extensions import db
from app.permissions import requires
from app.services import audit, exports

FORMATS = {
    "csv": ("text/csv; charset=utf-8", lambda c: exports.to_csv(c, bom=True)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", exports.to_xlsx),
    "json": ("application/json", exports.to_json),
    "summary.csv": ("text/csv; charset=utf-8", lambda c: exports.summary_to_csv(c, bom=True)),
}


@blueprint.get("/consultations/<int:consultation_id>/export.<path:export_format>")
@requires("export_responses")
def export(consultation_id: int, export_format: str):
    item = consultation_or_404(consultation_id)
    if export_format not in FORMATS:
        abort(404)
    mimetype, render = FORMATS[export_format]
    body = render(item)
    audit.record(
        "export", current_user._get_current_object(), target=item.slug, format=export_format
    )
    db.session.commit()
    filename = f"{item.slug}-responses.{export_format}"
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
