"""Writing one answer's row in one statement, and keeping the loaded response in step.

An answer is saved while its response's row is locked (``responses._touch``): on SQLite that lock
is the whole database's, so every other phone's answer waits for it. The ORM's unit of work
spent most of that time deciding what to write; this writes the row directly with an upsert on
(response, question), which also settles two copies of one answer arriving at once (a live phone
retrying a slow send) without an error, and then tells the session what is now stored, so nothing
is read back.
"""

from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from app.database import built_once_per_database, conflict_insert, execute_core
from app.extensions import db
from app.models import Answer
from app.services.journey_reads import AnswerRecord, AnyResponse, ResponseRecord, keep_in_step

_TABLE = Answer.__table__
_CHANGED = ("value", "is_skipped", "answered_at")


def write(response: AnyResponse, fields: dict) -> Answer | AnswerRecord:
    """Insert or replace the answer ``fields`` describe (``question_id``, ``survey_id``,
    ``survey_version``, ``value``, ``is_skipped``, ``answered_at``) in the caller's transaction;
    returns it as loaded into ``response.answers``."""
    if response.id is None:
        db.session.flush()  # a response entered on paper gets its id
    row = {**fields, "response_id": response.id}
    answer_id = execute_core(_upsert(), row).scalar_one()
    answer = next((a for a in response.answers if a.question_id == fields["question_id"]), None)
    if answer is not None:
        keep_in_step(answer, {name: fields[name] for name in _CHANGED})
        return answer
    if isinstance(response, ResponseRecord):
        answer = AnswerRecord(id=answer_id, **row)
        response.answers.append(answer)
        return answer
    answer = Answer(id=answer_id, **row)
    make_transient_to_detached(answer)  # as if just read: persistent once added, with no INSERT
    db.session.add(answer)
    set_committed_value(response, "answers", [*response.answers, answer])
    return answer


@built_once_per_database
def _upsert():
    insert = conflict_insert(_TABLE)
    return insert.on_conflict_do_update(
        index_elements=[_TABLE.c.response_id, _TABLE.c.question_id],
        set_={name: insert.excluded[name] for name in _CHANGED},
    ).returning(_TABLE.c.id)
