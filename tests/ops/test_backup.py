"""`safevoices backup` and `restore`, and scripts/backup-restore-check, on SQLite and PostgreSQL."""

import subprocess
import sys

import pytest
from flask.cli import ScriptInfo
from sqlalchemy import create_engine, delete, func, insert, select

from app.cli import cli
from app.config import PROJECT_ROOT
from app.extensions import db
from app.models import Answer, Consultation, Response
from benchmarks.server import prepare_database
from tests.conftest import make_app
from tests.factories import create_consultation

SCRIPT = PROJECT_ROOT / "scripts" / "backup-restore-check"
WORDS = "Zażółć gęślą jaźń – the park 🙂 after dark"


def run_cli(app, *arguments):
    return app.test_cli_runner().invoke(
        cli, list(arguments), obj=ScriptInfo(create_app=lambda: app)
    )


def _answered_response(words: str) -> None:
    consultation = create_consultation()
    response = Response(consultation=consultation, language="pl", age_band="12-15")
    response.answers.append(
        Answer(survey_id="all-types", survey_version=1, question_id="why_unsafe", value=words)
    )
    db.session.add(response)
    db.session.commit()


def _stored_words() -> list:
    db.session.remove()
    words = db.session.scalars(select(Answer.value)).all()
    db.session.remove()  # no open transaction may hold a lock that the restore must take
    return words


def test_restore_brings_back_what_was_lost(scratch_app, tmp_path):
    _answered_response(WORDS)
    backup = tmp_path / "before.backup"
    done = run_cli(scratch_app, "backup", str(backup))
    assert done.exit_code == 0, done.output
    assert "Backed up" in done.output
    assert not list(tmp_path.glob("*.partial"))

    db.session.execute(delete(Answer))
    db.session.commit()
    assert _stored_words() == []
    assert db.session.scalar(select(func.count(Consultation.id))) == 1
    db.session.remove()

    done = run_cli(scratch_app, "restore", "--yes", str(backup))
    assert done.exit_code == 0, done.output
    assert _stored_words() == [WORDS]


def test_restore_asks_before_replacing_and_stops_on_no(scratch_app, tmp_path):
    _answered_response(WORDS)
    backup = tmp_path / "before.backup"
    assert run_cli(scratch_app, "backup", str(backup)).exit_code == 0
    db.session.execute(delete(Answer))
    db.session.commit()
    runner = scratch_app.test_cli_runner()
    done = runner.invoke(
        cli, ["restore", str(backup)], input="n\n", obj=ScriptInfo(create_app=lambda: scratch_app)
    )
    assert done.exit_code == 1
    assert "Replace everything" in done.output
    assert _stored_words() == []


def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(scratch_app, tmp_path):
    _answered_response(WORDS)
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello")
    done = run_cli(scratch_app, "restore", "--yes", str(not_a_backup))
    assert done.exit_code == 1
    assert "is not a" in done.output
    assert "Traceback" not in done.output
    assert _stored_words() == [WORDS]


def test_without_pg_dump_on_path_the_error_says_what_to_install(tmp_path, monkeypatch):
    app = make_app("postgresql+psycopg://nobody@127.0.0.1:1/nothing")
    monkeypatch.setenv("PATH", str(tmp_path))
    with app.app_context():
        done = run_cli(app, "backup", str(tmp_path / "x.dump"))
    assert done.exit_code == 1
    assert "pg_dump was not found on PATH" in done.output
    assert "postgresql-client" in done.output
    assert not (tmp_path / "x.dump").exists()


@pytest.mark.slow
def test_the_check_script_restores_every_row_into_a_scratch_database(scratch_url):
    prepare_database(scratch_url)
    _add_answers(scratch_url, count=5)
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--database-url", scratch_url],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "OK:" in done.stdout
    assert any(line.split() == ["answers", "5", "5"] for line in done.stdout.splitlines())
    assert any(line.split() == ["consultations", "2", "2"] for line in done.stdout.splitlines())


def _add_answers(url: str, count: int) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        consultation = connection.scalar(select(Consultation.id).limit(1))
        response = connection.execute(
            insert(Response).values(consultation_id=consultation, language="pl", mode="self")
        ).inserted_primary_key[0]
        for number in range(count):
            connection.execute(
                insert(Answer).values(
                    response_id=response,
                    survey_id="safe-places-young-people",
                    survey_version=1,
                    question_id=f"question_{number}",
                    value=f"{WORDS} {number}",
                )
            )
    engine.dispose()
