"""Safe Voices: child-friendly, multilingual safeguarding consultations.

``create_app`` is only wiring: configuration, extensions, surveys, blueprints, error pages.
"""

from flask import Flask

from app.config import ensure_secret_key, from_environment, settle_cookie_security


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    settings = from_environment(app.instance_path)
    settings.update(config or {})
    ensure_secret_key(settings)
    settle_cookie_security(settings)
    app.config.update(settings)
    _make_instance_folder(app)

    from app import database, errors, i18n, logging_setup, security, staff_templating, templating
    from app.auth.session import init_sessions
    from app.cookie_session import init_cookie_sessions
    from app.page_cache import init_page_cache
    from app.questionnaire import init_surveys

    logging_setup.init_logging(app)
    trust_proxies(app)
    database.init_database(app)
    i18n.init_i18n(app)
    security.init_security(app)
    security.init_rate_limits(app)
    init_cookie_sessions(app)
    init_sessions(app)
    templating.init_templating(app)
    init_page_cache(app)
    staff_templating.init_staff_templating(app)
    init_surveys(app)
    register_blueprints(app)
    errors.register_error_pages(app)
    return app


def register_blueprints(app: Flask) -> None:
    from app.admin import blueprint as admin
    from app.auth import blueprint as auth
    from app.dashboard import blueprint as dashboard
    from app.health import blueprint as health
    from app.live import blueprint as live
    from app.pilot import blueprint as pilot
    from app.respondent import blueprint as respondent
    from app.safeguarding import blueprint as safeguarding
    from app.themes import blueprint as themes

    blueprints = (health, respondent, auth, dashboard, admin, safeguarding, themes, pilot, live)
    for blueprint in blueprints:
        app.register_blueprint(blueprint)


def trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES reverse proxies, take the client's scheme, host and address from
    their X-Forwarded-* headers: HTTPS is seen (HSTS, Secure cookies) and rate limits count per
    client, not per proxy."""
    hops = app.config["TRUSTED_PROXIES"]
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)


def _make_instance_folder(app: Flask) -> None:
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        from pathlib import Path

        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
