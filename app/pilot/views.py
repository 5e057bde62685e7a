"""The pilot dashboard: the KPI per wave with intervals and changes, coverage, other measures,
places of concern, a CSV of every figure and the printable board report."""

import csv
import io

from flask import Response, abort, render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.models import Consultation, Place, Wave
from app.permissions import requires
from app.pilot import blueprint
from app.pilot.charts import breakdown_figure, series_name, trend_figure
from app.pilot.forms import MEASURE_LABELS
from app.services import kpi, pilot
from app.themes.views import plotly_version

WINDOWS = {
    1: _l("Each wave on its own"),
    2: _l("Rolling 6 months (2 waves)"),
    4: _l("Rolling 12 months (4 waves)"),
}


def chosen(model):
    """The row picked by slug in ?consultation= or ?place=, or None."""
    slug = request.args.get(model.__tablename__[:-1], "")
    return db.session.scalar(select(model).filter_by(slug=slug)) if slug else None


def chosen_view() -> tuple[str | None, int]:
    by = request.args.get("by", "")
    window = request.args.get("window", "1")
    return (by if by in kpi.BREAKDOWNS else None), (int(window) if window in ("2", "4") else 1)


def kpi_sections(consultation, place, by, window) -> list[dict]:
    """Per KPI question: its series, trend and breakdown charts, reference and coverage."""
    rows = kpi.count_rows(consultation, place)
    found = kpi.series(rows, by, window)
    estimates = kpi.population_estimates(rows, found, consultation, place)
    names = {wave.position: wave.name for wave in pilot.waves()}
    references, targets = kpi.references(), kpi.references("target")
    labels = {**pilot.group_names(), **pilot.place_names()}
    sections: dict[str, dict] = {}
    for item in found:
        key = item.figures[0].key
        section = sections.setdefault(
            key.question_key,
            {"question": item.question, "key": key, "series": [], "estimates": {}},
        )
        section["series"].append(item)
        for figure in item.figures:
            if figure.key in estimates:
                section["estimates"][figure.key] = estimates[figure.key]
    for section in sections.values():
        reference = references.get(section["key"].construct)
        target = targets.get(section["key"].construct)
        section["reference"], section["target"] = reference, target
        section["trend"] = trend_figure(section["series"], names, reference, target, labels)
        section["breakdown"] = breakdown_figure(section["series"], labels) if by else None
    return list(sections.values())


@blueprint.get("/")
@requires("view_pilot_dashboard")
def dashboard():
    consultation, place = chosen(Consultation), chosen(Place)
    by, window = chosen_view()
    open_consultations = db.session.scalars(
        select(Consultation).filter_by(status="open").order_by(Consultation.title)
    ).all()
    return render_template(
        "pilot/dashboard.html",
        consultations=db.session.scalars(select(Consultation).order_by(Consultation.title)).all(),
        places=db.session.scalars(select(Place).order_by(Place.name)).all(),
        consultation=consultation,
        place=place,
        by=by,
        window=window,
        windows=WINDOWS,
        sections=kpi_sections(consultation, place, by, window),
        population_sizes=list(pilot.population_sizes().values()),
        wave_names={wave.position: wave.name for wave in pilot.waves()},
        coverage={item: kpi.response_coverage(item) for item in open_consultations},
        waves=pilot.waves(),
        measures=pilot.measures_by_wave(),
        measure_labels=MEASURE_LABELS,
        series_name=series_name,
        plotly_version=plotly_version(),
    )


@blueprint.get("/kpi.csv")
@requires("view_pilot_dashboard")
def kpi_csv():
    consultation, place = chosen(Consultation), chosen(Place)
    by, window = chosen_view()
    counted = kpi.count_rows(consultation, place)
    found = kpi.series(counted, by, window)
    rows = kpi.records(found, kpi.population_estimates(counted, found, consultation, place))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=kpi.RECORD_FIELDS)
    writer.writeheader()
    writer.writerows(rows)
    scope = consultation.slug if consultation else place.slug if place else "all"
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="kpi-{scope}.csv"'},
    )


@blueprint.get("/places")
@requires("view_pilot_dashboard")
def places():
    wave_id = request.args.get("wave", type=int)
    wave = (db.session.get(Wave, wave_id) or abort(404)) if wave_id else pilot.current_wave()
    return render_template(
        "pilot/places.html",
        places=pilot.places_of_concern(wave),
        wave=wave,
        waves=pilot.waves(),
        previous_wave=pilot.previous_wave(wave) if wave else None,
    )


@blueprint.get("/report/<int:wave_id>")
@requires("view_pilot_dashboard")
def report(wave_id: int):
    wave = db.session.get(Wave, wave_id) or abort(404)
    by = request.args.get("by", "group")
    rows = [row for row in kpi.count_rows() if row["wave"] <= wave.position]
    everyone = kpi.series(rows)
    found = kpi.series(rows, by) if by in kpi.BREAKDOWNS else everyone
    estimates = kpi.population_estimates(rows, everyone)
    return render_template(
        "pilot/report.html",
        wave=wave,
        records=[row for row in kpi.records(found) if row["wave"] == wave.position],
        measures=pilot.measures_by_wave().get(wave.id, {}),
        measure_labels=MEASURE_LABELS,
        narrative=pilot.wave_report(wave),
        quotes=pilot.report_quotes(),
        places=pilot.places_of_concern(wave),
        estimates=[(key, item) for key, item in estimates.items() if key.wave == wave.position],
        population_sizes=list(pilot.population_sizes().values()),
        previous_wave=pilot.previous_wave(wave),
    )
