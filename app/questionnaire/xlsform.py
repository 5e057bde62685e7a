"""Converts a KoboToolbox/ODK XLSForm into a Safe Voices survey file and its translations.

Teams that already ran a consultation in KoboToolbox can bring the form across instead of typing
it again. pyxform (the reference XLSForm parser) reads the workbook, so we accept exactly what
Kobo and ODK accept; this module only maps the parsed form onto our format
(docs/survey-format.md) and says plainly what it could not carry over (docs/xlsform.md).

The result is checked with our own loader, so a conversion either gives a valid survey file or
raises ``XLSFormError`` with a message for the person importing it.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import yaml
from babel import Locale, localedata
from babel.core import UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from pyxform.errors import PyXFormError
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import get_xlsform

from app.questionnaire.loader import SURVEY_ID_PATTERN, SurveyFileError, parse_survey
from app.questionnaire.schema import OTHER_PLACE, SKIP_VALUE

TYPE_MAP = {"select one": "single", "select all that apply": "multi", "text": "text"}
TYPE_MAP |= {"integer": "number", "note": "info"}
SECTION_TYPES = ("group", "repeat")
METADATA_TYPES = {
    "start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber",
    "username", "email", "audit", "start-geopoint", "background-audio",
}  # fmt: skip
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls")
YESNO_CHOICES = ({"yes", "no"}, {"yes", "no", "not_sure"})
RESERVED_VALUES = (SKIP_VALUE, OTHER_PLACE)
INTRO_PLACEHOLDER = "Imported from {form}. Before publishing, say here who is asking and why."
IMPORTER = "the form's authors (safevoices import-xlsform)"


class XLSFormError(ValueError):
    """The file cannot be converted; the message is meant for the person importing it."""


@dataclass(frozen=True)
class ConversionResult:
    yaml_text: str
    translations: dict[str, dict[str, str]]  # language code -> {English msgid: translation}
    warnings: list[str]
    survey_id: str = ""
    version: int = 1
    question_count: int = 0


def convert_xlsform(
    path: Path | str, survey_id: str | None = None, version: int = 1
) -> ConversionResult:
    """Convert the XLSForm at ``path``; raise ``XLSFormError`` if it cannot be read or converted."""
    path = Path(path)
    form, rows = _read_form(path)
    survey_id = survey_id or _kebab(str(form.get("id_string") or path.stem))
    if not SURVEY_ID_PATTERN.match(survey_id):
        raise XLSFormError(f"'{survey_id}' cannot be a survey id: use kebab-case, like 'my-survey'")
    converter = _Converter(rows)
    converter.walk(form.get("children", []), {})
    if not converter.questions:
        raise XLSFormError(f"{path.name} has no question that Safe Voices can ask")
    yaml_text = _to_yaml(
        converter.document(form, path, survey_id, version), path, converter.warnings
    )
    try:
        parse_survey(yaml.safe_load(yaml_text), f"{survey_id}.v{version}.yaml")
    except SurveyFileError as error:
        raise XLSFormError(f"the converted survey is not valid: {error}") from None
    translations = {lang: dict(sorted(t.items())) for lang, t in converter.translations.items()}
    return ConversionResult(
        yaml_text, translations, converter.warnings, survey_id, version, len(converter.questions)
    )


def write_translations(result: ConversionResult, directory: Path | str) -> list[Path]:
    """Write one gettext catalogue per language, ``<directory>/<lang>.po``; return their paths.

    They are kept apart from ``translations/`` so that an import never overwrites a translator's
    work; docs/xlsform.md shows how to merge them with msgcat.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for language, messages in sorted(result.translations.items()):
        catalog = Catalog(language, project="safevoices", fuzzy=False, last_translator=IMPORTER)
        catalog.revision_date = datetime.now(UTC)
        for msgid, translation in messages.items():
            catalog.add(msgid, translation, auto_comments=[f"Imported for {result.survey_id}"])
        target = directory / f"{language}.po"
        with target.open("wb") as po_file:
            write_po(po_file, catalog, width=100)
        written.append(target)
    return written


