"""The respondent journey's one read: the consultation, its survey version, this device's response
and its answers, in a single statement, as plain records.

Every respondent page starts with this read. Through the ORM it took two queries and a third of a
question page's time, most of it spent building and tracking objects the page only looks at.
These records are snapshots: the writes in ``responses`` take them as readily as ORM rows (they
go by id) and keep them in step with what they store. A page that needs a consultation's groups
or place gets them through ``ConsultationRecord``, which costs a query only then.
"""

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, lru_cache
from typing import NamedTuple

from sqlalchemy import bindparam, select, type_coerce
from sqlalchemy.engine import Dialect
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.types import NullType

from app.database import execute_core
from app.extensions import db
from app.models import Answer, Consultation, Group, Response, consultation_groups
from app.models import Survey as SurveyRow


class SurveyKey(NamedTuple):
    """Which survey file and version a consultation runs (``consultations.survey_for``)."""

    survey_id: str
    version: int


@dataclass
class AnswerRecord:
    id: int
    response_id: int
    survey_id: str
    survey_version: int
    question_id: str
    value: object
    is_skipped: bool
    answered_at: datetime


@dataclass
class ResponseRecord:
    id: int
    consultation_id: int
    group_id: int | None
    live_session_id: int | None
    language: str
    age_band: str | None
    mode: str
    started_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    answers: list[AnswerRecord] = field(default_factory=list)

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def group(self) -> Group | None:
        # From the session's identity map after the first look: the about page asks twice.
        return db.session.get(Group, self.group_id) if self.group_id is not None else None


# What the writes in ``responses`` take: a record, or the ORM row that live sessions and paper
# entry hold.
AnyResponse = Response | ResponseRecord


class ConsultationRecord:
    """The columns of a consultation a respondent page reads, and its survey's key."""

    def __init__(self, columns: dict, survey: SurveyKey):
        self.__dict__.update(columns)
        self.survey = survey

    @cached_property
    def row(self) -> Consultation:
        """The ORM row, for its place (a query, the first time only)."""
        return db.session.get(Consultation, self.id)

    @cached_property
    def groups(self) -> list[Group]:
        """The groups it serves, as the ORM row's relationship would load them, in one query the
        first time (through the row it took two: starting a response asks for them)."""
        return list(db.session.scalars(_GROUPS, {"consultation_id": self.id}))

    @property
    def place(self):
        return self.row.place


_GROUPS = (
    select(Group)
    .join(consultation_groups, consultation_groups.c.group_id == Group.id)
    .where(consultation_groups.c.consultation_id == bindparam("consultation_id"))
)
_CONSULTATION = Consultation.__table__
_SURVEY = SurveyRow.__table__
_RESPONSE = Response.__table__
_ANSWER = Answer.__table__
_CONSULTATION_COLUMNS = [c.key for c in _CONSULTATION.c]
_RESPONSE_COLUMNS = [c.key for c in _RESPONSE.c if c.key != "resume_token_hash"]
_ANSWER_COLUMNS = [c.key for c in _ANSWER.c]

# The statement returns one row per answer, and the consultation's, survey's and response's
# columns repeat on each. Those come back as the driver gives them and are converted (dates,
# JSON) once, from the first row: converting them on every row made a page with ten answers
# three times as slow as one with none. The answers' own columns are converted as usual.
_ONCE = [
    *(_CONSULTATION.c[name] for name in _CONSULTATION_COLUMNS),
    _SURVEY.c.survey_id,
    _SURVEY.c.version,
    *(_RESPONSE.c[name] for name in _RESPONSE_COLUMNS),
]
_SURVEY_AT = len(_CONSULTATION_COLUMNS)
_RESPONSE_AT = _SURVEY_AT + 2
_ANSWER_AT = len(_ONCE)

# Built once: every respondent request runs it. The response is matched in the join itself, so
# a device with no (or a stranger's) token still gets its consultation, with no response.
_JOURNEY = (
    select(
        *(type_coerce(column, NullType()) for column in _ONCE),
        *(_ANSWER.c[name] for name in _ANSWER_COLUMNS),
    )
    .select_from(_CONSULTATION)
    .join(_SURVEY, _SURVEY.c.id == _CONSULTATION.c.survey_pk)
    .outerjoin(
        _RESPONSE,
        (_RESPONSE.c.consultation_id == _CONSULTATION.c.id)
        & (_RESPONSE.c.resume_token_hash == bindparam("token_hash")),
    )
    .outerjoin(_ANSWER, _ANSWER.c.response_id == _RESPONSE.c.id)
    .where(_CONSULTATION.c.slug == bindparam("slug"))
    .order_by(_ANSWER.c.id)
)


def read_journey(
    slug: str, token_hash: str | None
) -> tuple[ConsultationRecord, ResponseRecord | None] | None:
    """The consultation at ``slug`` and the response whose resume token hashes to
    ``token_hash`` (None if there is none), or None if no consultation has that link."""
    rows = execute_core(_JOURNEY, {"slug": slug, "token_hash": token_hash}).all()
    if not rows:
        return None
    converters = _converters(db.session.get_bind().dialect)
    once = [
        value if convert is None or value is None else convert(value)
        for convert, value in zip(converters, rows[0][:_ANSWER_AT], strict=True)
    ]
    consultation = ConsultationRecord(
        dict(zip(_CONSULTATION_COLUMNS, once[:_SURVEY_AT], strict=True)),
        SurveyKey(*once[_SURVEY_AT:_RESPONSE_AT]),
    )
    if once[_RESPONSE_AT] is None:  # no response has this token
        return consultation, None
    response = ResponseRecord(**dict(zip(_RESPONSE_COLUMNS, once[_RESPONSE_AT:], strict=True)))
    response.answers = [
        AnswerRecord(**dict(zip(_ANSWER_COLUMNS, row[_ANSWER_AT:], strict=True)))
        for row in rows
        if row[_ANSWER_AT] is not None
    ]
    return consultation, response


@lru_cache(maxsize=8)
def _converters(dialect: Dialect) -> list:
    """For each column in ``_ONCE``, what turns the driver's value into the column's Python value
    on ``dialect`` (None where the value needs nothing): what SQLAlchemy itself applies."""
    return [column.type.dialect_impl(dialect).result_processor(dialect, None) for column in _ONCE]


def keep_in_step(loaded, values: dict) -> None:
    """Show on a loaded response or answer, ORM row or record, the ``values`` just written to its
    row, so that nothing is read back: an ORM row takes them as committed (no UPDATE follows),
    a record as plain attributes (a name it does not have, such as a relationship, is left out).
    """
    if isinstance(loaded, db.Model):
        for name, value in values.items():
            set_committed_value(loaded, name, value)
    else:
        for name, value in values.items():
            if name in loaded.__dataclass_fields__:
                setattr(loaded, name, value)
