"""Exports of a consultation: every response (CSV, XLSX, JSON) and the answer counts (summary CSV).

One row per response and one column per question, in survey order. Free text leaves the app only
after ``analysis.redact.redact``; it is never exported raw, and an answer with a safeguarding
flag is left out altogether (its cell is empty, as if unanswered). In the CSV and XLSX files, a
cell that a spreadsheet would read as a formula is neutralised. The summary is an aggregate, so
each count under 10 is suppressed (``analysis.kpi_stats.suppress_small``) and no totals are given
beside it: a total would give a hidden count away by subtraction.
"""

import csv
import io
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from sqlalchemy import select

from analysis.kpi_stats import SUPPRESSION_THRESHOLD, suppress_small
from analysis.redact import redact
from app.extensions import db
from app.models import Answer, Consultation, Group, Response
from app.models.types import utcnow
from app.questionnaire.answers import choices_for
from app.questionnaire.schema import Question
from app.questionnaire.types import REGISTRY
from app.services import map_results
from app.services.consultations import offered_places, place_choices, survey_for
from app.services.safeguarding import unflagged_answers_clause

RESPONSE_COLUMNS = (
    *("response_id", "started_at", "submitted_at", "status"),
    *("language", "age_band", "group", "mode", "wave"),
)
SUMMARY_COLUMNS = ("question_id", "question", "option", "label", "count")
SKIPPED_CELL = "(skipped)"
SUPPRESSED_CELL = f"<{SUPPRESSION_THRESHOLD}"
MULTI_SEPARATOR = "; "
# OWASP's list: spreadsheets start a formula (or a DDE call) on these characters.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

Table = tuple[list[str], list[list[str]]]


@dataclass(frozen=True)
class ExportedResponse:
    """One response as it may leave the app: free text already redacted, values typed."""

    response_id: int
    started_at: datetime
    submitted_at: datetime | None
    language: str
    age_band: str | None
    group: str | None
    mode: str
    answers: dict[str, object]
    skipped: frozenset[str]

    @property
    def status(self) -> str:
        return "complete" if self.submitted_at else "partial"


@dataclass(frozen=True)
class OptionCount:
    """How many answers chose one option; ``count`` is None when under 10 (suppressed)."""

    question_id: str
    value: str
    label: str
    count: int | None


