"""``safevoices import-xlsform FORM.xlsx``: bring a KoboToolbox/ODK form into Safe Voices.

The conversion lives in ``app.questionnaire.xlsform``; this command only chooses the file names,
refuses to overwrite a survey file by accident, and reports what happened (docs/xlsform.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from app.questionnaire.xlsform import ConversionResult


@click.command("import-xlsform")
@click.argument("form", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--id", "survey_id", help="Survey id (kebab-case). Default: the form's form_id.")
@click.option(
    "--version", default=1, show_default=True, type=click.IntRange(min=1), help="Survey version."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Survey file to write. Default: surveys/<id>.v<version>.yaml",
)
@click.option(
    "--translations-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write <lang>.po. Default: imported/<id>/",
)
@click.option("--force", is_flag=True, help="Overwrite the survey file if it exists.")
def import_xlsform_command(
    form: Path,
    survey_id: str | None,
    version: int,
    output: Path | None,
    translations_dir: Path | None,
    force: bool,
) -> None:
    """Convert a KoboToolbox/ODK XLSForm into a survey file and .po translations."""
    # Imported here: pyxform takes most of a second to import, which every other safevoices
    # command would otherwise pay.
    from app.questionnaire.xlsform import XLSFormError, convert_xlsform, write_translations

    try:
        result = convert_xlsform(form, survey_id=survey_id, version=version)
    except XLSFormError as error:
        raise click.ClickException(str(error)) from None
    output = output or Path("surveys") / f"{result.survey_id}.v{version}.yaml"
    if output.exists() and not force:
        raise click.ClickException(f"{output} already exists: choose another -o or add --force")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(result.yaml_text, encoding="utf-8")
    po_files = write_translations(result, translations_dir or Path("imported") / result.survey_id)
    _report(form, output, result, po_files)


def _report(form: Path, output: Path, result: ConversionResult, po_files: list[Path]) -> None:
    click.echo(f"Converted {result.question_count} questions from {form.name} into {output}.")
    languages = ", ".join(["en (question text)", *sorted(result.translations)])
    click.echo(f"Languages found: {languages}.")
    for po_file in po_files:
        click.echo(f"Translations: {po_file}. {_merge_hint(po_file)}")
    click.echo(f"{len(result.warnings)} things to check (also at the top of {output}):")
    for warning in result.warnings:
        click.echo(f"  - {warning}")


def _merge_hint(po_file: Path) -> str:
    catalogue = Path("translations") / po_file.stem / "LC_MESSAGES" / "messages.po"
    if catalogue.exists():
        # --use-first keeps what translators already wrote when the two disagree.
        return f"Merge: msgcat --use-first {catalogue} {po_file} -o {catalogue}"
    start = f"safevoices i18n-add {po_file.stem}"
    return f"No {catalogue} yet: start it with `{start}`, then merge (docs/xlsform.md)."
