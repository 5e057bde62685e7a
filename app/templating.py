"""What every template can use: the page's language and direction, and survey-text translation."""

from datetime import datetime
from functools import lru_cache

from flask import Flask, current_app, has_request_context, request, url_for
from flask_babel import format_datetime, get_locale, gettext

from app.i18n import LANGUAGES, offered_locales, text_direction
from app.language_picker import language_picker
from app.questionnaire.types import REGISTRY, QuestionType


def survey_text(text: str | None) -> str:
    """Translate a survey string (its English text is the msgid in the catalogues)."""
    return gettext(text) if text else ""


def age_band_label(band: str) -> str:
    """'6-11' → '6 to 11', '65+' → '65 or over', in the page's language."""
    if band.endswith("+"):
        return gettext("%(age)s or over", age=band[:-1])
    low, _sep, high = band.partition("-")
    return gettext("%(low)s to %(high)s", low=low, high=high) if high else band


def paragraphs(text: str) -> list[str]:
    """Split a survey text on its blank lines (YAML folds them into single newlines)."""
    return [part.strip() for part in text.split("\n") if part.strip()]


def format_opening(moment: datetime) -> str:
    return format_datetime(moment, "d MMMM y, HH:mm")


def question_type(question) -> QuestionType:
    return REGISTRY[question.type]


def selected_values(stored, submitted) -> list[str]:
    """What to show as chosen: this request's input after an error, else the saved answer."""
    if submitted is not None:
        return submitted.getlist("answer")
    if stored is None:
        return []
    if stored.is_skipped:
        return ["prefer_not_say"]
    return [str(v) for v in stored.value] if isinstance(stored.value, list) else [stored.value]


def static_url(filename: str) -> str:
    """``url_for('static', filename=...)``, worked out once per file: a respondent's page names
    eight static files, and building each address through the URL map cost 3 % of the page."""
    return _static_url(request.script_root if has_request_context() else "", filename)


@lru_cache(maxsize=1024)
def _static_url(script_root: str, filename: str) -> str:
    # ``script_root`` is in the key: the same files served under another prefix differ.
    return url_for("static", filename=filename)


def init_templating(app: Flask) -> None:
    app.jinja_env.globals.update(
        static_url=static_url,
        survey_text=survey_text,
        question_type=question_type,
        selected_values=selected_values,
        language_picker=language_picker,
    )
    app.jinja_env.filters.update(
        age_band_label=age_band_label, format_opening=format_opening, paragraphs=paragraphs
    )
    app.context_processor(_page_language)


def _page_language() -> dict:
    locale = str(get_locale() or "en")
    return {
        "page_lang": locale,
        "page_dir": text_direction(locale),
        "language_names": LANGUAGES,
        "offered_languages": offered_locales(),
        "neutral_exit_url": current_app.config["NEUTRAL_EXIT_URL"],
    }
