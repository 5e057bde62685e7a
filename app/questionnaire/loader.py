"""Loads ``surveys/*.yaml`` into frozen dataclasses, validating as it goes.

A broken file raises ``SurveyFileError`` with one message naming the file, the question and the
problem, so that whoever edited it can fix it without reading a stack trace.
"""

import hashlib
import re
from pathlib import Path

import yaml

# libyaml's safe loader when PyYAML was built with it (its wheels are): the same documents, read
# several times faster. Every app reads every survey file at start-up, and the tests make
# thousands of apps.
try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - a PyYAML built without libyaml
    from yaml import SafeLoader

from app.questionnaire.schema import OTHER_PLACE, SKIP_VALUE, Option, Question, Survey
from app.questionnaire.types import REGISTRY, TYPES_WITH_OWN_OPTIONS

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
SURVEY_ID_PATTERN = re.compile(r"^[a-z][a-z0-9-]*$")
PLACE_SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TOP_LEVEL_KEYS = {
    "id",
    "version",
    "title",
    "intro",
    "audiences",
    "age_bands",
    "child_friendly",
    "ask_group",
    "thank_you",
    "translator_note",
    "questions",
}
QUESTION_KEYS = {
    "id",
    "type",
    "text",
    "text_by_age",
    "help",
    "options",
    "show_if",
    "ages",
    "kpi",
    "construct",
    "time_of_day",
    "max_length",
    "min",
    "max",
    "allow_other",
    "place",
    "translator_note",
}
MAX_TEXT_LENGTH = 5000


class SurveyFileError(ValueError):
    def __init__(self, path: str, problem: str, question_id: str | None = None):
        where = f"{path}: question '{question_id}': " if question_id else f"{path}: "
        super().__init__(where + problem)
        self.path, self.question_id, self.problem = path, question_id, problem


def load_survey_file(path: Path | str) -> Survey:
    path = Path(path)
    raw_bytes = path.read_bytes()
    try:
        data = yaml.load(raw_bytes, Loader=SafeLoader)
    except yaml.YAMLError as error:
        raise SurveyFileError(str(path), f"is not valid YAML ({error})") from None
    survey = parse_survey(data, str(path))
    digest = hashlib.sha256(raw_bytes).hexdigest()
    return Survey(**{**survey.__dict__, "source_file": str(path), "content_hash": digest})


def load_surveys(directory: Path | str) -> dict[tuple[str, int], Survey]:
    surveys: dict[tuple[str, int], Survey] = {}
    for path in sorted(Path(directory).glob("*.yaml")):
        survey = load_survey_file(path)
        if survey.key in surveys:
            raise SurveyFileError(
                str(path), f"survey '{survey.id}' version {survey.version} is defined twice"
            )
        surveys[survey.key] = survey
    return surveys


def parse_survey(data: object, path: str) -> Survey:
    if not isinstance(data, dict):
        raise SurveyFileError(path, "must be a mapping with id, version, title and questions")
    _check_keys(data, TOP_LEVEL_KEYS, path)
    for key in ("id", "version", "title", "intro", "audiences", "questions"):
        if key not in data:
            raise SurveyFileError(path, f"is missing '{key}'")
    if not isinstance(data["id"], str) or not SURVEY_ID_PATTERN.match(data["id"]):
        raise SurveyFileError(path, "'id' must be kebab-case, like 'safe-places-young-people'")
    if not isinstance(data["version"], int) or data["version"] < 1:
        raise SurveyFileError(path, "'version' must be a whole number, 1 or more")
    age_bands = _string_tuple(data.get("age_bands", []), path, "age_bands")
    questions = _parse_questions(data["questions"], path, age_bands)
    return Survey(
        id=data["id"],
        version=data["version"],
        title=_text(data, "title", path),
        intro=_text(data, "intro", path),
        audiences=_string_tuple(data["audiences"], path, "audiences"),
        questions=questions,
        age_bands=age_bands,
        child_friendly=bool(data.get("child_friendly", True)),
        ask_group=bool(data.get("ask_group", False)),
        thank_you=_text(data, "thank_you", path, required=False),
    )


