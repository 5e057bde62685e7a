"""Languages: which we offer, how a request's locale is chosen, and remembering the choice.

Order of choice: ``?lang=`` in the URL, then the ``lang`` cookie, then ``Accept-Language``, then
English.
"""

from pathlib import Path

from flask import Flask, current_app, request

LANGUAGE_COOKIE = "lang"

# Each language named in itself, as the language picker shows it.
LANGUAGES: dict[str, str] = {
    "en": "English",
    "pl": "Polski",
    "ro": "Română",
    "pa": "ਪੰਜਾਬੀ",
    "ur": "اردو",
    "ar": "العربية",
    "so": "Soomaali",
    "ta": "தமிழ்",
    "gu": "ગુજરાતી",
    "bn": "বাংলা",
    "pt": "Português",
}
RTL_LANGUAGES = frozenset({"ar", "ur"})


def available_locales(app: Flask | None = None) -> list[str]:
    """English plus every language that has a catalogue in ``translations/``."""
    app = app or current_app
    folder = Path(app.config["TRANSLATIONS_DIR"])
    return [
        code
        for code in LANGUAGES
        if code == "en" or (folder / code / "LC_MESSAGES" / "messages.po").exists()
    ]


def select_locale() -> str:
    offered = available_locales()
    chosen = request.args.get("lang") or request.cookies.get(LANGUAGE_COOKIE)
    if chosen in offered:
        return chosen
    return request.accept_languages.best_match(offered) or "en"


def text_direction(locale: str) -> str:
    return "rtl" if locale in RTL_LANGUAGES else "ltr"


def remember_language_choice(response):
    """Keep an explicit ``?lang=`` choice in a cookie so the next page is in the same language."""
    chosen = request.args.get("lang")
    if chosen and chosen in available_locales() and request.cookies.get(LANGUAGE_COOKIE) != chosen:
        response.set_cookie(
            LANGUAGE_COOKIE,
            chosen,
            max_age=60 * 60 * 24 * 365,
            samesite="Lax",
            httponly=True,
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    return response


def init_i18n(app: Flask) -> None:
    from app.extensions import babel

    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", app.config["TRANSLATIONS_DIR"])
    babel.init_app(app, locale_selector=select_locale)
    app.after_request(remember_language_choice)