def neutralise(cell: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet would run as a formula; other cells are unchanged."""
    return f"'{cell}" if cell.startswith(FORMULA_TRIGGERS) else cell


def answer_questions(consultation: Consultation) -> list[Question]:
    """The survey's questions that take an answer (not ``info``), in survey order."""
    return [q for q in survey_for(consultation).questions if REGISTRY[q.type].answers]


def exported_responses(consultation: Consultation) -> list[ExportedResponse]:
    """Every response, oldest first, in two queries: one for responses, one for answers."""
    questions = {q.id: q for q in answer_questions(consultation)}
    answers, skipped = _typed_answers(consultation, questions)
    return [
        ExportedResponse(
            response_id=row.id,
            started_at=row.started_at,
            submitted_at=row.submitted_at,
            language=row.language,
            age_band=row.age_band,
            group=row.group,
            mode=row.mode,
            answers=answers.get(row.id, {}),
            skipped=frozenset(skipped.get(row.id, ())),
        )
        for row in _response_rows(consultation)
    ]


def _response_rows(consultation: Consultation):
    query = (
        select(
            Response.id,
            Response.started_at,
            Response.submitted_at,
            Response.language,
            Response.age_band,
            Response.mode,
            Group.slug.label("group"),
        )
        .outerjoin(Group, Response.group_id == Group.id)
        .where(Response.consultation_id == consultation.id)
        .order_by(Response.started_at, Response.id)
    )
    return db.session.execute(query).all()


def _answer_rows(consultation: Consultation):
    query = (
        select(Answer.response_id, Answer.question_id, Answer.value, Answer.is_skipped)
        .join(Response, Answer.response_id == Response.id)
        .where(Response.consultation_id == consultation.id, unflagged_answers_clause())
    )
    return db.session.execute(query).all()


def _typed_answers(consultation: Consultation, questions: dict[str, Question]):
    answers: dict[int, dict[str, object]] = defaultdict(dict)
    skipped: dict[int, list[str]] = defaultdict(list)
    for row in _answer_rows(consultation):
        question = questions.get(row.question_id)
        if question is None:
            continue  # an answer to a question this survey version no longer has
        if row.is_skipped:
            skipped[row.response_id].append(row.question_id)
        elif row.value is not None:
            answers[row.response_id][row.question_id] = _safe_value(question, row.value)
    return answers, skipped


def _safe_value(question: Question, value: object) -> object:
    if question.type == "text":
        return redact(str(value)).text
    return value


def response_table(consultation: Consultation) -> Table:
    """(headers, rows) of strings: the fixed columns, then one column per question id.

    Cells are not neutralised here (a web page shows them as they are); the file formats do it.
    """
    questions = answer_questions(consultation)
    wave = consultation.wave.name if consultation.wave else ""
    headers = [*RESPONSE_COLUMNS, *(q.id for q in questions)]
    rows = [
        [*_fixed_cells(response, wave), *(_answer_cell(response, q.id) for q in questions)]
        for response in exported_responses(consultation)
    ]
    return headers, rows


def _fixed_cells(response: ExportedResponse, wave: str) -> list[str]:
    return [
        str(response.response_id),
        _iso(response.started_at),
        _iso(response.submitted_at),
        response.status,
        response.language,
        response.age_band or "",
        response.group or "",
        response.mode,
        wave,
    ]


def _answer_cell(response: ExportedResponse, question_id: str) -> str:
    if question_id in response.skipped:
        return SKIPPED_CELL
    value = response.answers.get(question_id)
    if value is None:
        return ""  # the question was not shown to this respondent, or not reached
    if isinstance(value, list):
        return MULTI_SEPARATOR.join(str(item) for item in value)
    if isinstance(value, dict):
        return map_results.readable(value)  # a map answer: pins per feeling, named places
    return str(value)


def _iso(instant: datetime | None) -> str:
    if instant is None:
        return ""
    return instant.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def table_to_csv(table: Table, bom: bool = False) -> str:
    """CSV text (RFC 4180 line ends) with every cell neutralised.

    ``bom=True`` starts it with a byte-order mark, which Excel needs to read UTF-8 correctly.
    """
    headers, rows = table
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in [headers, *rows]:
        writer.writerow([neutralise(cell) for cell in row])
    return ("\ufeff" if bom else "") + buffer.getvalue()


def to_csv(consultation: Consultation, bom: bool = False) -> str:
    """Every response as CSV: one row per response, one column per question."""
    return table_to_csv(response_table(consultation), bom=bom)


def to_xlsx(consultation: Consultation) -> bytes:
    """Every response as an XLSX workbook; a second sheet gives each question's English text."""
    workbook = Workbook()
    _write_sheet(workbook.active, "Responses", response_table(consultation))
    questions = [[q.id, q.type, q.text] for q in answer_questions(consultation)]
    _write_sheet(workbook.create_sheet(), "Questions", (["question_id", "type", "text"], questions))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_sheet(sheet, title: str, table: Table) -> None:
    headers, rows = table
    sheet.title = title
    for row in [headers, *rows]:
        # openpyxl refuses control characters that XML cannot hold, so they are dropped.
        sheet.append([neutralise(ILLEGAL_CHARACTERS_RE.sub("", cell)) for cell in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"


def to_json(consultation: Consultation) -> str:
    """The consultation, its questions (English text, options) and every response, as JSON.

    Answers keep their types: lists stay lists, numbers stay numbers. A skipped question is
    listed under ``skipped``; a question not shown is in neither ``answers`` nor ``skipped``.
    """
    document = {
        "consultation": _consultation_metadata(consultation),
        "questions": [_question_metadata(consultation, q) for q in answer_questions(consultation)],
        "responses": [_response_object(r) for r in exported_responses(consultation)],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def _consultation_metadata(consultation: Consultation) -> dict:
    return {
        "slug": consultation.slug,
        "title": consultation.title,
        "survey": {"id": consultation.survey.survey_id, "version": consultation.survey.version},
        "status": consultation.status,
        "place": consultation.place.name if consultation.place else None,
        "wave": consultation.wave.name if consultation.wave else None,
        "groups": [group.slug for group in consultation.groups],
        "languages": list(consultation.languages),
        "exported_at": _iso(utcnow()),
    }


def _question_metadata(consultation: Consultation, question: Question) -> dict:
    choices = choices_for(question, offered_places(consultation, question))
    return {
        "id": question.id,
        "type": question.type,
        "text": question.text,
        "options": [{"value": value, "label": label} for value, label in choices],
    }


def _response_object(response: ExportedResponse) -> dict:
    return {
        "response_id": response.response_id,
        "started_at": _iso(response.started_at),
        "submitted_at": _iso(response.submitted_at) or None,
        "status": response.status,
        "language": response.language,
        "age_band": response.age_band,
        "group": response.group,
        "mode": response.mode,
        "answers": response.answers,
        "skipped": sorted(response.skipped),
    }


def summary_table(consultation: Consultation) -> list[OptionCount]:
    """Per choice question and option, how many answers chose it, counts under 10 suppressed.

    Answers from partial responses count too: each was sent on its own page. A multi-choice
    answer counts once for each option chosen. Text and number questions have no options.
    """
    counts = _option_counts(consultation)
    places = place_choices(consultation)
    rows = []
    for question in answer_questions(consultation):
        if question.type in ("text", "number"):
            continue
        own = map_results.summary_choices(question) if question.type == "map" else None
        choices = [*(own or choices_for(question, places)), (SKIPPED_CELL, "Skipped")]
        rows += [
            OptionCount(question.id, value, label, suppress_small(counts[question.id, value]))
            for value, label in choices
        ]
    return rows


def _option_counts(consultation: Consultation) -> Counter:
    counts: Counter = Counter()
    for row in _answer_rows(consultation):
        if row.is_skipped:
            counts[row.question_id, SKIPPED_CELL] += 1
        elif isinstance(row.value, dict):  # a map answer
            counts.update((row.question_id, key) for key in map_results.summary_keys(row.value))
        elif isinstance(row.value, list):
            counts.update((row.question_id, str(item)) for item in row.value)
        elif row.value is not None:
            counts[row.question_id, str(row.value)] += 1
    return counts


def summary_to_csv(consultation: Consultation, bom: bool = False) -> str:
    """The summary as CSV; a suppressed count reads ``<10``."""
    texts = {q.id: q.text for q in answer_questions(consultation)}
    rows = [
        [c.question_id, texts[c.question_id], c.value, c.label, _count_cell(c.count)]
        for c in summary_table(consultation)
    ]
    return table_to_csv((list(SUMMARY_COLUMNS), rows), bom=bom)


def _count_cell(count: int | None) -> str:
    return SUPPRESSED_CELL if count is None else str(count)