def _parse_questions(raw: object, path: str, age_bands: tuple[str, ...]) -> tuple[Question, ...]:
    if not isinstance(raw, list) or not raw:
        raise SurveyFileError(path, "'questions' must be a non-empty list")
    questions: list[Question] = []
    for position, item in enumerate(raw, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise SurveyFileError(path, f"question number {position} has no 'id'")
        question = _parse_question(item, path, age_bands)
        if any(q.id == question.id for q in questions):
            raise SurveyFileError(path, "this id is used twice", question.id)
        _check_show_if(question, questions, path)
        questions.append(question)
    return tuple(questions)


def _parse_question(item: dict, path: str, age_bands: tuple[str, ...]) -> Question:
    qid = item["id"]
    if not ID_PATTERN.match(qid):
        raise SurveyFileError(path, "ids must be snake_case, like 'feel_safe_area'", qid)
    _check_keys(item, QUESTION_KEYS, path, qid)
    qtype = item.get("type")
    if qtype not in REGISTRY:
        known = ", ".join(REGISTRY)
        raise SurveyFileError(path, f"unknown type '{qtype}' (known types: {known})", qid)
    text = _text(item, "text", path, qid=qid)
    text_by_age = _mapping_of_text(item.get("text_by_age", {}), path, qid, "text_by_age")
    for band in text_by_age:
        if band not in age_bands:
            raise SurveyFileError(
                path,
                f"text_by_age names age band '{band}' that the survey does not list in age_bands",
                qid,
            )
    ages = _string_tuple(item.get("ages", []), path, "ages", qid)
    if unknown := [band for band in ages if band not in age_bands]:
        raise SurveyFileError(path, f"'ages' names unknown age band(s): {', '.join(unknown)}", qid)
    return Question(
        id=qid,
        type=qtype,
        text=text,
        text_by_age=text_by_age,
        help=_text(item, "help", path, required=False, qid=qid),
        options=_parse_options(item, qtype, path, qid),
        show_if=_parse_show_if(item.get("show_if", {}), path, qid),
        ages=ages,
        kpi=item.get("kpi"),
        construct=item.get("construct"),
        time_of_day=item.get("time_of_day"),
        max_length=_bounded_int(item, "max_length", 1000, path, qid, 1, MAX_TEXT_LENGTH),
        min=item.get("min"),
        max=item.get("max"),
        allow_other=bool(item.get("allow_other", False)),
        place=_map_place(item, qtype, path, qid),
    )


def _map_place(item: dict, qtype: str, path: str, qid: str) -> str | None:
    """A map question names its place by slug; whether the place exists is checked when the
    survey is used, since places are data that admins add after the survey file is written."""
    place = item.get("place")
    if qtype != "map":
        if place is not None:
            raise SurveyFileError(path, "only a 'map' question can have 'place'", qid)
        return None
    if not isinstance(place, str) or not PLACE_SLUG_PATTERN.match(place):
        raise SurveyFileError(
            path, "a 'map' question needs 'place': the short name of a place, like 'hayes'", qid
        )
    return place


def _parse_options(item: dict, qtype: str, path: str, qid: str) -> tuple[Option, ...]:
    raw = item.get("options")
    kind = REGISTRY[qtype]
    if raw is None:
        if qtype in TYPES_WITH_OWN_OPTIONS:
            raise SurveyFileError(path, f"a '{qtype}' question needs 'options'", qid)
        return kind.default_options() if kind.default_options else ()
    if not kind.has_options:
        raise SurveyFileError(path, f"a '{qtype}' question cannot have 'options'", qid)
    if not isinstance(raw, list) or len(raw) < 2:
        raise SurveyFileError(path, "'options' must be a list of at least two choices", qid)
    options = tuple(_parse_option(entry, path, qid) for entry in raw)
    values = [option.value for option in options]
    if len(set(values)) != len(values):
        raise SurveyFileError(path, "two options share the same value", qid)
    if SKIP_VALUE in values or OTHER_PLACE in values:
        raise SurveyFileError(
            path, f"option values '{SKIP_VALUE}' and '{OTHER_PLACE}' are reserved", qid
        )
    if qtype == "faces" and len(options) != 5:
        raise SurveyFileError(path, "a 'faces' question has exactly five faces", qid)
    return options


def _parse_option(entry: object, path: str, qid: str) -> Option:
    if not isinstance(entry, dict) or set(entry) != {"value", "label"}:
        raise SurveyFileError(path, "each option needs exactly 'value' and 'label'", qid)
    value, label = entry["value"], entry["label"]
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise SurveyFileError(path, f"option value '{value}' must be snake_case", qid)
    if not isinstance(label, str) or not label.strip():
        raise SurveyFileError(path, f"option '{value}' needs a label", qid)
    return Option(value, label.strip())


def _parse_show_if(raw: object, path: str, qid: str) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, dict):
        raise SurveyFileError(path, "'show_if' must map a question id to a list of values", qid)
    return {
        str(key): _string_tuple(
            values if isinstance(values, list) else [values], path, "show_if", qid
        )
        for key, values in raw.items()
    }


def _check_show_if(question: Question, earlier: list[Question], path: str) -> None:
    by_id = {q.id: q for q in earlier}
    for other_id, values in question.show_if.items():
        other = by_id.get(other_id)
        if other is None:
            raise SurveyFileError(
                path,
                f"show_if refers to '{other_id}', which is not an earlier question",
                question.id,
            )
        offered = set(other.option_values()) | {OTHER_PLACE}
        if other.type in ("places", "text", "number"):
            continue  # places come from the consultation; text and number have no fixed values
        if unknown := [v for v in values if v not in offered]:
            raise SurveyFileError(
                path,
                f"show_if expects value(s) {', '.join(unknown)} that '{other_id}' does not offer",
                question.id,
            )


def _check_keys(data: dict, allowed: set[str], path: str, qid: str | None = None) -> None:
    if unknown := sorted(set(data) - allowed):
        raise SurveyFileError(path, f"unknown key(s): {', '.join(map(str, unknown))}", qid)


def _text(data: dict, key: str, path: str, required: bool = True, qid: str | None = None) -> str:
    value = data.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise SurveyFileError(path, f"'{key}' must be some text", qid)
    return value.strip()


def _mapping_of_text(raw: object, path: str, qid: str, key: str) -> dict[str, str]:
    if not isinstance(raw, dict) or not all(isinstance(v, str) and v.strip() for v in raw.values()):
        raise SurveyFileError(path, f"'{key}' must map an age band to some text", qid)
    return {str(k): v.strip() for k, v in raw.items()}


def _string_tuple(raw: object, path: str, key: str, qid: str | None = None) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(v, str | int) for v in raw):
        raise SurveyFileError(path, f"'{key}' must be a list of names", qid)
    return tuple(str(v) for v in raw)


def _bounded_int(item, key, default, path, qid, low, high) -> int:
    value = item.get(key, default)
    if not isinstance(value, int) or not low <= value <= high:
        raise SurveyFileError(path, f"'{key}' must be a whole number from {low} to {high}", qid)
    return value
