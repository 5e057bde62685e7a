"""Translation commands: extract the template, update and compile catalogues, report progress.

``safevoices i18n-update`` re-extracts ``translations/messages.pot`` (UI and surveys, through
``babel.cfg``) and merges it into every language; ``i18n-add CODE`` starts a language;
``i18n-compile`` builds the ``.mo`` files; ``i18n-status`` prints, per language, how many strings
are translated, fuzzy and missing for the UI and for each survey, and the review state.

A catalogue's review state is a ``Review-State:`` line in its header comment (Babel keeps header
comments when it updates a catalogue, but drops unknown ``X-`` headers); an ``X-Review-State:``
header written by another tool is read too.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from app.config import PROJECT_ROOT
from app.i18n import LANGUAGES, compile_catalogs

TRANSLATIONS_DIR = PROJECT_ROOT / "translations"
TEMPLATE_NAME = "messages.pot"
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None, "_l": None, "lazy_gettext": None}
NOT_REVIEWED = "not reviewed by a native speaker"
REVIEW_STATE = re.compile(r"^#?\s*\"?(?:X-)?Review-State:\s*(.+?)(?:\\n\")?\s*$", re.MULTILINE)
UI = "UI"
TEMPLATE_HEADER = (
    "# Safe Voices: every string of the app and of surveys/*.yaml, in English.\n"
    "# Made by 'safevoices i18n-update'; do not edit by hand (see docs/translating.md)."
)


@dataclass
class Counts:
    translated: int = 0
    fuzzy: int = 0
    missing: int = 0


@dataclass
class LanguageStatus:
    code: str
    review_state: str
    parts: dict[str, Counts] = field(default_factory=dict)


def extract_template(root: Path = PROJECT_ROOT) -> Catalog:
    """Every translatable string of the app and the surveys, as ``babel.cfg`` describes."""
    with (root / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    template = Catalog(project="Safe Voices", version="1", charset="utf-8")
    template.msgid_bugs_address = ""
    template.header_comment = TEMPLATE_HEADER
    found = extract_from_dir(
        root, method_map, options_map, KEYWORDS, ("Translators:",), strip_comment_tags=True
    )
    for filename, lineno, message, comments, context in found:
        location = (Path(filename).as_posix(), lineno)
        template.add(message, None, [location], auto_comments=comments, context=context)
    return template


def write_template(template: Catalog, path: Path) -> None:
    with path.open("wb") as pot_file:
        write_po(pot_file, template, width=76, sort_by_file=True)


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as po_file:
        return read_po(po_file)


def update_language(po_path: Path, template: Catalog) -> None:
    """Merge the template into one language; retired strings stay as obsolete entries."""
    catalog = read_catalog(po_path)
    catalog.update(template, no_fuzzy_matching=False)
    with po_path.open("wb") as po_file:
        write_po(po_file, catalog, width=76, sort_by_file=True, ignore_obsolete=False)


def add_language(code: str, template: Catalog, folder: Path = TRANSLATIONS_DIR) -> Path:
    po_path = folder / code / "LC_MESSAGES" / "messages.po"
    po_path.parent.mkdir(parents=True, exist_ok=True)
    catalog = Catalog(
        locale=code,
        project="Safe Voices",
        version="1",
        charset="utf-8",
        msgid_bugs_address="",
        last_translator="Safe Voices (draft, see Review-State)",
        language_team=f"{LANGUAGES.get(code, code)} ({code})",
        revision_date=datetime.now(UTC),
        fuzzy=False,
    )
    catalog.header_comment = (
        f"# {LANGUAGES.get(code, code)} ({code}) translation of Safe Voices.\n"
        f"# Review-State: {NOT_REVIEWED}"
    )
    catalog.update(template, no_fuzzy_matching=True)
    with po_path.open("wb") as po_file:
        write_po(po_file, catalog, width=76, sort_by_file=True)
    return po_path


def review_state(po_path: Path) -> str:
    """The ``Review-State`` written in the catalogue's header, or 'not stated'."""
    header = po_path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    match = REVIEW_STATE.search(header)
    return match.group(1).strip() if match else "not stated"


