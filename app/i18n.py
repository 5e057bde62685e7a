"""Languages: which we offer, how a request's locale is chosen, and remembering the choice.

Order of choice: ``?lang=`` in the URL, then the ``lang`` cookie, then ``Accept-Language``, then
English. On a consultation's pages only its own languages (``Consultation.languages``, and
English always) are offered; any other choice falls back along that order.

The ``.mo`` files are built, not committed: ``compile_catalogs`` writes each one next to its
``.po`` when it is missing or older, so that a fresh clone serves every language with no extra
command (the instance folder takes them when ``translations/`` is read-only).
"""

import os
import tempfile
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, current_app, g, request
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from app.template_gettext import init_template_gettext

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
    """English plus every language that has a catalogue in ``translations/``.

    Found once when the app starts (``init_i18n``): this runs several times on every request.
    """
    app = app or current_app
    return list(app.extensions["locales"])


def _find_catalogues(app: Flask) -> tuple[str, ...]:
    folder = Path(app.config["TRANSLATIONS_DIR"])
    return tuple(
        code
        for code in LANGUAGES
        if code == "en" or (folder / code / "LC_MESSAGES" / "messages.po").exists()
    )


def offered_locales() -> list[str]:
    """The languages this page may be shown in, in the picker's order."""
    available = available_locales()
    chosen_by_consultation = _consultation_languages()
    if chosen_by_consultation is None:
        return available
    return [code for code in available if code == "en" or code in chosen_by_consultation]


def _consultation_languages() -> frozenset[str] | None:
    """The languages of the consultation this respondent page belongs to (None elsewhere)."""
    slug = (request.view_args or {}).get("slug")
    if request.blueprint != "respondent" or not slug:
        return None
    if "consultation_languages" not in g:
        from app.services.consultations import find_by_slug

        consultation = find_by_slug(slug)
        g.consultation_languages = (
            frozenset(consultation.languages or ()) if consultation is not None else None
        )
    return g.consultation_languages


def note_consultation_languages(languages: list[str] | None) -> None:
    """A respondent view that has loaded its consultation hands over its languages, so that
    choosing the locale does not read the same row a second time."""
    g.consultation_languages = frozenset(languages or ())


def offer_every_language() -> None:
    """Offer every language on this page without looking up its consultation (e.g. when the
    database is away)."""
    g.consultation_languages = None


def select_locale() -> Locale:
    """The request's language, decided once per combination of what the phone says."""
    return _choose(
        _asked_language(),
        request.cookies.get(LANGUAGE_COOKIE),
        request.headers.get("Accept-Language", ""),
        tuple(offered_locales()),
    )


def _asked_language() -> str | None:
    """``?lang=``, looked for only when there is a query: on most pages there is none, and
    ``request.args`` would build an empty dict and raise and catch a KeyError to say so."""
    return request.args.get("lang") if request.query_string else None


# A class's phones send a handful of Accept-Language headers; parsing one and matching it (and
# Flask-Babel's parsing of the answer) cost about 4 % of a question page each time.
@lru_cache(maxsize=1024)
def _choose(asked: str | None, remembered: str | None, accept: str, offered: tuple) -> Locale:
    chosen = asked or remembered
    if chosen not in offered:
        chosen = parse_accept_header(accept, LanguageAccept).best_match(offered) or "en"
    return Locale.parse(chosen)


def text_direction(locale: str) -> str:
    return "rtl" if locale in RTL_LANGUAGES else "ltr"


def remember_language_choice(response):
    """Keep an explicit ``?lang=`` choice in a cookie so the next page is in the same language."""
    chosen = _asked_language()
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


def compile_catalogs(source_dir: Path, target_dir: Path) -> list[str]:
    """Build ``messages.mo`` for each ``messages.po`` with none or an older one; return codes."""
    built = []
    for po_path in sorted(source_dir.glob("*/LC_MESSAGES/messages.po")):
        relative = po_path.relative_to(source_dir).with_suffix(".mo")
        mo_path = target_dir / relative
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        _write_mo_atomically(po_path, mo_path)
        built.append(relative.parts[0])
    return built


def _write_mo_atomically(po_path: Path, mo_path: Path) -> None:
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file)
    # A plural with one form left empty would show an empty label: leave it out, so English shows.
    for message in list(catalog)[1:]:
        if isinstance(message.string, tuple) and not all(message.string):
            catalog.delete(message.id, message.context)
    mo_path.parent.mkdir(parents=True, exist_ok=True)
    # Two workers may start at once: each writes its own file and renames it into place.
    handle, temporary = tempfile.mkstemp(dir=mo_path.parent, suffix=".mo.tmp")
    with os.fdopen(handle, "wb") as mo_file:
        write_mo(mo_file, catalog, use_fuzzy=False)
    os.replace(temporary, mo_path)


def _compiled_translations_dir(app: Flask) -> str:
    source = Path(app.config["TRANSLATIONS_DIR"])
    try:
        compile_catalogs(source, source)
    except OSError:
        target = Path(app.instance_path) / "translations"
        compile_catalogs(source, target)
        return str(target)
    return str(source)


def init_i18n(app: Flask) -> None:
    from app.extensions import babel

    app.extensions["locales"] = _find_catalogues(app)
    if "BABEL_TRANSLATION_DIRECTORIES" not in app.config:
        app.config["BABEL_TRANSLATION_DIRECTORIES"] = _compiled_translations_dir(app)
    babel.init_app(app, locale_selector=select_locale)
    init_template_gettext(app)
    app.after_request(remember_language_choice)
