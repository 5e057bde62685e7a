"""``safevoices screen`` (safeguarding screening of any CSV) and ``safevoices send-alerts``.

``screen`` needs no database: it wraps ``analysis.screen_csv`` and prints a summary of counts.
``send-alerts`` is for cron: it writes the alerts still missing for high-severity flags and
retries every e-mail in the outbox that has not gone yet.
"""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("screen")
@click.argument("input_csv", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--text-column", required=True, help="The column holding the free text.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="File to write (default: INPUT.screened.csv beside the input).",
)
def screen_command(input_csv: Path, text_column: str, output: Path | None) -> None:
    """Screen every answer in INPUT_CSV for safeguarding concerns and redact personal details.

    The output keeps every column and adds flag, categories, severity, needs_human_reading and
    redacted_text. A 'language' column, when present, gives each answer's language.
    """
    from analysis.screen_csv import screen_csv

    output = output or input_csv.with_name(f"{input_csv.stem}.screened.csv")
    if output.resolve() == input_csv.resolve():
        raise click.ClickException("The output file must not be the input file.")
    try:
        summary = screen_csv(input_csv, text_column, output)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    except (UnicodeDecodeError, OSError) as error:
        raise click.ClickException(f"Cannot read {input_csv}: {error}") from None
    for line in summary_lines(summary):
        click.echo(line)
    click.echo(f"Wrote {output}.")


def summary_lines(summary: dict) -> list[str]:
    """The counts from ``screen_csv`` as lines for a person to read."""
    from analysis.safeguarding import category_labels

    labels = category_labels()
    lines = [
        f"Rows screened: {summary['rows']}",
        f"Flagged: {summary['flagged']}",
        f"Could not be screened (a person should read them): {summary['needs_human_reading']}",
    ]
    lines += [f"  severity {name}: {count}" for name, count in summary["severity"].items()]
    lines += [
        f"  {labels.get(category, category)}: {count}"
        for category, count in summary["categories"].items()
    ]
    return lines


@click.command("send-alerts")
@with_appcontext
def send_alerts_command() -> None:
    """Write missing safeguarding alerts and send every unsent e-mail (run it from cron)."""
    from app.services.alerts import retry_unsent

    if not current_app.config.get("MAIL_SERVER"):
        raise click.ClickException(
            "MAIL_SERVER is not set, so nothing can be sent: the alerts wait in the outbox "
            "at /staff/safeguarding/outbox."
        )
    sent, unsent = retry_unsent()
    click.echo(f"Sent {sent} e-mail(s); {unsent} still unsent.")
    if unsent:
        raise SystemExit(1)
