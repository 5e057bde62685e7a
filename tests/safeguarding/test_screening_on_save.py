"""Every free-text answer is screened the moment it is saved; flags are kept, never removed."""

from app.extensions import db
from app.models import Response
from tests.queries import watched_transactions
from tests.safeguarding.conftest import DISCLOSURE, HARMLESS, flags


def test_a_disclosure_is_flagged_high_with_its_category(child):
    child.answer("why_unsafe", DISCLOSURE)
    [flag] = flags()
    assert flag.severity == "high"
    assert flag.categories == ["abuse"]
    assert flag.status == "new"
    assert flag.answer.value == DISCLOSURE
    assert flag.consultation_id == flag.answer.response.consultation_id


def test_harmless_text_and_skipped_answers_create_no_flag(child):
    child.answer("why_unsafe", HARMLESS)
    assert flags() == []
    child.answer("why_unsafe", action="skip")
    assert flags() == []


def test_text_in_a_language_without_terms_is_flagged_for_a_person_to_read(child):
    db.session.query(Response).update({"language": "de"})
    db.session.commit()
    child.answer("why_unsafe", "mehr Licht im Park")
    [flag] = flags()
    assert flag.severity == "unscreened"
    assert flag.needs_human_reading is True


def test_a_rewritten_answer_keeps_its_flag_and_severity(child):
    child.answer("why_unsafe", DISCLOSURE)
    child.answer("why_unsafe", HARMLESS)
    child.answer("why_unsafe", "someone follows me home")
    [flag] = flags()
    assert flag.severity == "high"
    assert flag.categories == ["abuse", "immediate_danger"]
    assert flag.answer.value == "someone follows me home"


def test_only_free_text_is_screened(child):
    child.answer("colour", "red")
    child.answer("siblings", "2")
    assert flags() == []


def _answered(child, question_id: str, text: str) -> list[str]:
    """What sending one answer did: its statements, and where each transaction ended."""
    token = child.page(question_id).csrf_token()
    with watched_transactions() as seen:
        data = {"csrf_token": token, "action": "next", "answer": text}
        child.client.post(child.url(f"/q/{question_id}"), data=data)
    return seen


def test_a_disclosure_and_its_flag_are_committed_together(child):
    seen = _answered(child, "why_unsafe", DISCLOSURE)
    first = seen[: seen.index("COMMIT")]
    assert any(s.lstrip().startswith("INSERT INTO answers") for s in first), seen
    assert any(s.lstrip().startswith("INSERT INTO safeguarding_flags") for s in first), seen
    assert "ROLLBACK" not in seen
    [flag] = flags()
    assert flag.severity == "high"


def test_a_harmless_text_answer_is_one_transaction_ending_in_a_commit(child):
    # On PostgreSQL a ROLLBACK makes psycopg forget its prepared statements, and a second
    # transaction is two more round trips: an answer under load pays for neither.
    seen = _answered(child, "why_unsafe", HARMLESS)
    assert seen.count("COMMIT") == 1
    assert seen[-1] == "COMMIT"
    assert "ROLLBACK" not in seen
    assert flags() == []
