"""The ``safevoices`` command: a Flask CLI group with Safe Voices' own commands.

``safevoices db upgrade`` comes from Flask-Migrate; the commands here cover the demo, survey
checks and staff accounts.
"""

import sys

import click
from flask.cli import FlaskGroup, routes_command, shell_command, with_appcontext
from flask_migrate.cli import db as migrate_commands

from app import create_app
from app.backup_commands import COMMANDS as BACKUP_COMMANDS
from app.export_commands import export_command
from app.i18n_commands import COMMANDS as I18N_COMMANDS
from app.kpi_commands import kpi_command
from app.models import ROLES
from app.screen_commands import screen_command, send_alerts_command
from app.theme_commands import theme_command
from app.xlsform_commands import import_xlsform_command


def _create_cli_app():
    # Commands never serve requests (there is no 'run'; 'demo' builds its own app), so an
    # in-memory key is safe here and saves operators from setting one just to migrate.
    return create_app({"CLI": True})


@click.group(
    cls=FlaskGroup, create_app=_create_cli_app, add_default_commands=False, add_version_option=False
)
def cli():
    """Safe Voices: child-friendly safeguarding consultations."""


cli.add_command(migrate_commands, "db")
cli.add_command(export_command)
cli.add_command(import_xlsform_command)
cli.add_command(theme_command)
cli.add_command(kpi_command)
for i18n_command in I18N_COMMANDS:
    cli.add_command(i18n_command)
cli.add_command(screen_command)
cli.add_command(send_alerts_command)
for backup_command in BACKUP_COMMANDS:
    cli.add_command(backup_command)
cli.add_command(shell_command)
cli.add_command(routes_command)


def main() -> None:
    cli(prog_name="safevoices")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to serve on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to serve on.")
@click.option("--no-serve", is_flag=True, help="Set everything up, print the links and stop.")
@click.option(
    "--no-sample-answers", is_flag=True, help="Leave the consultations without made-up answers."
)
def demo(host: str, port: int, no_serve: bool, no_sample_answers: bool) -> None:
    """Create the database, load surveys and demo data, print the links and serve."""
    from flask_migrate import upgrade

    from app.questionnaire import SurveyFileError
    from app.services.demo import load_demo_data
    from app.services.demo_answers import load_demo_answers
    from app.services.surveys import PublishedSurveyChangedError, sync_surveys

    try:
        app = create_app({"DEMO": True})
        with app.app_context():
            upgrade()
            sync_surveys()
            sign_ins = load_demo_data()
            if not no_sample_answers and (added := load_demo_answers()):
                click.echo(f"Added {added} made-up sample responses so the dashboards have data.")
            _print_demo_links(app, host, port, sign_ins)
    except (SurveyFileError, PublishedSurveyChangedError) as error:
        raise click.ClickException(str(error)) from None
    if not no_serve:
        from werkzeug.serving import run_simple

        # app.run() is a no-op inside a Flask CLI command, so serve with Werkzeug directly.
        click.echo(f"Serving on {base_url(host, port)} (press Ctrl+C to stop).")
        run_simple(host, port, app, threaded=True)


def base_url(host: str, port: int) -> str:
    return f"http://{host}:{port}"


def _print_demo_links(app, host, port, sign_ins) -> None:
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Consultation

    base = base_url(host, port)
    click.echo(f"Safe Voices demo is ready (database: {app.config['SQLALCHEMY_DATABASE_URI']}).")
    click.echo("\nConsultations (respondent links):")
    for consultation in db.session.scalars(select(Consultation).order_by(Consultation.id)):
        click.echo(f"  {consultation.title}: {base}/s/{consultation.slug}")
    click.echo(f"\nStaff sign-in at {base}/staff/ :")
    for sign_in in sign_ins:
        click.echo(f"  {sign_in.role:<22} {sign_in.email:<34} password: {sign_in.password}")
    _print_demo_codes({s.totp_secret for s in sign_ins if s.totp_secret})
    click.echo("")


def _print_demo_codes(secrets: set[str]) -> None:
    """How the demo admin and safeguarding lead get past two-factor sign-in."""
    from app.services.two_factor import readable_secret

    for secret in sorted(secrets):
        click.echo(
            "\nThe admin and the safeguarding lead also need a 6-digit code after the password.\n"
            f"  Add this key to an authenticator app: {readable_secret(secret)}\n"
            "  or print the current code with:\n"
            f"  python -c \"import pyotp; print(pyotp.TOTP('{secret}').now())\""
        )


@cli.group()
def surveys() -> None:
    """Survey definition files."""


@surveys.command("check")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder of survey files (default: the app's surveys folder).",
)
def surveys_check(directory: str | None) -> None:
    """Validate every survey file; exits 1 with a clear message on the first problem."""
    from app.config import PROJECT_ROOT
    from app.questionnaire.loader import SurveyFileError, load_surveys

    folder = directory or str(PROJECT_ROOT / "surveys")
    try:
        loaded = load_surveys(folder)
    except SurveyFileError as error:
        click.echo(f"Problem: {error}", err=True)
        sys.exit(1)
    for survey in loaded.values():
        click.echo(
            f"ok  {survey.id} v{survey.version}: {len(survey.questions)} questions "
            f"({survey.source_file})"
        )
    click.echo(f"{len(loaded)} survey file(s) are valid.")


@cli.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--name", default="", help="The person's name, as staff pages show it.")
@click.password_option(help="Prompted for when not given.")
@with_appcontext
def create_user(email: str, role: str, name: str, password: str) -> None:
    """Create a staff account."""
    from app.services.users import UserError
    from app.services.users import create_user as create

    try:
        user = create(email, role, password, name)
    except UserError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Created {user.email} ({user.role}).")


@cli.command("reset-2fa")
@click.argument("email")
@with_appcontext
def reset_two_factor(email: str) -> None:
    """Clear a staff account's two-factor sign-in (lost phone and recovery codes)."""
    from app.services import two_factor, users

    user = users.find_by_email(email)
    if user is None:
        raise click.ClickException(f"No staff account has the e-mail address {email}.")
    two_factor.reset(user, None)
    click.echo(
        f"Two-factor sign-in cleared for {user.email}; their sessions have ended. "
        "They set it up again at their next sign-in."
    )


@cli.command()
@click.option(
    "--days",
    type=click.IntRange(min=1),
    default=None,
    help="Retention period in days (default: RETENTION_DAYS, 365).",
)
@click.option("--dry-run", is_flag=True, help="Say what would be deleted, delete nothing.")
@with_appcontext
def purge(days: int | None, dry_run: bool) -> None:
    """Empty free text and delete partial responses older than the retention period."""
    from flask import current_app

    from app.services.retention import purge as run_purge

    report = run_purge(days or current_app.config["RETENTION_DAYS"], dry_run=dry_run)
    verb = "Would empty" if dry_run else "Emptied"
    click.echo(
        f"{verb} {report.texts_emptied} free-text answer(s) and "
        f"{'would delete' if dry_run else 'deleted'} {report.partial_responses_deleted} "
        f"partial response(s) from before {report.cutoff:%Y-%m-%d %H:%M} UTC."
    )
    if report.kept_for_safeguarding:
        click.echo(
            f"Kept {report.kept_for_safeguarding} answer(s) with a safeguarding flag "
            "that has not been reviewed yet."
        )


if __name__ == "__main__":
    main()
