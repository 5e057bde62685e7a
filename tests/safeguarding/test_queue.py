"""The safeguarding lead's queue: order, waiting time, the full text, outcomes, the audit log."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent
from app.models.types import utcnow
from tests.pages import get_page, post_page
from tests.safeguarding.conftest import DISCLOSURE, HARMLESS, answer_text, flags


def audit_actions() -> list[tuple[str, str]]:
    db.session.expire_all()
    return [(e.action, e.target) for e in db.session.scalars(select(AuditEvent))]


@pytest.fixture
def flagged(child):
    child.answer("why_unsafe", DISCLOSURE)
    [flag] = flags()
    return flag


def test_a_flagged_answer_reaches_the_queue_with_its_context(client, flagged, staff):
    flagged.created_at = utcnow() - timedelta(hours=2, minutes=5)
    db.session.commit()
    staff("safeguarding_lead")
    page = get_page(client, "/staff/safeguarding/")
    assert page.has_text(f"Read flag {flagged.id}")
    assert page.has_text("High")
    assert page.has_text("waiting 2 hours")
    assert page.has_text("Safe places 2027")
    assert page.has_text("Talkers")
    assert page.has_text("12 to 15")
    assert DISCLOSURE not in page.text  # the words are on the flag's own page only
    assert ("safeguarding_queue_viewed", "queue") in audit_actions()


def test_the_queue_puts_high_first_then_the_longest_waiting(client, consultation, staff):
    medium = answer_text(consultation, "my dad hit me but he said sorry", language="en")
    old_high = answer_text(consultation, "someone follows me home")
    new_high = answer_text(consultation, DISCLOSURE)
    unscreened = answer_text(consultation, "mehr Licht", language="de")
    by_answer = {flag.answer_id: flag for flag in flags()}
    by_answer[old_high.id].created_at = utcnow() - timedelta(days=1)
    by_answer[medium.id].severity = "medium"  # whatever screening says of the wording above
    db.session.commit()
    staff("safeguarding_lead")
    page = get_page(client, "/staff/safeguarding/")
    order = [old_high, new_high, medium, unscreened]
    positions = [page.text.index(f"Read flag {by_answer[a.id].id}") for a in order]
    assert positions == sorted(positions)
    assert page.has_text("waiting 1 day")


def test_the_flag_page_shows_the_full_words_and_is_audited(client, consultation, staff):
    answer = answer_text(consultation, "call me on 07700 900123, my dad hits me")
    [flag] = flags()
    lead = staff("safeguarding_lead")
    page = get_page(client, f"/staff/safeguarding/{flag.id}")
    assert page.has_text("call me on 07700 900123, my dad hits me")  # unredacted, for the lead
    assert page.has_text("Why do you not feel safe?")
    assert not page.has_text("The answer was changed after it was flagged.")
    assert page.has_text("Safe places 2027")
    assert page.has_text("Talkers")
    assert page.has_text("12 to 15")
    assert page.has_text("Physical, sexual or emotional abuse, or neglect")
    assert answer.id == flag.answer_id
    db.session.expire_all()
    events = db.session.scalars(select(AuditEvent).filter_by(action="safeguarding_flag_viewed"))
    assert [(e.user_id, e.target) for e in events] == [(lead.id, f"flag {flag.id}")]


def test_the_lead_records_an_outcome_with_notes(client, consultation, staff):
    answer_text(consultation, DISCLOSURE)
    [flag] = flags()
    lead = staff("safeguarding_lead")
    page = get_page(client, f"/staff/safeguarding/{flag.id}")
    data = {
        "csrf_token": page.csrf_token(),
        "outcome": "referral_front_door",
        "notes": "Rang the front door; social worker informed.",
    }
    response = client.post(f"/staff/safeguarding/{flag.id}", data=data)
    assert response.status_code == 302
    [flag] = flags()
    assert (flag.status, flag.outcome, flag.reviewer_id) == (
        "reviewed",
        "referral_front_door",
        lead.id,
    )
    assert flag.notes == "Rang the front door; social worker informed."
    assert flag.reviewed_at is not None
    assert ("safeguarding_outcome_recorded", f"flag {flag.id}") in audit_actions()
    event = db.session.scalars(
        select(AuditEvent).filter_by(action="safeguarding_outcome_recorded")
    ).one()
    assert "front door" not in str(event.details)  # notes stay off the audit log
    queue = get_page(client, "/staff/safeguarding/")
    assert queue.has_text("Nothing is waiting for review.")
    assert queue.has_text("Referral to the local front door / MASH")


def test_an_outcome_must_be_chosen(client, consultation, staff):
    answer_text(consultation, DISCLOSURE)
    [flag] = flags()
    staff("safeguarding_lead")
    page = get_page(client, f"/staff/safeguarding/{flag.id}")
    page = post_page(
        client,
        f"/staff/safeguarding/{flag.id}",
        {"csrf_token": page.csrf_token(), "notes": "hm"},
        status=400,
    )
    assert page.has_text("Choose an outcome.")
    assert flags()[0].status == "new"


def test_a_missing_flag_is_not_found(client, staff):
    staff("safeguarding_lead")
    assert client.get("/staff/safeguarding/999").status_code == 404


@pytest.mark.parametrize("role", ["admin", "pilot_lead", "participation_worker"])
def test_other_roles_cannot_see_the_queue_or_a_flag(client, consultation, staff, role):
    answer_text(consultation, DISCLOSURE)
    [flag] = flags()
    staff(role)
    for url in (
        "/staff/safeguarding/",
        f"/staff/safeguarding/{flag.id}",
        "/staff/safeguarding/outbox",
    ):
        assert client.get(url).status_code == 403, url
    assert DISCLOSURE not in client.get(f"/staff/safeguarding/{flag.id}").get_data(as_text=True)


def test_the_lead_is_told_when_the_child_changed_a_flagged_answer(client, child, staff):
    child.answer("why_unsafe", DISCLOSURE)
    child.answer("why_unsafe", HARMLESS)
    [flag] = flags()
    staff("safeguarding_lead")
    page = get_page(client, f"/staff/safeguarding/{flag.id}")
    assert page.has_text(HARMLESS)
    assert page.has_text("The answer was changed after it was flagged.")
    assert page.has_text("my dad hits me")  # the words that matched in the first version
    assert page.has_text(f"Earlier versions, oldest first {DISCLOSURE}")  # the original wording


def test_an_emptied_flagged_answer_still_shows_what_was_written(client, child, staff):
    child.answer("why_unsafe", DISCLOSURE)
    child.answer("why_unsafe", "")
    child.answer("why_unsafe", HARMLESS)
    [flag] = flags()
    assert flag.texts == [DISCLOSURE, "", HARMLESS]
    staff("safeguarding_lead")
    page = get_page(client, f"/staff/safeguarding/{flag.id}")
    assert page.has_text(f"Earlier versions, oldest first {DISCLOSURE} (the answer was emptied)")
