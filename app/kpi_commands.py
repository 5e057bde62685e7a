"""``safevoices kpi``: the perception-of-safety KPI per wave as a table, CSV or JSON.

Figures are the dashboard's: counts under 10 suppressed (empty cells), each share with its 95%
Wilson interval and the change from the baseline and the previous wave in words, and the weighted
population estimate where every group asked has a population size.
"""

import csv
import io
import json

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from app.extensions import db
from app.models import Consultation, Place, PopulationSize
from app.services import kpi, kpi_tallies, pilot

FORMATS = ("table", "csv", "json")


@click.command("kpi")
@click.option("--consultation", "consultation_slug", help="Only this consultation (its slug).")
@click.option("--place", "place_slug", help="Only consultations in this place (its slug).")
@click.option(
    "--by",
    type=click.Choice((*kpi.BREAKDOWNS, "none")),
    default="group",
    show_default=True,
    help="Break each wave down by respondent group, place or time of day, or not at all "
    "(none: everyone together, with the weighted population estimate in CSV and JSON too).",
)
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="table")
@click.option(
    "--rebuild-tallies",
    is_flag=True,
    help="Recount the stored KPI counts from every submitted answer, then stop (after a restore "
    "or a change made to answers outside the app).",
)
@with_appcontext
def kpi_command(consultation_slug, place_slug, by, output_format, rebuild_tallies) -> None:
    """The KPI for every consultation, or one consultation or place."""
    if rebuild_tallies:
        cells = kpi_tallies.rebuild()
        click.echo(f"KPI counts rebuilt from the submitted answers: {cells:,} cells.")
        return
    if consultation_slug and place_slug:
        raise click.UsageError("Give --consultation or --place, not both.")
    consultation = _find(Consultation, consultation_slug)
    place = _find(Place, place_slug)
    counted = kpi.count_rows(consultation, place)
    breakdown = None if by == "none" else by
    if output_format == "table":
        click.echo(_table_with_estimates(counted, breakdown, consultation, place), nl=False)
        return
    found = kpi.series(counted, breakdown)
    rows = kpi.records(found, kpi.population_estimates(counted, found, consultation, place))
    click.echo(RENDERERS[output_format](rows), nl=False)


def _table_with_estimates(
    counted: list[dict],
    breakdown: str | None,
    consultation: Consultation | None,
    place: Place | None,
) -> str:
    """The table of figures, then the estimates for everyone in the pilot place whatever the
    breakdown (the series of everyone is the table's own when there is no breakdown)."""
    everyone = kpi.series(counted)
    found = kpi.series(counted, breakdown) if breakdown else everyone
    rows = kpi.records(found)
    if not rows:
        return "No answers to the KPI questions yet.\n"
    estimates = kpi.population_estimates(counted, everyone, consultation, place)
    return _table(rows) + _estimates(kpi.records(everyone, estimates), pilot.population_sizes())


def _estimates(rows: list[dict], sizes: dict[int, PopulationSize]) -> str:
    """The weighted population estimate per question and wave, or why there is none."""
    lines = ["", "Weighted population estimates (post-stratified on respondent group):"]
    for row in rows:
        where = f"  {row['question']} wave {row['wave']}: "
        if row["population_estimate"] is None:
            reason = row["no_population_estimate_because"] or "fewer than 10 answers, hidden"
            lines.append(f"{where}no estimate ({reason})")
            continue
        deff = row["design_effect"]
        lines.append(
            f"{where}{row['population_estimate']:.1%} "
            f"(95% {row['population_low_95']:.1%} - {row['population_high_95']:.1%}), "
            + (f"design effect {deff:.2f}" if deff is not None else "design effect not estimable")
        )
    if sizes:
        lines.append(
            "Population sizes: "
            + "; ".join(
                f"{size.group.name} {size.population:,} (source: {size.source})"
                for size in sizes.values()
            )
        )
    return "\n".join(lines) + "\n"


def _find(model, slug: str | None):
    if slug is None:
        return None
    found = db.session.scalar(select(model).filter_by(slug=slug))
    if found is None:
        known = ", ".join(db.session.scalars(select(model.slug).order_by(model.slug)))
        raise click.BadParameter(f"no {model.__tablename__[:-1]} '{slug}'. Known: {known or '-'}")
    return found


def _csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=kpi.RECORD_FIELDS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _json(rows: list[dict]) -> str:
    return json.dumps(rows, indent=2) + "\n"


def _table(rows: list[dict]) -> str:
    columns = ("question", "wave", "breakdown", "n", "share", "low_95", "high_95", "basis")
    lines = [columns, *(tuple(_cell(row[name]) for name in columns) for row in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(columns))]
    text = [
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True))
        for line in lines
    ]
    changes = [
        f"{row['question']} wave {row['wave']} {row['breakdown']}: "
        f"from baseline {row['change_from_baseline']}"
        for row in rows
        if row["change_from_baseline"]
    ]
    note = "Empty cells: fewer than 10 answers, hidden."
    return "\n".join([*(line.rstrip() for line in text), "", *changes, note]) + "\n"


def _cell(value) -> str:
    if value is None:
        return "-"
    return f"{value:.1%}" if isinstance(value, float) else str(value)


RENDERERS = {"table": _table, "csv": _csv, "json": _json}