def _read_form(path: Path) -> tuple[dict, dict[str, int]]:
    if not path.is_file():
        raise XLSFormError(f"{path} is not a file")
    if path.suffix.lower() not in SPREADSHEET_SUFFIXES:
        raise XLSFormError(f"{path.name} is not a spreadsheet: export the form as .xlsx")
    try:
        workbook = get_xlsform(str(path))
    except (PyXFormError, TypeError, ValueError, KeyError) as error:
        # pyxform falls back from one reader to the next, so a damaged file can fail anywhere.
        raise XLSFormError(f"{path.name} could not be read as a spreadsheet ({error})") from None
    try:
        rows = _row_numbers(workbook.survey or [])
        form = workbook_to_json(workbook, fallback_form_name=workbook.fallback_form_name)
    except PyXFormError as error:
        problem = f"{path.name} is not a form that Kobo or ODK would accept: {error}"
        raise XLSFormError(problem) from None
    return form, rows


def _row_numbers(survey_rows) -> dict[str, int]:
    # pyxform keeps blank rows so that row numbers match the sheet; row 1 is the header.
    numbered = reversed(list(enumerate(survey_rows, start=2)))  # so the first use of a name wins
    return {row["name"]: index for index, row in numbered if row.get("name")}


class _Converter:
    """Walks pyxform's parsed form once, collecting questions, translations and warnings."""

    def __init__(self, rows: dict[str, int]):
        self.rows = rows
        self.questions: list[dict] = []
        self.translations: dict[str, dict[str, str]] = {}
        self.warnings: list[str] = []
        self.ids: dict[str, str] = {}  # XLSForm name -> our question id
        self.values: dict[str, dict[str, str]] = {}  # our id -> {XLSForm choice: our value}
        self.renamed_lists: set[str] = set()
        self.unknown_languages: set[str] = set()
        self.required_count = 0
        self.skipped: set[str] = set()

    def walk(self, children: list[dict], inherited: dict[str, list[str]]) -> None:
        for element in children:
            kind = element.get("type")
            if kind in SECTION_TYPES:
                self._section(element, inherited)
            elif kind in TYPE_MAP:
                self._question(element, TYPE_MAP[kind], inherited)
            else:
                self.skipped.add(element.get("name", ""))
                self.warn(element, _skip_reason(kind))

    def _section(self, element: dict, inherited: dict[str, list[str]]) -> None:
        if element.get("control", {}).get("bodyless"):
            return  # pyxform's own 'meta' group (instanceID): nothing a respondent sees
        if element["type"] == "repeat":
            self.warn(element, "is a repeat: its questions are asked once, not repeated")
        show_if = self._merge(inherited, self._show_if(element, "the questions in it are"))
        if element.get("label"):
            self._add(element, {"type": "info"}, show_if)
        self.walk(element.get("children", []), show_if)

    def _question(self, element: dict, qtype: str, inherited: dict[str, list[str]]) -> None:
        entry: dict = {"type": qtype}
        if qtype in ("single", "multi") and not self._options(element, entry):
            return
        show_if = self._merge(inherited, self._show_if(element, "is"))
        if not element.get("label"):
            self.warn(element, "has no label: its name is used as the question text")
        self._add(element, entry, show_if)
        if element.get("bind", {}).get("required") not in (None, "", "no", "false()"):
            self.required_count += 1
        for key in ("constraint", "choice_filter"):
            if element.get("bind", {}).get(key) or element.get(key):
                self.warn(element, f"its {key.replace('_', ' ')} is not carried over")

    def _add(self, element: dict, entry: dict, show_if: dict[str, list[str]]) -> None:
        qid = self._new_id(element)
        text = self._text(element.get("label"), element) or element["name"]
        question = {"id": qid, "type": entry.pop("type"), "text": text}
        if "${" in text:
            self.warn(element, "its text shows an earlier answer (${...}): reword it")
        if help_text := self._text(element.get("hint"), element):
            question["help"] = help_text
        question.update(entry)
        if show_if:
            question["show_if"] = show_if
        self.questions.append(question)

    def _new_id(self, element: dict) -> str:
        name = element["name"]
        qid = _snake(name, prefix="q")
        taken = {q["id"] for q in self.questions}
        base, number = qid, 2
        while qid in taken:
            qid, number = f"{base}_{number}", number + 1
        if qid != name:
            self.warn(element, f"id changed to '{qid}' (ids are snake_case and unique)")
        self.ids[name] = qid
        self.values[qid] = self.values.pop(f"pending:{name}", {})
        return qid

    def _options(self, element: dict, entry: dict) -> bool:
        choices, itemset = element.get("choices") or [], element.get("itemset", "")
        if itemset.endswith((".csv", ".xml", ".geojson")) or len(choices) < 2:
            where = f"come from {itemset}" if "." in itemset else "are fewer than two"
            self.warn(element, f"skipped: its choices {where}")
            return False
        values = _choice_values([str(c["name"]) for c in choices])
        self._report_renamed(element, values)
        self.values[f"pending:{element['name']}"] = values
        if entry["type"] == "single" and set(values.values()) in YESNO_CHOICES:
            entry["type"] = "yesno"
            self._yesno_labels(element, choices)
            return True
        entry["options"] = [
            {
                "value": values[str(c["name"])],
                "label": self._text(c.get("label"), element) or str(c["name"]),
            }
            for c in choices
        ]
        return True

    def _yesno_labels(self, element: dict, choices: list[dict]) -> None:
        for choice in choices:
            english, _ = self._labels(choice.get("label"), element)
            standard = str(choice["name"]).replace("_", " ").capitalize()
            if english and english.strip() != standard:
                self.warn(element, f"yes/no answer '{english}' shown as '{standard}'")

    def _report_renamed(self, element: dict, values: dict[str, str]) -> None:
        list_name = element.get("list_name") or element["name"]
        renamed = [f"'{old}' -> '{new}'" for old, new in values.items() if old != new]
        if renamed and list_name not in self.renamed_lists:
            self.renamed_lists.add(list_name)
            self.warn(element, f"choices in list '{list_name}' renamed: {', '.join(renamed)}")

    def _show_if(self, element: dict, subject: str) -> dict[str, list[str]]:
        expression = element.get("bind", {}).get("relevant", "").strip()
        if not expression:
            return {}
        try:
            conditions = parse_relevance(expression)
            return {self._target(name): self._values(name, v) for name, v in conditions.items()}
        except UnsupportedRelevance as reason:
            why = f"because its relevance `{expression}` {reason}"
            self.warn(element, f"{subject} always shown, {why}")
            return {}

    def _target(self, name: str) -> str:
        qid = self.ids.get(name)
        if name in self.skipped:
            raise UnsupportedRelevance(f"refers to '{name}', which was skipped")
        if qid is None:
            raise UnsupportedRelevance(f"refers to '{name}', which is not an earlier question")
        question = next(q for q in self.questions if q["id"] == qid)
        if question["type"] == "info":
            raise UnsupportedRelevance(f"refers to '{name}', which has no answer")
        return qid

    def _values(self, name: str, raw_values: list[str]) -> list[str]:
        qid = self.ids[name]
        known = self.values.get(qid)
        if not known:
            return raw_values  # text and number answers have no fixed values
        if missing := [v for v in raw_values if v not in known]:
            raise UnsupportedRelevance(f"expects {', '.join(missing)}, not a choice of '{name}'")
        return [known[v] for v in raw_values]

    def _merge(self, outer: dict[str, list[str]], inner: dict[str, list[str]]) -> dict:
        merged = dict(outer)
        for qid, values in inner.items():
            merged[qid] = [v for v in merged[qid] if v in values] if qid in merged else values
        return merged

    def _text(self, label, element: dict) -> str:
        english, others = self._labels(label, element)
        if english:
            for language, translated in others.items():
                self.translations.setdefault(language, {})[english] = translated
        return english

    def _labels(self, label, element: dict) -> tuple[str, dict[str, str]]:
        if not label:
            return "", {}
        if isinstance(label, str):
            return label.strip(), {}
        by_code: dict[str, str] = {}
        for name, text in label.items():
            code = "default" if name == "default" else self._language(name, element)
            if code and isinstance(text, str) and text.strip():
                by_code[code] = text.strip()
        english = by_code.pop("en", "") or by_code.pop("default", "")
        by_code.pop("default", None)
        if not english and by_code:
            english = next(iter(by_code.values()))
            self.warn(element, "has no English label: another language's label is used as text")
        return english, by_code

    def _language(self, name: str, element: dict) -> str | None:
        code = language_code(name)
        if code is None and name not in self.unknown_languages:
            self.unknown_languages.add(name)
            self.warn(element, f"language column '{name}' is not recognised and was left out")
        return code

    def warn(self, element: dict, problem: str) -> None:
        row = self.rows.get(element.get("name", ""))
        where = f"row {row} " if row else ""
        self.warnings.append(f"{where}'{element.get('name', '?')}': {problem}")

    def document(self, form: dict, path: Path, survey_id: str, version: int) -> dict:
        title = form.get("title")
        if not title or title in (form.get("name"), form.get("id_string")):
            title = path.stem.replace("_", " ").replace("-", " ").capitalize()
            self.warnings.append(f"the form has no form_title: the title is '{title}'")
        self.warnings.append(
            "write the welcome text ('intro') and list the 'audiences' before publishing"
        )
        if count := self.required_count:
            were = "question was" if count == 1 else "questions were"
            rule = "in Safe Voices every question can be skipped"
            self.warnings.append(f"{count} {were} required: {rule}")
        return {
            "id": survey_id,
            "version": version,
            "title": title,
            "intro": INTRO_PLACEHOLDER.format(form=path.name),
            "audiences": [],
            "questions": self.questions,
        }


