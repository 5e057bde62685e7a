"""``safevoices kpi`` prints the same published figures as the dashboard."""

import csv
import io
import json

from app.kpi_commands import kpi_command
from tests.pilot.conftest import store_moods


def test_table_csv_and_json(app, runner, two_waves):
    store_moods(two_waves[0], {"very_safe": 5, "fairly_safe": 5, "very_unsafe": 10})
    store_moods(two_waves[1], {"very_safe": 18, "a_bit_unsafe": 2})
    table = runner.invoke(kpi_command, [])
    assert table.exit_code == 0, table.output
    assert "50.0%" in table.output
    assert "higher, and more than chance" in table.output
    rows = list(csv.DictReader(io.StringIO(runner.invoke(kpi_command, ["--format", "csv"]).output)))
    assert [(row["wave"], row["n"], row["share"]) for row in rows] == [
        ("0", "20", "0.5"),
        ("1", "20", "0.9"),
    ]
    only = runner.invoke(kpi_command, ["--consultation", "wave-1", "--format", "json"])
    (figure,) = json.loads(only.output)
    assert (figure["feel_safe"], figure["basis"], figure["breakdown"]) == (
        18,
        "among participants",
        "young_people",
    )


def test_small_counts_hidden_and_empty_state(app, runner, two_waves):
    assert "No answers to the KPI questions yet." in runner.invoke(kpi_command, []).output
    store_moods(two_waves[0], {"very_safe": 9})
    (figure,) = json.loads(runner.invoke(kpi_command, ["--format", "json"]).output)
    assert figure["n"] is None
    assert figure["share"] is None


def test_unknown_slug_is_refused(app, runner, two_waves):
    result = runner.invoke(kpi_command, ["--place", "nowhere"])
    assert result.exit_code != 0
    assert "hayes" in result.output
