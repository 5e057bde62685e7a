"""``safevoices backup PATH`` and ``safevoices restore PATH``: the whole database in one file.

SQLite is copied with its online backup API, safe while the app is serving. PostgreSQL uses
``pg_dump`` / ``pg_restore`` in their custom format; they must be on PATH, in the server's major
version. A backup is written beside its target and renamed into place, so a failed run never
leaves a half-written file under the name asked for. ``scripts/backup-restore-check`` proves a
backup restores with the same rows.
"""

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import URL, make_url

SQLITE_HEADER = b"SQLite format 3\x00"
PG_CUSTOM_HEADER = b"PGDMP"


class BackupError(Exception):
    """Something an operator can fix; the message says what."""


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Copy the whole database into PATH (SQLite file, or pg_dump's custom format)."""
    url = _database_url()
    try:
        backup(url, path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up {_describe(url)} to {path} ({path.stat().st_size:,} bytes).")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the database.")
@with_appcontext
def restore_command(path: Path, yes: bool) -> None:
    """Replace everything in the database with the backup in PATH."""
    url = _database_url()
    if not yes:
        click.confirm(f"Replace everything in {_describe(url)} with {path}?", abort=True)
    try:
        restore(url, path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored {_describe(url)} from {path}.")


COMMANDS = (backup_command, restore_command)


def backup(url: URL, path: Path) -> None:
    partial = path.with_name(path.name + ".partial")
    try:
        if _is_sqlite(url):
            _sqlite_copy(_sqlite_file(url, must_exist=True), partial)
        else:
            _run_pg("pg_dump", url, ["--format=custom", "--no-owner", f"--file={partial}"])
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def restore(url: URL, path: Path) -> None:
    with path.open("rb") as backup_file:
        header = backup_file.read(16)
    if _is_sqlite(url):
        if not header.startswith(SQLITE_HEADER):
            raise BackupError(f"{path} is not a SQLite backup, and this database is SQLite.")
        _sqlite_copy(path, _sqlite_file(url, must_exist=False))
        return
    if not header.startswith(PG_CUSTOM_HEADER):
        raise BackupError(
            f"{path} is not a PostgreSQL backup in pg_dump's custom format, "
            "and this database is PostgreSQL."
        )
    options = ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"]
    try:
        # Dropping a table waits for every open transaction on it: give up rather than hang.
        _run_pg("pg_restore", url, [*options, "--exit-on-error", str(path)], lock_timeout="20s")
    except BackupError as error:
        if "lock timeout" not in str(error):
            raise
        raise BackupError(
            "The database is in use: stop the app (and anything else connected) before restoring."
        ) from None


def _sqlite_copy(source: Path, target: Path) -> None:
    # The online backup API copies a consistent snapshot even while workers are writing.
    with closing(sqlite3.connect(source)) as origin, closing(sqlite3.connect(target)) as copy:
        origin.backup(copy)


def _sqlite_file(url: URL, must_exist: bool) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up or restored.")
    path = Path(url.database)
    if must_exist and not path.exists():
        raise BackupError(f"There is no database at {path}: nothing to back up.")
    return path


def _run_pg(tool: str, url: URL, arguments: list[str], lock_timeout: str = "0") -> None:
    program = shutil.which(tool)
    if program is None:
        raise BackupError(
            f"{tool} was not found on PATH. Install the PostgreSQL client tools of the same "
            "major version as the server (Debian: apt-get install postgresql-client) and retry."
        )
    # The password goes in the environment, not on the command line where `ps` would show it.
    environment = {
        **os.environ,
        "PGPASSWORD": url.password or os.environ.get("PGPASSWORD", ""),
        "PGOPTIONS": f"-c lock_timeout={lock_timeout}",
    }
    libpq = url.set(drivername="postgresql", password=None)
    dbname = libpq.render_as_string(hide_password=False)
    command = [program, f"--dbname={dbname}", *arguments]
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{tool} failed (exit {done.returncode}): {done.stderr.strip()}")


def _database_url() -> URL:
    return make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])


def _is_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite"


def _describe(url: URL) -> str:
    if _is_sqlite(url):
        return f"the SQLite database {url.database}"
    return f"the PostgreSQL database {url.database} on {url.host or 'the local socket'}"
