"""``safevoices theme INPUT.csv --text-column COL``: theme any CSV of answers, offline.

Adds columns for themes, safety stance, sentiment, noun phrases, language and whether an answer
needs translating; with ``--learn-from`` a classifier per label learns from coded answers and adds
``predicted_<label>`` columns. The progress bar and the summary go to standard error, so the CSV
can go to standard output. No database or app is needed: this is ``analysis.pipeline`` on a file.
"""

import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

import click

CSV_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.command("theme")
@click.argument("input_csv", metavar="INPUT.csv", type=CSV_FILE)
@click.option("--text-column", required=True, help="The column with the answers' words.")
@click.option(
    "--codebook",
    type=CSV_FILE,
    envvar="SAFEVOICES_CODEBOOK",
    help="Codebook YAML file (default: SAFEVOICES_CODEBOOK, else the bundled codebook).",
)
@click.option("--learn-from", type=CSV_FILE, help="A CSV of coded answers to learn from.")
@click.option(
    "--label-columns",
    help="Comma-separated 0/1 columns of --learn-from (default: every 0/1 column).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="File to write (default: standard output).",
)
def theme_command(input_csv, text_column, codebook, learn_from, label_columns, output) -> None:
    """Add themes, stance, sentiment, noun phrases and language to each row of INPUT.csv."""
    from analysis.codebook import CodebookError
    from analysis.pipeline import theme_csv

    if label_columns and learn_from is None:
        raise click.UsageError("--label-columns needs --learn-from CODED.csv.")
    labels = [name.strip() for name in label_columns.split(",")] if label_columns else None
    with ExitStack() as stack:
        target = output or Path(stack.enter_context(tempfile.TemporaryDirectory())) / "out.csv"
        progress = _ProgressBar(stack)
        try:
            summary = theme_csv(
                input_csv, text_column, target, codebook, learn_from, labels, progress
            )
        except (ValueError, CodebookError) as error:
            raise click.ClickException(str(error)) from None
        progress.finish()
        if output is None:
            sys.stdout.write(target.read_text(encoding="utf-8"))
    _echo_summary(summary, output)


class _ProgressBar:
    """A click progress bar on standard error, created once the number of rows is known."""

    def __init__(self, stack: ExitStack):
        self.stack, self.bar = stack, None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = self.stack.enter_context(
                click.progressbar(length=total, label="Theming answers", file=sys.stderr)
            )
        self.bar.update(done - self.bar.pos)

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.render_finish()


def _echo_summary(summary: dict, output: Path | None) -> None:
    def say(line: str = "") -> None:
        click.echo(line, err=True)

    say()
    say(
        f"{summary['rows']} rows, {summary['themed_rows']} with at least one theme, "
        f"{summary['needs_translation']} needing translation (codebook version "
        f"{summary['codebook_version']})."
    )
    say("Languages: " + _pairs(summary["languages"]))
    say("Stances:   " + _pairs(summary["stances"]))
    width = max((len(theme_id) for theme_id in summary["themes"]), default=5)
    say(f"\n{'theme':<{width}}  answers")
    for theme_id, count in summary["themes"].items():
        say(f"{theme_id:<{width}}  {count:>7}")
    for label, report in summary.get("classifiers", {}).items():
        say(_classifier_line(label, report))
    if output is not None:
        say(f"\nWrote {output}.")


def _pairs(counts: dict) -> str:
    return ", ".join(f"{key} {value}" for key, value in counts.items()) or "none"


def _classifier_line(label: str, report: dict) -> str:
    if report["accuracy"] is None:
        return (
            f"predicted_{label}: {report['status']} ({report['positives']} with, "
            f"{report['negatives']} without)"
        )
    return (
        f"predicted_{label}: accuracy {report['accuracy']:.0%}, precision "
        f"{report['precision']:.0%}, recall {report['recall']:.0%} "
        f"({report['evaluation']})"
    )
