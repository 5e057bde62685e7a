"""The ``safevoices`` command: demo, survey checks and staff accounts."""

import csv
import io
import subprocess
import sys

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, func, select

from app.cli import cli
from app.models import (
    AnswerTheme,
    Consultation,
    Group,
    Place,
    Response,
    SafeguardingFlag,
    User,
    Wave,
)


@pytest.fixture
def demo_db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    return url


def counts(url: str) -> dict:
    engine = create_engine(url)
    with engine.connect() as connection:
        result = {
            model.__name__: connection.scalar(select(func.count()).select_from(model))
            for model in (Consultation, Group, Place, Response, User, Wave)
        }
    engine.dispose()
    return result


def test_demo_sets_everything_up_prints_links_and_sign_ins(demo_db):
    everywhere = "0.0.0.0"  # noqa: S104 - only printed, nothing is served
    result = CliRunner().invoke(
        cli, ["demo", "--no-serve", "--no-sample-answers", "--host", everywhere, "--port", "8080"]
    )
    assert result.exit_code == 0, result.output
    assert "http://0.0.0.0:8080/s/safe-places" in result.output
    assert "http://0.0.0.0:8080/s/hayes-community-safety" in result.output
    assert "safeguarding@safevoices.example" in result.output
    assert "password: safe-voices-demo" in result.output
    assert counts(demo_db) == {
        "Consultation": 2,
        "Group": 7,
        "Place": 6,
        "Response": 0,
        "User": 4,
        "Wave": 7,
    }


def test_demo_is_idempotent(demo_db):
    first = CliRunner().invoke(cli, ["demo", "--no-serve"])
    before = counts(demo_db)
    second = CliRunner().invoke(cli, ["demo", "--no-serve"])
    assert first.exit_code == second.exit_code == 0, second.output
    assert counts(demo_db) == before


def test_demo_sample_answers_give_the_kpi_a_baseline_and_a_later_wave(demo_db):
    result = CliRunner().invoke(cli, ["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "made-up sample responses" in result.output
    engine = create_engine(demo_db)
    with engine.connect() as connection:
        per_consultation = dict(
            connection.execute(
                select(Consultation.slug, func.count(Response.id))
                .join(Response, Response.consultation_id == Consultation.id)
                .where(Response.submitted_at.is_not(None))
                .group_by(Consultation.slug)
            ).all()
        )
        flags = connection.scalar(select(func.count()).select_from(SafeguardingFlag))
        suggested = connection.scalar(select(func.count()).select_from(AnswerTheme))
    engine.dispose()
    assert per_consultation["safe-places"] == per_consultation["hayes-community-safety"] == 120
    assert flags == 0  # the sample sentences never look like a disclosure
    assert suggested > 0  # the themes pages open with suggestions to review
    kpi = CliRunner().invoke(cli, ["kpi", "--format", "csv"])
    assert kpi.exit_code == 0, kpi.output
    rows = list(csv.DictReader(io.StringIO(kpi.output)))
    after_dark = {
        (row["wave"], row["breakdown"]): float(row["share"])
        for row in rows
        if row["construct"] == "safety_walking_alone_after_dark"
    }
    # a baseline and a later wave for each group, the later one a little safer
    for group in ("residents", "businesses"):
        assert after_dark[("1", group)] > after_dark[("0", group)]


def test_demo_data_has_the_pilot_place_spots_and_quarterly_waves(demo_db):
    CliRunner().invoke(cli, ["demo", "--no-serve"])
    engine = create_engine(demo_db)
    with engine.connect() as connection:
        spots = connection.scalars(select(Place.name).where(Place.parent_id.is_not(None))).all()
        starts = connection.scalars(select(Wave.starts_on).order_by(Wave.position)).all()
        groups = set(connection.scalars(select(Group.name)).all())
        languages = connection.scalars(select(Consultation.languages)).all()
    engine.dispose()
    assert set(spots) == {
        "Bus station",
        "High street",
        "Park",
        "Railway station",
        "Shopping centre",
    }
    months = [start.year * 12 + start.month for start in starts]
    assert [later - earlier for earlier, later in zip(months, months[1:], strict=False)] == [3] * 6
    assert all(start.day == 1 for start in starts)
    assert all(len(offered) == 11 and "ar" in offered for offered in languages)
    assert {
        "Talkers",
        "Step-Up",
        "Stepping Out",
        "Youth Voice",
        "Residents",
        "Businesses",
    } <= groups


def test_db_upgrade_creates_the_schema(demo_db):
    result = CliRunner().invoke(cli, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert counts(demo_db)["User"] == 0


def test_surveys_check_lists_valid_files():
    result = CliRunner().invoke(cli, ["surveys", "check"])
    assert result.exit_code == 0, result.output
    assert "ok  safe-places-young-people v1" in result.output
    assert "2 survey file(s) are valid." in result.output


def test_surveys_check_reports_a_broken_file_clearly(tmp_path):
    (tmp_path / "broken.yaml").write_text(
        "id: broken\nversion: 1\ntitle: B\nintro: I\naudiences: [talkers]\n"
        "questions:\n  - id: q1\n    type: faces\n    text: Hi\n"
        "  - id: q2\n    type: text\n    text: Why\n    show_if: {q9: [yes]}\n"
    )
    result = CliRunner().invoke(cli, ["surveys", "check", "--dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "broken.yaml: question 'q2': show_if refers to 'q9'" in result.output
    assert "Traceback" not in result.output


def test_create_user_and_refusals(demo_db):
    runner = CliRunner()
    runner.invoke(cli, ["db", "upgrade"])
    made = runner.invoke(
        cli,
        [
            "create-user",
            "Lead@Example.org",
            "--role",
            "pilot_lead",
            "--password",
            "a-long-enough-password",
        ],
    )
    assert made.exit_code == 0, made.output
    assert "Created lead@example.org (pilot_lead)" in made.output
    again = runner.invoke(
        cli,
        [
            "create-user",
            "lead@example.org",
            "--role",
            "pilot_lead",
            "--password",
            "a-long-enough-password",
        ],
    )
    assert again.exit_code == 1
    assert "already a user" in again.output
    short = runner.invoke(
        cli, ["create-user", "b@example.org", "--role", "admin", "--password", "short"]
    )
    assert short.exit_code == 1
    assert "at least 12 characters" in short.output
    role = runner.invoke(
        cli,
        ["create-user", "c@example.org", "--role", "boss", "--password", "a-long-enough-password"],
    )
    assert role.exit_code == 2
    assert "boss" in role.output


def test_the_console_script_is_installed():
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "--help"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    for command in ("demo", "db", "surveys", "create-user"):
        assert command in result.stdout
