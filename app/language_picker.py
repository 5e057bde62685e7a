"""The respondent pages' language picker, rendered once per page address and language.

Every respondent page shows the same eleven links for the same address: building them (eleven
addresses, some fifty escapes) cost about 7 % of a question page's work. The fragment
depends only on the page's language, the languages offered, the page's address and the
translated label, so it is kept under exactly those, in a bounded cache.
"""

from functools import lru_cache

from flask import current_app, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup

from app.i18n import LANGUAGES, offered_locales

# Question pages × languages × consultations stay well under this; odd query strings just
# push the oldest out.
CACHED_PICKERS = 4096


def language_picker() -> Markup:
    """The picker for this page, or nothing when it is offered in one language only."""
    offered = tuple(offered_locales())
    if len(offered) < 2:
        return Markup()
    page_lang = str(get_locale() or "en")
    return _render(page_lang, offered, language_url_base(), _("Language"))


def language_url_base() -> str:
    """This page's address, keeping its query (e.g. ``?group=``) but not ``lang``, ready for
    ``lang=<code>`` to be added."""
    if request.endpoint is None:
        return "?"
    kept = request.args.to_dict() if request.method == "GET" else {}
    kept.pop("lang", None)
    base = url_for(request.endpoint, **{**(request.view_args or {}), **kept})
    return base + ("&" if "?" in base else "?")


@lru_cache(maxsize=CACHED_PICKERS)
def _render(page_lang: str, offered: tuple[str, ...], base: str, label: str) -> Markup:
    template = current_app.jinja_env.get_template("respondent/_language_picker.html")
    html = template.render(
        page_lang=page_lang, offered=offered, base=base, label=label, language_names=LANGUAGES
    )
    return Markup(html)  # noqa: S704 - rendered by our autoescaping template
