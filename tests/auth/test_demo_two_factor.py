"""The demo's admin and safeguarding lead use two-factor sign-in, and the demo says how."""

import re
import subprocess
import sys

from click.testing import CliRunner

from app.cli import cli
from app.services import two_factor
from app.services.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, load_demo_data
from tests.pages import get_page


def test_demo_admin_and_safeguarding_lead_sign_in_with_the_demo_key(client):
    sign_ins = {s.role: s for s in load_demo_data()}
    assert sign_ins["admin"].totp_secret == DEMO_TOTP_SECRET
    assert sign_ins["safeguarding_lead"].totp_secret == DEMO_TOTP_SECRET
    assert sign_ins["pilot_lead"].totp_secret is None
    page = get_page(client, "/staff/sign-in")
    response = client.post(
        "/staff/sign-in",
        data={
            "csrf_token": page.csrf_token(),
            "email": sign_ins["admin"].email,
            "password": DEMO_PASSWORD,
        },
    )
    assert response.location == "/staff/sign-in/code"
    code_page = get_page(client, "/staff/sign-in/code")
    data = {"csrf_token": code_page.csrf_token(), "code": two_factor.code_for(DEMO_TOTP_SECRET)}
    assert client.post("/staff/sign-in/code", data=data).location == "/staff/"
    assert get_page(client, "/staff/users").has_text("Users")
    # loading the demo again changes nothing and still reports the key
    again = {s.role: s for s in load_demo_data()}
    assert again["admin"].totp_secret == DEMO_TOTP_SECRET


def test_the_demo_prints_the_key_and_a_command_that_prints_a_code(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'demo.db'}")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    result = CliRunner().invoke(cli, ["demo", "--no-serve", "--no-sample-answers"])
    assert result.exit_code == 0, result.output
    assert two_factor.readable_secret(DEMO_TOTP_SECRET) in result.output
    command = re.search(r'python -c "(.+)"', result.output).group(1)
    printed = subprocess.run(  # noqa: S603 - the command the demo prints, run as a reader would
        [sys.executable, "-c", command], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert re.fullmatch(r"\d{6}", printed)
    assert two_factor.matching_step(DEMO_TOTP_SECRET, printed) is not None
