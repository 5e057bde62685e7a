"""Configuration from environment variables.

``SECRET_KEY`` is required unless the app runs in debug, demo or test mode: a production server
must never start with a key nobody chose. A generated key lives only in memory.
"""

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class MissingSecretKeyError(RuntimeError):
    """Raised when a production app starts without SECRET_KEY."""


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def from_environment(instance_path: str) -> dict:
    """The settings this process gets from its environment, with safe defaults."""
    database_url = os.environ.get("DATABASE_URL") or (
        "sqlite:///" + str(Path(instance_path) / "safevoices.db")
    )
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY"),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "DEBUG": _flag("FLASK_DEBUG"),
        "DEMO": _flag("SAFEVOICES_DEMO"),
        "TESTING": False,
        "SURVEYS_DIR": os.environ.get("SAFEVOICES_SURVEYS_DIR", str(PROJECT_ROOT / "surveys")),
        "TRANSLATIONS_DIR": str(PROJECT_ROOT / "translations"),
        "RETENTION_DAYS": int(os.environ.get("RETENTION_DAYS", "365")),
        # Questions × languages × age bands × ticked choices of the open consultations fit
        # easily; at about 12 KB a page, some 6 MB per worker at most.
        "PAGE_CACHE_SIZE": int(os.environ.get("PAGE_CACHE_SIZE", "512")),
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL", ""),
        "PREFERRED_URL_SCHEME": os.environ.get("PREFERRED_URL_SCHEME", "http"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Secure cookies unless told otherwise; development modes serve plain HTTP on loopback.
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "").strip() or None,
        "WTF_CSRF_TIME_LIMIT": None,
        "RESUME_COOKIE_DAYS": 14,
        "BABEL_DEFAULT_TIMEZONE": "Europe/London",
        "NEUTRAL_EXIT_URL": os.environ.get("NEUTRAL_EXIT_URL", "https://www.bbc.co.uk/weather"),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "swept-memory://"),
        # No X-RateLimit-* headers: no page reads them, and working them out cost 3 % of an
        # answer; a refused request still gets Retry-After (``security.too_many_requests``).
        "RATELIMIT_HEADERS_ENABLED": False,
        # Only for load and fault tests from one loopback address; never in production.
        "RATELIMIT_ENABLED": os.environ.get("RATELIMIT_ENABLED", "1").strip().lower()
        not in {"0", "false", "no", "off"},
        # How many reverse proxies (nginx, a load balancer) stand in front and set X-Forwarded-*.
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0")),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO").upper(),
        "STAFF_IDLE_MINUTES": int(os.environ.get("STAFF_IDLE_MINUTES", "30")),
        **_mail_settings(),
        # The codebook that theming reads and that "Add to codebook" writes a new version of.
        "CODEBOOK_PATH": os.environ.get(
            "SAFEVOICES_CODEBOOK", str(PROJECT_ROOT / "analysis" / "data" / "codebook.yaml")
        ),
    }


def _mail_settings() -> dict:
    """SMTP for safeguarding alerts; without MAIL_SERVER, e-mails wait in the app's outbox."""
    return {
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": _flag("MAIL_USE_TLS"),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "safevoices@localhost"),
    }


def settle_cookie_security(config: dict) -> None:
    """Cookies are Secure in production unless SESSION_COOKIE_SECURE=0 says otherwise."""
    raw = config.get("SESSION_COOKIE_SECURE")
    if isinstance(raw, bool):
        return
    if raw is None:
        development = any(config.get(mode) for mode in ("DEBUG", "DEMO", "TESTING", "CLI"))
        config["SESSION_COOKIE_SECURE"] = not development
    else:
        config["SESSION_COOKIE_SECURE"] = str(raw).lower() in {"1", "true", "yes", "on"}


def ensure_secret_key(config: dict) -> None:
    """Fail fast in production; give debug, demo, test and CLI runs an in-memory key."""
    if config.get("SECRET_KEY"):
        return
    if any(config.get(mode) for mode in ("DEBUG", "DEMO", "TESTING", "CLI")):
        config["SECRET_KEY"] = secrets.token_hex(32)
        return
    raise MissingSecretKeyError(
        "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random value "
        "(for example: python -c 'import secrets; print(secrets.token_hex(32))'), "
        "or run 'safevoices demo' to try Safe Voices locally."
    )
