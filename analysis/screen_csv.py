"""Screen every answer in a CSV file and write a copy with safeguarding and redaction columns.

The CLI ``safevoices screen INPUT.csv --text-column COL [-o OUT.csv]`` wraps ``screen_csv``. The
output keeps every input column and adds: flag (yes/no), categories (semicolon list),
severity, needs_human_reading (yes/no) and redacted_text. The summary counts rows, flags,
categories and severities so the command can print them.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from analysis.redact import redact
from analysis.safeguarding import screen

ADDED_COLUMNS = ("flag", "categories", "severity", "needs_human_reading", "redacted_text")
LANGUAGE_COLUMN = "language"  # used when present, so each answer is screened in its language


def screen_csv(
    in_path: str | Path,
    text_column: str,
    out_path: str | Path,
    progress: Callable[[int], None] | None = None,
    known_names: Iterable[str] = (),
) -> dict:
    """Screen ``in_path`` row by row into ``out_path``; return counts for a summary.

    ``progress`` is called with the number of rows done after each row. ``known_names`` are
    school names to redact. Raises ValueError when ``text_column`` is not in the header.
    """
    names = list(known_names)
    with Path(in_path).open(encoding="utf-8-sig", newline="") as source:
        reader = csv.DictReader(source)
        header = list(reader.fieldnames or [])
        if text_column not in header:
            raise ValueError(_missing_column_message(in_path, text_column, header))
        with Path(out_path).open("w", encoding="utf-8", newline="") as target:
            writer = csv.DictWriter(target, fieldnames=_output_header(header))
            writer.writeheader()
            return _screen_rows(reader, writer, text_column, names, progress)


def _screen_rows(
    reader: csv.DictReader,
    writer: csv.DictWriter,
    text_column: str,
    names: list[str],
    progress: Callable[[int], None] | None,
) -> dict:
    counts: dict[str, Counter] = {"categories": Counter(), "severity": Counter()}
    rows = flagged = unreadable = 0
    for row in reader:
        added = _screen_row(row.get(text_column) or "", row.get(LANGUAGE_COLUMN) or "en", names)
        # cells beyond the header come back under the key None: drop them, not the row
        writer.writerow({**{k: v for k, v in row.items() if k is not None}, **added})
        rows += 1
        flagged += added["flag"] == "yes"
        unreadable += added["needs_human_reading"] == "yes"
        counts["categories"].update(c for c in added["categories"].split(";") if c)
        counts["severity"].update([added["severity"]] if added["severity"] else [])
        if progress:
            progress(rows)
    return {
        "rows": rows,
        "flagged": flagged,
        "needs_human_reading": unreadable,
        "categories": dict(counts["categories"].most_common()),
        "severity": dict(counts["severity"].most_common()),
    }


def _screen_row(text: str, language: str, names: list[str]) -> dict[str, str]:
    result = screen(text, language=language)
    return {
        "flag": "yes" if result.is_flagged else "no",
        "categories": ";".join(result.categories),
        "severity": result.severity or "",
        "needs_human_reading": "yes" if result.needs_human_reading else "no",
        "redacted_text": redact(text, known_names=names).text,
    }


def _output_header(header: list[str]) -> list[str]:
    # an input that already has our columns (a re-run) gets them replaced, not duplicated
    return [c for c in header if c not in ADDED_COLUMNS] + list(ADDED_COLUMNS)


def _missing_column_message(path: str | Path, column: str, header: list[str]) -> str:
    found = ", ".join(repr(c) for c in header) or "no columns"
    return f"{path}: there is no column {column!r}; the columns are {found}"