def _skip_reason(kind: str) -> str:
    if kind in METADATA_TYPES:
        # Safe Voices is anonymous: it never records devices, accounts or timings.
        return f"skipped: Safe Voices never records '{kind}' metadata"
    return f"skipped: Safe Voices has no '{kind}' question"


class UnsupportedRelevance(ValueError):
    """A relevance expression that ``show_if`` cannot express; the message says why."""


_TOKEN = re.compile(r"""'[^']*'|"[^"]*"|\(|\)|\s+|[^\s()'"]+""")
_VALUE = r"""(?P<value>'[^']*'|"[^"]*"|-?\d+)"""
# ${name}, or ../name as pyxform writes for the "specify other" question of or_other.
_REFERENCE = r"(?:\$\{(?P<name>[\w.-]+)\}|\.\./(?P<path>[\w.-]+))"
_EQUALS = re.compile(rf"^{_REFERENCE}\s*=\s*{_VALUE}$")
_SELECTED = re.compile(rf"^selected\(\s*{_REFERENCE}\s*,\s*{_VALUE}\s*\)$")


def parse_relevance(expression: str) -> dict[str, list[str]]:
    """Turn an XLSForm relevance into ``{question name: [values]}`` or raise UnsupportedRelevance.

    Understood: ``${q} = 'v'``, ``selected(${q}, 'v')``, those joined by ``or`` on one question,
    and ``and`` of such groups on different questions; the same shapes ``show_if`` can hold.
    """
    conditions: dict[str, list[str]] = {}
    for part in _split_top_level(_strip_parens(expression), "and"):
        name, values = _parse_alternatives(_strip_parens(part))
        if name in conditions:
            raise UnsupportedRelevance(f"uses 'and' on two answers of '{name}'")
        conditions[name] = values
    return conditions