def part_names(message) -> set[str]:
    """'UI' and/or the survey files (without '.yaml') that a message comes from."""
    names = set()
    for filename, _line in message.locations:
        if filename.startswith("surveys/"):
            names.add(Path(filename).stem)
        else:
            names.add(UI)
    return names


def language_status(po_path: Path) -> LanguageStatus:
    status = LanguageStatus(po_path.parent.parent.name, review_state(po_path))
    for message in list(read_catalog(po_path))[1:]:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for name in part_names(message):
            counts = status.parts.setdefault(name, Counts())
            if not all(strings):
                counts.missing += 1
            elif message.fuzzy:
                counts.fuzzy += 1
            else:
                counts.translated += 1
    return status


def all_language_statuses(folder: Path = TRANSLATIONS_DIR) -> list[LanguageStatus]:
    paths = sorted(folder.glob("*/LC_MESSAGES/messages.po"))
    order = list(LANGUAGES)
    paths.sort(
        key=lambda p: order.index(p.parent.parent.name) if p.parent.parent.name in order else 99
    )
    return [language_status(path) for path in paths]


def status_lines(statuses: list[LanguageStatus]) -> list[str]:
    lines = []
    for status in statuses:
        name = LANGUAGES.get(status.code, status.code)
        lines.append(f"{status.code} ({name}): {status.review_state}")
        for part in sorted(status.parts, key=lambda p: (p != UI, p)):
            counts = status.parts[part]
            lines.append(
                f"  {part:<40} {counts.translated:>4} translated {counts.fuzzy:>4} fuzzy"
                f" {counts.missing:>4} missing"
            )
    return lines


@click.command("i18n-status")
def i18n_status() -> None:
    """Per language: translated, fuzzy and missing strings for the UI and each survey."""
    statuses = all_language_statuses()
    if not statuses:
        click.echo("No languages yet: add one with 'safevoices i18n-add CODE'.")
    for line in status_lines(statuses):
        click.echo(line)


@click.command("i18n-update")
def i18n_update() -> None:
    """Re-extract translations/messages.pot and merge it into every language."""
    template = extract_template()
    pot_path = TRANSLATIONS_DIR / TEMPLATE_NAME
    if pot_path.exists() and _contents(read_catalog(pot_path)) == _contents(template):
        # Nothing changed: keep the date, so that no catalogue gets a diff of one header line.
        template.creation_date = read_catalog(pot_path).creation_date
    write_template(template, pot_path)
    click.echo(f"{TEMPLATE_NAME}: {len(template)} strings")
    for po_path in sorted(TRANSLATIONS_DIR.glob("*/LC_MESSAGES/messages.po")):
        update_language(po_path, template)
        click.echo(f"updated {po_path.relative_to(PROJECT_ROOT)}")


def _contents(catalog: Catalog) -> list[str]:
    return sorted(
        repr((m.id, m.context, sorted(m.locations), m.auto_comments, sorted(m.flags)))
        for m in catalog
        if m.id
    )


@click.command("i18n-add")
@click.argument("code")
def i18n_add(code: str) -> None:
    """Start a new language's catalogue from translations/messages.pot."""
    if code not in LANGUAGES:
        raise click.BadParameter(f"add '{code}' to LANGUAGES in app/i18n.py first")
    po_path = TRANSLATIONS_DIR / code / "LC_MESSAGES" / "messages.po"
    if po_path.exists():
        raise click.BadParameter(f"{po_path.relative_to(PROJECT_ROOT)} already exists")
    template = read_catalog(TRANSLATIONS_DIR / TEMPLATE_NAME)
    click.echo(f"created {add_language(code, template).relative_to(PROJECT_ROOT)}")


@click.command("i18n-compile")
def i18n_compile() -> None:
    """Build the .mo files that are missing or older than their .po (the app also does this)."""
    built = compile_catalogs(TRANSLATIONS_DIR, TRANSLATIONS_DIR)
    click.echo(f"compiled: {', '.join(built)}" if built else "all catalogues are up to date")


COMMANDS = (i18n_status, i18n_update, i18n_add, i18n_compile)
