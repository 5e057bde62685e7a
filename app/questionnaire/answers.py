"""Turns what a respondent submitted for one question into a value to store, or a friendly error."""

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.datastructures import MultiDict

from app.questionnaire.map_answer import parse_map
from app.questionnaire.schema import OTHER_PLACE, SKIP_VALUE, Question
from app.questionnaire.types import N_, REGISTRY, AnswerError

MAX_NUMBER_DIGITS = 9


@dataclass(frozen=True)
class ParsedAnswer:
    value: object | None
    is_skipped: bool


SKIPPED = ParsedAnswer(None, True)


def choices_for(question: Question, place_choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(value, English label) pairs offered for a choice question, before 'rather not say'.

    ``place_choices`` are the named places the question offers, as (slug, name): the
    consultation's for a "places" question, those of its own place for a "map" question
    (``consultations.offered_places`` reads them); other questions ignore them.
    """
    if question.type == "map":
        return list(place_choices)
    if question.type == "places":
        extra = [(OTHER_PLACE, N_("Somewhere else"))] if question.allow_other else []
        return list(place_choices) + extra
    return [(option.value, option.label) for option in question.options]


def parse_answer(
    question: Question, form: MultiDict, skip: bool, place_choices: list[tuple[str, str]]
) -> ParsedAnswer:
    """Validate one question's input; raises AnswerError with a message for the respondent.
    ``place_choices`` as for ``choices_for``."""
    if skip or not REGISTRY[question.type].answers:
        return SKIPPED
    if question.type == "text":
        return _parse_text(question, form.get("answer", ""))
    if question.type == "number":
        return _parse_number(question, form.get("answer", "").strip())
    if question.type == "map":
        if form.getlist("answer"):
            # a page that offers a map question as plain choices (paper entry) would lose them
            raise AnswerError(
                _("A map answer cannot be entered as a list of choices. Leave it blank here.")
            )
        value = parse_map(form, [slug for slug, _name in place_choices])
        return SKIPPED if value is None else ParsedAnswer(value, False)
    allowed = {value for value, _label in choices_for(question, place_choices)}
    if REGISTRY[question.type].is_multiple:
        return _parse_multiple(form.getlist("answer"), allowed)
    chosen = form.getlist("answer")
    if len(chosen) > 1:
        raise AnswerError(_("Please choose only one answer."))
    return _parse_single(chosen[0] if chosen else "", allowed)


def _parse_single(value: str, allowed: set[str]) -> ParsedAnswer:
    if value == SKIP_VALUE:
        return SKIPPED
    if not value:
        raise AnswerError(_("Choose an answer, or choose \u201cI\u2019d rather not say\u201d."))
    if value not in allowed:
        raise AnswerError(_("That answer is not one of the choices. Please choose again."))
    return ParsedAnswer(value, False)


def _parse_multiple(values: list[str], allowed: set[str]) -> ParsedAnswer:
    if SKIP_VALUE in values:
        if len(values) > 1:
            raise AnswerError(
                _(
                    "You chose \u201cI\u2019d rather not say\u201d and an answer. "
                    "Please choose one or the other."
                )
            )
        return SKIPPED
    if not values:
        raise AnswerError(
            _("Choose one or more answers, or choose \u201cI\u2019d rather not say\u201d.")
        )
    if any(value not in allowed for value in values):
        raise AnswerError(_("That answer is not one of the choices. Please choose again."))
    return ParsedAnswer(sorted(set(values), key=values.index), False)


def _parse_text(question: Question, text: str) -> ParsedAnswer:
    text = text.replace("\r\n", "\n").replace("\x00", "").strip()
    if not text:
        return SKIPPED
    if len(text) > question.max_length:
        over = len(text) - question.max_length
        raise AnswerError(
            ngettext(
                "Your answer is %(over)d character too long. It can be up to %(limit)d "
                "characters. Please make it a little shorter.",
                "Your answer is %(over)d characters too long. It can be up to %(limit)d "
                "characters. Please make it a little shorter.",
                over,
                over=over,
                limit=question.max_length,
            )
        )
    return ParsedAnswer(text, False)


def _parse_number(question: Question, raw: str) -> ParsedAnswer:
    if not raw:
        return SKIPPED
    # isdecimal, not isdigit: "\u00b2" is a digit to Python, yet int() cannot read it; and one
    # minus sign only ("--5" is not a number)
    if not raw.removeprefix("-").isdecimal() or len(raw) > MAX_NUMBER_DIGITS:
        raise AnswerError(_("Please write a whole number, like 3."))
    number = int(raw)
    low = question.min if question.min is not None else -(10**8)
    high = question.max if question.max is not None else 10**8
    if not low <= number <= high:
        raise AnswerError(_("Please write a number from %(low)d to %(high)d.", low=low, high=high))
    return ParsedAnswer(number, False)
