"""Babel extraction method for ``surveys/*.yaml``: survey text joins the UI in one catalogue.

Registered as the ``survey_yaml`` extractor (``pyproject.toml``, ``babel.extractors``) and named
in ``babel.cfg``. The msgids are exactly the strings the loader produces (stripped), so that
``survey_text(text)`` at render time finds them. A survey's ``translator_note`` becomes a
translator comment on each of its strings; a question's note is added to that question's strings.
"""

from collections.abc import Iterator

import yaml

SURVEY_TEXT_KEYS = ("title", "intro", "thank_you")
QUESTION_TEXT_KEYS = ("text", "help")

# (line number, funcname, message, comments), as Babel expects from an extraction method.
Extracted = tuple[int, str | None, str, list[str]]


def extract_survey(fileobj, keywords, comment_tags, options) -> Iterator[Extracted]:
    """Yield every translatable string of one survey file with its line number and comments."""
    root = yaml.compose(fileobj.read(), Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        return
    top = _mapping(root)
    survey_notes = _note(top)
    for key in SURVEY_TEXT_KEYS:
        yield from _scalar(top.get(key), survey_notes)
    questions = top.get("questions")
    if isinstance(questions, yaml.SequenceNode):
        for node in questions.value:
            if isinstance(node, yaml.MappingNode):
                yield from _question_strings(_mapping(node), survey_notes)


def _question_strings(question: dict, survey_notes: list[str]) -> Iterator[Extracted]:
    notes = survey_notes + _note(question)
    for key in QUESTION_TEXT_KEYS:
        yield from _scalar(question.get(key), notes)
    by_age = question.get("text_by_age")
    if isinstance(by_age, yaml.MappingNode):
        for band, wording in by_age.value:
            yield from _scalar(wording, [*notes, f"Wording for ages {band.value}."])
    options = question.get("options")
    if isinstance(options, yaml.SequenceNode):
        for option in options.value:
            if isinstance(option, yaml.MappingNode):
                yield from _scalar(_mapping(option).get("label"), notes)


def _mapping(node: yaml.MappingNode) -> dict:
    return {key.value: value for key, value in node.value if isinstance(key, yaml.ScalarNode)}


def _note(mapping: dict) -> list[str]:
    node = mapping.get("translator_note")
    if isinstance(node, yaml.ScalarNode) and node.value.strip():
        return [" ".join(node.value.split())]
    return []


def _scalar(node, comments: list[str]) -> Iterator[Extracted]:
    if isinstance(node, yaml.ScalarNode) and node.value.strip():
        yield node.start_mark.line + 1, None, node.value.strip(), list(comments)
