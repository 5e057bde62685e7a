"""The templates' ``_()``, ``gettext``, ``ngettext``, ``pgettext`` and ``survey_text``, bound
once per render.

Flask-Babel's Jinja functions look up the request's locale and translations afresh on every
call, through two layers of Jinja wrappers: 14 calls cost a respondent's question page about a
fifth of its time. A context processor runs once per ``render_template`` (inside any
``force_locale`` block), so it binds functions to that render's translations; they behave as
Jinja's "newstyle" gettext does (the string is always a %-format, variables are escaped when the
template autoescapes). Macros imported without context still use Flask-Babel's, which agree.
"""

from flask import Flask
from flask_babel import get_translations
from jinja2 import pass_eval_context
from markupsafe import Markup


def bound_gettext() -> dict:
    translations = get_translations()

    def _format(eval_ctx, text: str, variables: dict) -> str:
        if eval_ctx.autoescape:
            text = Markup(text)  # noqa: S704 - our own catalogue's text; the variables are escaped
        # Most strings have no placeholder: Markup's % would wrap and escape an empty dict.
        if not variables and "%" not in text:
            return text
        return text % variables

    @pass_eval_context
    def gettext(eval_ctx, string: str, /, **variables) -> str:
        return _format(eval_ctx, translations.ugettext(string), variables)

    @pass_eval_context
    def ngettext(eval_ctx, singular: str, plural: str, num: int, /, **variables) -> str:
        variables.setdefault("num", num)
        return _format(eval_ctx, translations.ungettext(singular, plural, num), variables)

    @pass_eval_context
    def pgettext(eval_ctx, context: str, string: str, /, **variables) -> str:
        variables.setdefault("context", context)
        return _format(eval_ctx, translations.upgettext(context, string), variables)

    @pass_eval_context
    def npgettext(eval_ctx, context: str, singular: str, plural: str, num: int, /, **variables):
        variables.setdefault("context", context)
        variables.setdefault("num", num)
        text = translations.unpgettext(context, singular, plural, num)
        return _format(eval_ctx, text, variables)

    def survey_text(text: str | None) -> str:
        """As ``app.templating.survey_text``: a survey's English text is its own msgid."""
        return translations.ugettext(text) if text else ""

    return {
        "_": gettext,
        "gettext": gettext,
        "ngettext": ngettext,
        "pgettext": pgettext,
        "npgettext": npgettext,
        "survey_text": survey_text,
    }


def init_template_gettext(app: Flask) -> None:
    app.context_processor(bound_gettext)
