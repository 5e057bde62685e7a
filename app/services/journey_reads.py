"""The respondent journey's one read: the consultation, its survey version, this device's response
and its answers, in a single statement, as plain records.

Every respondent page starts with this read. Through the ORM it took two queries and a third of a
question page's time, most of it spent building and tracking objects the page only looks at.
These records are snapshots: the writes in ``responses`` take them as readily as ORM rows (they
go by id) and keep them in step with what they store. A page that needs a consultation's groups
or place reaches the ORM row through ``ConsultationRecord.row``, which costs a query only then.
"""

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import NamedTuple

from sqlalchemy import bindparam, select
from sqlalchemy.orm.attributes import set_committed_value

from app.extensions import db
from app.models import Answer, Consultation, Group, Response
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
        """The ORM row, for its groups and place (a query, the first time only)."""
        return db.session.get(Consultation, self.id)

    @property
    def groups(self) -> list[Group]:
        return self.row.groups

    @property
    def place(self):
        return self.row.place


_CONSULTATION = Consultation.__table__
_SURVEY = SurveyRow.__table__
_RESPONSE = Response.__table__
_ANSWER = Answer.__table__
_CONSULTATION_COLUMNS = [c.key for c in _CONSULTATION.c]
_RESPONSE_COLUMNS = [c.key for c in _RESPONSE.c if c.key != "resume_token_hash"]
_ANSWER_COLUMNS = [c.key for c in _ANSWER.c]

# Built once: every respondent request runs it. The response is matched in the join itself, so
# a device with no (or a stranger's) token still gets its consultation, with no response.
_JOURNEY = (
    select(
        *(_CONSULTATION.c[name].label(f"c_{name}") for name in _CONSULTATION_COLUMNS),
        _SURVEY.c.survey_id.label("s_survey_id"),
        _SURVEY.c.version.label("s_version"),
        *(_RESPONSE.c[name].label(f"r_{name}") for name in _RESPONSE_COLUMNS),
        *(_ANSWER.c[name].label(f"a_{name}") for name in _ANSWER_COLUMNS),
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
    rows = db.session.execute(_JOURNEY, {"slug": slug, "token_hash": token_hash}).all()
    if not rows:
        return None
    first = rows[0]._mapping
    consultation = ConsultationRecord(
        {name: first[f"c_{name}"] for name in _CONSULTATION_COLUMNS},
        SurveyKey(first["s_survey_id"], first["s_version"]),
    )
    if first["r_id"] is None:
        return consultation, None
    response = ResponseRecord(**{name: first[f"r_{name}"] for name in _RESPONSE_COLUMNS})
    response.answers = [
        AnswerRecord(**{name: row._mapping[f"a_{name}"] for name in _ANSWER_COLUMNS})
        for row in rows
        if row._mapping["a_id"] is not None
    ]
    return consultation, response


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
