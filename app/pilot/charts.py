"""Plotly figures (plain dicts, drawn by js/charts.js) for the KPI trend and its breakdown.

Suppressed figures are gaps, never zeros. Each chart has the same numbers in a table beside it.
"""

from flask_babel import gettext as _

from analysis.kpi import KpiFigure, Reference
from app.pilot.labels import label
from app.services.kpi import KpiSeries

COLOURS = ("#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#f47738", "#5694ca")


def _percent(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


def trend_figure(
    found: list[KpiSeries],
    wave_names: dict[int, str],
    reference: Reference | None,
    target: Reference | None = None,
    names: dict[str, str] | None = None,
) -> dict:
    """A line per series across waves with its 95% interval as a shaded band, and the
    reference and target lines when the pilot lead has entered them."""
    data: list[dict] = []
    for index, item in enumerate(found):
        colour = COLOURS[index % len(COLOURS)]
        name = series_name(item.figures[0], names) if item.figures else ""
        shown = [figure for figure in item.figures if not figure.suppressed]
        waves = [wave_names.get(figure.key.wave, str(figure.key.wave)) for figure in shown]
        data.append(_band(waves, shown, colour, name))
        data.append(_line(item.figures, wave_names, colour, name))
    names = list(wave_names.values())
    if reference is not None:
        data.append(_reference(names, reference))
    if target is not None:
        data.append(
            _reference(
                names,
                target,
                colour="#00703c",
                dash="dot",
                name=_("Target: %(label)s", label=target.label),
            )
        )
    return {"data": data, "layout": _layout(_("Feel very or fairly safe (%)"))}


def _band(waves: list[str], shown: list[KpiFigure], colour: str, name: str) -> dict:
    highs = [_percent(figure.high) for figure in shown]
    lows = [_percent(figure.low) for figure in shown]
    return {
        "type": "scatter",
        "x": waves + waves[::-1],
        "y": highs + lows[::-1],
        "fill": "toself",
        "fillcolor": colour,
        "opacity": 0.15,
        "line": {"width": 0},
        "hoverinfo": "skip",
        "showlegend": False,
        "name": f"{name} 95%",
    }


def _line(figures, wave_names: dict[int, str], colour: str, name: str) -> dict:
    return {
        "type": "scatter",
        "mode": "lines+markers",
        "x": [wave_names.get(figure.key.wave, str(figure.key.wave)) for figure in figures],
        "y": [_percent(figure.share) for figure in figures],
        "line": {"color": colour},
        "name": name,
    }


def _reference(
    names: list[str],
    reference: Reference,
    colour: str = "#505a5f",
    dash: str = "dash",
    name: str | None = None,
) -> dict:
    return {
        "type": "scatter",
        "mode": "lines",
        "x": names,
        "y": [_percent(reference.share)] * len(names),
        "line": {"dash": dash, "color": colour},
        "name": name or reference.label,
    }


def breakdown_figure(found: list[KpiSeries], names: dict[str, str] | None = None) -> dict:
    """The latest wave's share per breakdown value, with its interval as error bars."""
    latest = [item.figures[-1] for item in found if item.figures]
    shown = [figure for figure in latest if not figure.suppressed]
    return {
        "data": [
            {
                "type": "bar",
                "x": [series_name(figure, names) for figure in shown],
                "y": [_percent(figure.share) for figure in shown],
                "error_y": {
                    "type": "data",
                    "symmetric": False,
                    "array": [_percent(f.high - f.share) for f in shown],
                    "arrayminus": [_percent(f.share - f.low) for f in shown],
                },
                "marker": {"color": COLOURS[0]},
            }
        ],
        "layout": _layout(_("Feel very or fairly safe (%)")),
    }


def series_name(figure: KpiFigure, names: dict[str, str] | None = None) -> str:
    """A series in words: its group, place (by name, from ``names``) or time of day."""
    key = figure.key
    return label(key.group or key.place or key.time_of_day, names)


def _layout(y_title: str) -> dict:
    return {
        "yaxis": {"title": {"text": y_title}, "range": [0, 100]},
        "margin": {"t": 20, "r": 10, "b": 40, "l": 50},
        "height": 320,
        "legend": {"orientation": "h"},
    }
