"""``safevoices theme``: any CSV of answers gets theme columns, a progress bar and a summary."""

import csv

from click.testing import CliRunner

from app.cli import cli

ANSWERS = [
    "The drug dealers at the bus stop scare me",
    "more police patrols at night please",
    "Gliny nigdy nie przyjeżdżają, kiedy dzwonimy",
]


def write_csv(path, header, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read_rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_theme_adds_columns_and_prints_a_progress_bar_and_summary(tmp_path):
    source = write_csv(
        tmp_path / "in.csv", ["id", "comment"], [[n, text] for n, text in enumerate(ANSWERS)]
    )
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(
        cli, ["theme", str(source), "--text-column", "comment", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    rows = read_rows(out)
    assert [row["id"] for row in rows] == ["0", "1", "2"]
    assert "drug_dealing" in rows[0]["themes"].split(";")
    assert "transport" in rows[0]["themes"].split(";")
    assert rows[1]["themes"] == "police_trust"
    assert rows[2]["language"] == "pl"
    assert rows[2]["needs_translation"] == "1"
    assert rows[0]["stance"] == "feels_unsafe"
    assert "Theming answers" in result.stderr
    assert "3 rows, 2 with at least one theme, 1 needing translation" in result.stderr
    assert "drug_dealing" in result.stderr
    assert result.stdout == ""


def test_theme_writes_to_standard_output_without_o(tmp_path):
    source = write_csv(tmp_path / "in.csv", ["comment"], [[ANSWERS[1]]])
    result = CliRunner().invoke(cli, ["theme", str(source), "--text-column", "comment"])
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert rows[0]["themes"] == "police_trust"


def test_a_missing_column_is_named_with_the_columns_there_are(tmp_path):
    source = write_csv(tmp_path / "in.csv", ["answer"], [["hello"]])
    result = CliRunner().invoke(cli, ["theme", str(source), "--text-column", "comment"])
    assert result.exit_code == 1
    assert "no column 'comment'" in result.stderr
    assert "'answer'" in result.stderr


def test_learning_from_coded_answers_adds_predictions_and_honest_figures(tmp_path):
    lessons = [[f"my maths lesson {n} is boring", 1, 0] for n in range(25)]
    clubs = [[f"the youth club number {n} closed down", 0, 1] for n in range(25)]
    coded = write_csv(
        tmp_path / "coded.csv",
        ["comment", "lessons", "rare"],
        lessons + clubs[:5] + [[text, 0, 0] for text, _a, _b in clubs[5:]],
    )
    source = write_csv(
        tmp_path / "in.csv",
        ["comment"],
        [["boring maths lessons every day"], ["the youth club shut"]],
    )
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(
        cli,
        [
            "theme",
            str(source),
            "--text-column",
            "comment",
            "--learn-from",
            str(coded),
            "--label-columns",
            "lessons,rare",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.stderr
    rows = read_rows(out)
    assert [row["predicted_lessons"] for row in rows] == ["1", "0"]
    assert [row["predicted_rare"] for row in rows] == ["", ""]
    assert "predicted_lessons: accuracy" in result.stderr
    assert "cross-validation" in result.stderr
    assert "predicted_rare: not enough examples (5 with, 45 without)" in result.stderr


def test_label_columns_need_a_coded_file(tmp_path):
    source = write_csv(tmp_path / "in.csv", ["comment"], [["hi"]])
    result = CliRunner().invoke(
        cli, ["theme", str(source), "--text-column", "comment", "--label-columns", "a"]
    )
    assert result.exit_code == 2
    assert "--learn-from" in result.stderr
