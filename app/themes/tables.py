"""Theme counts shaped for people: a table, a Plotly bar chart and a CSV, all from one grid.

Suppressed cells (counts under 10, zero included) stay out of the chart and read "fewer than
10" in the table and the CSV, so no view shows more than another.
"""

import csv
import io
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.i18n import LANGUAGES
from app.services.theme_figures import ThemeCount
from app.templating import age_band_label

STANCE_NAMES = {
    "feels_safe": _l("Feels safe"),
    "feels_unsafe": _l("Feels unsafe"),
    "mixed": _l("Mixed"),
    "no_stance": _l("No clear stance"),
}
BREAKDOWN_NAMES = {
    "group": _l("Group"),
    "age_band": _l("Age band"),
    "wave": _l("Wave"),
    "place": _l("Place"),
    "language": _l("Language"),
    "stance": _l("Safety stance"),
}
SUPPRESSED = "<10"


@dataclass(frozen=True)
class ThemeGrid:
    """Rows are themes (id, label), columns the breakdown's values; a cell is a count or None."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, str, tuple[int | None, ...]], ...]

    @property
    def is_empty(self) -> bool:
        return not any(count for _id, _label, cells in self.rows for count in cells)


def key_label(by: str, key: str) -> str:
    if not key:
        return _("Not known")
    if by == "age_band":
        return age_band_label(key)
    if by == "language":
        return str(LANGUAGES.get(key, _("Not recognised") if key == "unknown" else key))
    if by == "stance":
        return str(STANCE_NAMES.get(key, key))
    return key


def theme_grid(counts: list[ThemeCount], labels: dict[str, str], by: str = "") -> ThemeGrid:
    keys = tuple(dict.fromkeys(sorted(c.key for c in counts))) if by else ("",)
    cells = {(c.theme_id, c.key): c.count for c in counts}
    theme_ids = dict.fromkeys(c.theme_id for c in counts)
    rows = tuple(
        (theme_id, labels.get(theme_id, theme_id), tuple(cells.get((theme_id, k)) for k in keys))
        for theme_id in theme_ids
    )
    return ThemeGrid(keys, rows)


def bar_figure(grid: ThemeGrid, by: str = "") -> dict:
    """A Plotly figure as plain data: one bar series per breakdown value, suppressed as gaps."""
    names = [label for _id, label, _cells in grid.rows]
    traces = [
        {
            "type": "bar",
            "name": key_label(by, key) if by else _("Answers"),
            "x": names,
            "y": [cells[index] for _id, _label, cells in grid.rows],
        }
        for index, key in enumerate(grid.columns)
    ]
    return {
        "data": traces,
        "layout": {
            "barmode": "group",
            "showlegend": bool(by),
            "yaxis": {"rangemode": "tozero"},
            "height": 380,
            "margin": {"t": 20, "b": 100},
        },
    }


def grid_csv(grid: ThemeGrid, by: str = "") -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["theme_id", "theme", by or "all", "answers"])
    for theme_id, label, cells in grid.rows:
        for key, count in zip(grid.columns, cells, strict=True):
            writer.writerow([theme_id, label, key_label(by, key) if by else "", _cell(count)])
    return out.getvalue()


def _cell(count: int | None) -> str:
    return SUPPRESSED if count is None else str(count)