def _parse_alternatives(part: str) -> tuple[str, list[str]]:
    alternatives = _split_top_level(part, "or")
    if len(alternatives) == 1 and len(_split_top_level(part, "and")) > 1:
        raise UnsupportedRelevance("mixes 'and' inside 'or'")
    names, values = set(), []
    for alternative in alternatives:
        name, value = _parse_test(_strip_parens(alternative))
        names.add(name)
        values.append(value)
    if len(names) > 1:
        raise UnsupportedRelevance("uses 'or' between different questions")
    return names.pop(), list(dict.fromkeys(values))


def _parse_test(test: str) -> tuple[str, str]:
    match = _EQUALS.match(test) or _SELECTED.match(test)
    if match:
        return match["name"] or match["path"], match["value"].strip("'\"")
    if function := re.search(r"([a-z][\w-]*)\s*\(", test):
        raise UnsupportedRelevance(f"uses {function.group(1)}()")
    if re.search(r"!=|<|>", test):
        raise UnsupportedRelevance("compares with !=, < or >")
    if " and " in f" {test} ":
        raise UnsupportedRelevance("mixes 'and' inside 'or'")
    raise UnsupportedRelevance("is not a simple test like ${q} = 'value' or selected(${q}, 'v')")


def _split_top_level(expression: str, word: str) -> list[str]:
    parts, current, depth = [], [], 0
    for token in _TOKEN.findall(expression):
        depth += {"(": 1, ")": -1}.get(token, 0)
        if depth == 0 and token == word:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(token)
    parts.append("".join(current).strip())
    return parts


