"""Theme overview: counts by theme and breakdown, a chart with its data table, quotes, CSV."""

from importlib.metadata import PackageNotFoundError, version
from importlib.util import find_spec
from pathlib import Path

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import ngettext
from sqlalchemy import select

from app.dashboard.views import consultation_or_404
from app.extensions import db
from app.models import Consultation
from app.permissions import requires
from app.services import theme_figures, themes
from app.themes import blueprint
from app.themes.forms import ActionForm
from app.themes.tables import BREAKDOWN_NAMES, bar_figure, grid_csv, key_label, theme_grid

QUOTES_PER_THEME = 2
ONE_YEAR = 365 * 24 * 3600


def chosen_consultation() -> Consultation | None:
    """The consultation picked in ?consultation=ID, or None for every consultation."""
    value = request.args.get("consultation", "")
    return db.session.get(Consultation, int(value)) if value.isdigit() else None


def chosen_breakdown() -> str:
    by = request.args.get("by", "")
    return by if by in theme_figures.BREAKDOWNS else ""


def theme_labels() -> dict[str, str]:
    return {theme.id: theme.label for theme in themes.codebook().themes}


@blueprint.get("/")
@requires("view_themes")
def overview():
    consultation, by = chosen_consultation(), chosen_breakdown()
    labels = theme_labels()
    overall = theme_grid(theme_figures.theme_counts(consultation), labels)
    grid = theme_grid(theme_figures.theme_counts(consultation, by), labels, by) if by else overall
    quotes = {
        theme_id: theme_figures.quotes(theme_id, consultation, QUOTES_PER_THEME)
        for theme_id, _label, (count,) in overall.rows
        if count is not None
    }
    return render_template(
        "themes/overview.html",
        consultations=db.session.scalars(select(Consultation).order_by(Consultation.title)).all(),
        consultation=consultation,
        by=by,
        breakdowns=BREAKDOWN_NAMES,
        grid=grid,
        figure=bar_figure(grid, by),
        quotes=quotes,
        labels=labels,
        analysed=theme_figures.analysed_count(consultation),
        form=ActionForm(),
        plotly_version=plotly_version(),
        key_label=key_label,
    )


@blueprint.get("/counts.csv")
@requires("view_themes")
def counts_csv():
    consultation, by = chosen_consultation(), chosen_breakdown()
    grid = theme_grid(theme_figures.theme_counts(consultation, by or None), theme_labels(), by)
    name = f"themes-{consultation.slug if consultation else 'all'}{'-by-' + by if by else ''}.csv"
    return Response(
        grid_csv(grid, by),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@blueprint.post("/<int:consultation_id>/analyse")
@requires("code_themes")
def analyse(consultation_id: int):
    consultation = consultation_or_404(consultation_id)
    if ActionForm().validate_on_submit():
        done = themes.analyse_pending(consultation)
        flash(
            ngettext("%(num)d new answer analysed.", "%(num)d new answers analysed.", done),
            "info",
        )
    return redirect(url_for("themes.overview", consultation=consultation.id))


def plotly_path() -> Path | None:
    # Located without importing plotly: the Python package is only the carrier of the file.
    spec = find_spec("plotly")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(spec.submodule_search_locations[0]) / "package_data" / "plotly.min.js"
    return path if path.is_file() else None


def plotly_version() -> str:
    try:
        return version("plotly")
    except PackageNotFoundError:
        return ""


@blueprint.get("/plotly.min.js")
@requires("view_themes")
def plotly_js():
    """Plotly's JavaScript from our own server: no CDN, and only for staff pages."""
    path = plotly_path()
    if path is None:
        abort(404)
    # Read whole rather than streamed: a streamed file stays open until the client closes the
    # response. The URL carries the version (?v=), so a year of caching is safe.
    response = Response(path.read_bytes(), mimetype="text/javascript")
    response.cache_control.public = True
    response.cache_control.max_age = ONE_YEAR
    response.add_etag()
    return response.make_conditional(request)
