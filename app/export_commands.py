"""``safevoices export SLUG``: a consultation's responses, or its answer counts, as a file.

CSV, JSON and the summary CSV go to standard output unless ``-o FILE`` is given; XLSX is binary,
so it needs ``-o``. Free text is redacted and small counts suppressed, as on every export.
"""

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from app.extensions import db
from app.models import Consultation
from app.services.consultations import find_by_slug

FORMATS = ("csv", "xlsx", "json", "summary-csv")


@click.command("export")
@click.argument("slug")
@click.option(
    "--format",
    "export_format",
    type=click.Choice(FORMATS),
    default="csv",
    show_default=True,
    help="csv/xlsx/json: one row per response; summary-csv: counts per option.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="File to write (default: standard output; required for xlsx).",
)
@with_appcontext
def export_command(slug: str, export_format: str, output: Path | None) -> None:
    """Export the consultation SLUG's responses (redacted) or its answer counts."""
    if export_format == "xlsx" and output is None:
        raise click.ClickException("XLSX is a binary file: give a file name with -o FILE.xlsx.")
    consultation = _find(slug)
    content = _render(consultation, export_format)
    if output is None:
        click.echo(content, nl=not content.endswith("\n"))
    elif isinstance(content, bytes):
        output.write_bytes(content)
    else:
        # newline="" keeps the CSV's own CRLF line ends as they are on every platform.
        with output.open("w", encoding="utf-8", newline="") as file:
            file.write(content)
    if output is not None:
        click.echo(f"Wrote {export_format} export of '{slug}' to {output}.", err=True)


def _find(slug: str) -> Consultation:
    consultation = find_by_slug(slug)
    if consultation is not None:
        return consultation
    known = db.session.scalars(select(Consultation.slug).order_by(Consultation.slug)).all()
    listed = ", ".join(known) if known else "none yet"
    raise click.ClickException(f"No consultation has the slug '{slug}'. Known slugs: {listed}.")


def _render(consultation: Consultation, export_format: str) -> str | bytes:
    # Imported here so that `safevoices --help` does not load openpyxl and the redaction patterns.
    from app.services import exports

    renderers = {
        "csv": exports.to_csv,
        "xlsx": exports.to_xlsx,
        "json": exports.to_json,
        "summary-csv": exports.summary_to_csv,
    }
    return renderers[export_format](consultation)