def _strip_parens(expression: str) -> str:
    expression = expression.strip()
    while expression.startswith("(") and expression.endswith(")"):
        tokens, depth = _TOKEN.findall(expression), 0
        for position, token in enumerate(tokens):
            depth += {"(": 1, ")": -1}.get(token, 0)
            if depth == 0 and position < len(tokens) - 1:
                return expression  # '(a) or (b)': the first bracket closes before the end
        expression = expression[1:-1].strip()
    return expression


@cache
def language_code(name: str) -> str | None:
    """'Polish (pl)', 'pl', 'Polish' or 'Polski' -> 'pl'; None when Babel knows no such language."""
    name = name.strip()
    in_brackets = re.search(r"\(([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)\)\s*$", name)
    candidate = in_brackets.group(1) if in_brackets else name
    try:
        return str(Locale.parse(candidate.replace("-", "_")))
    except (UnknownLocaleError, ValueError, TypeError):
        pass
    english_names = {n.casefold(): c for c, n in Locale("en").languages.items() if "_" not in c}
    return english_names.get(name.casefold()) or _native_language_names().get(name.casefold())


@cache
def _native_language_names() -> dict[str, str]:
    # Loading every locale takes a second or two, so only names in their own language pay it.
    names = {}
    for code in localedata.locale_identifiers():
        if "_" not in code:
            display = Locale.parse(code).display_name
            if display:
                names[display.casefold()] = code
    return names


def _choice_values(names: list[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for name in names:
        value = _snake(name, prefix="option")
        if value in RESERVED_VALUES:
            value = f"{value}_choice"
        base, number = value, 2
        while value in values.values():
            value, number = f"{base}_{number}", number + 1
        values[name] = value
    return values


def _snake(name: str, prefix: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", ascii_name)
    snake = re.sub(r"[^a-z0-9]+", "_", spaced.lower()).strip("_")
    if not snake or not snake[0].isalpha():
        snake = f"{prefix}_{snake}".rstrip("_")
    return snake


def _kebab(name: str) -> str:
    return _snake(name, prefix="survey").replace("_", "-")


def _to_yaml(document: dict, path: Path, warnings: list[str]) -> str:
    header = [f"# Imported from {path.name} by `safevoices import-xlsform`.", "# Check before use:"]
    header += [f"#   - {' '.join(warning.split())}" for warning in warnings]  # one line each
    body = yaml.dump(document, Dumper=_SurveyDumper, sort_keys=False, allow_unicode=True, width=100)
    return "\n".join(header) + "\n" + body


class _SurveyDumper(yaml.SafeDumper):
    """Writes questions in block style and short lists and options inline, as our surveys do."""

    def represent_list(self, data):
        inline = all(not isinstance(item, list | dict) for item in data)
        return self.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=inline)

    def represent_dict(self, data):
        inline = set(data) == {"value", "label"} or all(isinstance(v, list) for v in data.values())
        return self.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=inline)


_SurveyDumper.add_representer(list, _SurveyDumper.represent_list)
_SurveyDumper.add_representer(dict, _SurveyDumper.represent_dict)
