"""The question-type registry: each type's default options, template partial and parser.

Adding a question type means one entry here and one partial in
``templates/respondent/questions/``; nothing else changes.
"""

from collections.abc import Callable
from dataclasses import dataclass

from app.questionnaire.schema import FACE_VALUES, YESNO_VALUES, Option


def N_(text: str) -> str:  # noqa: N802 - the conventional gettext no-op marker
    """Mark a string for extraction; it is translated where it is shown."""
    return text


class AnswerError(ValueError):
    """The respondent's input cannot be stored; the message is shown to them as it is."""


@dataclass(frozen=True)
class QuestionType:
    name: str
    partial: str
    is_multiple: bool = False
    has_options: bool = False
    default_options: Callable[[], tuple[Option, ...]] | None = None
    answers: bool = True
    # Choice-like types offer "Rather not say" among their options; the others need a button.
    has_skip_button: bool = False


def _faces() -> tuple[Option, ...]:
    labels = (
        N_("Very safe"),
        N_("Fairly safe"),
        N_("Not sure"),
        N_("A bit unsafe"),
        N_("Very unsafe"),
    )
    return tuple(Option(v, label) for v, label in zip(FACE_VALUES, labels, strict=True))


def _yesno() -> tuple[Option, ...]:
    labels = (N_("Yes"), N_("No"), N_("Not sure"))
    return tuple(Option(v, label) for v, label in zip(YESNO_VALUES, labels, strict=True))


REGISTRY: dict[str, QuestionType] = {
    t.name: t
    for t in (
        QuestionType("info", "info", answers=False),
        QuestionType("single", "choice", has_options=True),
        QuestionType("multi", "choice", is_multiple=True, has_options=True, has_skip_button=True),
        QuestionType("faces", "faces", has_options=True, default_options=_faces),
        QuestionType("scale", "choice", has_options=True),
        QuestionType("yesno", "choice", has_options=True, default_options=_yesno),
        QuestionType("places", "choice", is_multiple=True),
        QuestionType("text", "text", has_skip_button=True),
        QuestionType("number", "number", has_skip_button=True),
        QuestionType("map", "map", has_skip_button=True),
    )
}

TYPES_WITH_OWN_OPTIONS = ("single", "multi", "scale")
