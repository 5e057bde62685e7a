"""``safevoices screen`` on any CSV, and ``safevoices send-alerts`` for cron."""

import csv
import smtplib

from click.testing import CliRunner

from app.screen_commands import screen_command, send_alerts_command
from tests.safeguarding.conftest import DISCLOSURE, answer_text, outbox
from tests.safeguarding.test_alerts import FakeSMTP


def write_csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerows(rows)


def test_screen_adds_columns_and_prints_counts(tmp_path):
    source = tmp_path / "answers.csv"
    write_csv(
        source,
        [
            ["id", "comment"],
            ["1", DISCLOSURE],
            ["2", "call me on 07700 900123"],
            ["3", "more lights please"],
        ],
    )
    result = CliRunner().invoke(
        screen_command, [str(source), "--text-column", "comment", "-o", str(tmp_path / "out.csv")]
    )
    assert result.exit_code == 0, result.output
    assert "Rows screened: 3" in result.output
    assert "Flagged: 1" in result.output
    assert "severity high: 1" in result.output
    assert "Physical, sexual or emotional abuse, or neglect: 1" in result.output
    with (tmp_path / "out.csv").open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert [row["flag"] for row in rows] == ["yes", "no", "no"]
    assert rows[0]["severity"] == "high"
    assert rows[1]["redacted_text"] == "call me on [phone number]"
    assert rows[2]["id"] == "3"


def test_screen_writes_beside_the_input_by_default(tmp_path):
    source = tmp_path / "answers.csv"
    write_csv(source, [["text"], ["hello"]])
    result = CliRunner().invoke(screen_command, [str(source), "--text-column", "text"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "answers.screened.csv").exists()


def test_screen_names_the_columns_when_the_column_is_wrong(tmp_path):
    source = tmp_path / "answers.csv"
    write_csv(source, [["id", "comment"], ["1", "hi"]])
    result = CliRunner().invoke(screen_command, [str(source), "--text-column", "answer"])
    assert result.exit_code == 1
    assert "'comment'" in result.output


def test_screen_refuses_to_overwrite_its_input(tmp_path):
    source = tmp_path / "answers.csv"
    write_csv(source, [["text"], ["hello"]])
    result = CliRunner().invoke(
        screen_command, [str(source), "--text-column", "text", "-o", str(source)]
    )
    assert result.exit_code == 1
    assert source.read_text(encoding="utf-8").splitlines() == ["text", "hello"]


def test_send_alerts_without_a_mail_server_says_where_they_wait(runner):
    result = runner.invoke(send_alerts_command)
    assert result.exit_code == 1
    assert "/staff/safeguarding/outbox" in result.output


def test_send_alerts_retries_the_outbox(app, runner, consultation, lead, monkeypatch):
    answer_text(consultation, DISCLOSURE)  # written while no mail server was configured
    FakeSMTP.sent, FakeSMTP.fail_with = [], None
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    app.config["MAIL_SERVER"] = "smtp.example.org"
    result = runner.invoke(send_alerts_command)
    assert result.exit_code == 0, result.output
    assert "Sent 1 e-mail(s); 0 still unsent." in result.output
    assert outbox()[0].sent_at is not None
