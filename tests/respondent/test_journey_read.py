"""The respondent journey's one read gives the same values as the ORM, however many answers a
response has: its consultation and response columns are converted once, from the first row."""

from datetime import UTC, datetime

from app.extensions import db
from app.models import Answer, Consultation, Response
from app.services.journey_reads import read_journey
from app.services.responses import hash_token
from tests.factories import create_consultation

VALUES = ["a few words", ["bus_station", "park"], {"lat": 51.5, "lng": -0.4}, 4, None]


def _response_with_answers(consultation: Consultation, token: str, count: int) -> Response:
    response = Response(
        consultation_id=consultation.id,
        language="cy",
        age_band="12-15",
        mode="self",
        resume_token_hash=hash_token(token),
        started_at=datetime(2026, 5, 1, 9, 30, tzinfo=UTC),
        updated_at=datetime(2026, 5, 1, 9, 45, 12, 345678, tzinfo=UTC),
    )
    db.session.add(response)
    db.session.flush()
    for number in range(count):
        value = VALUES[number % len(VALUES)]
        db.session.add(
            Answer(
                response_id=response.id,
                survey_id="all-types",
                survey_version=1,
                question_id=f"q{number}",
                value=value,
                is_skipped=value is None,
                answered_at=datetime(2026, 5, 1, 9, 31 + number, tzinfo=UTC),
            )
        )
    db.session.commit()
    return response


def test_the_read_matches_the_orm_with_none_one_and_many_answers(app):
    consultation = create_consultation(
        languages=["en", "cy", "pl"],
        opens_at=datetime(2026, 4, 1, 8, 0, tzinfo=UTC),
        closes_at=datetime(2026, 6, 30, 17, 0, tzinfo=UTC),
        help_contact="Ask Sam at the front desk",
    )
    for count in (0, 1, 12):
        _response_with_answers(consultation, f"token-{count}", count)
    db.session.expire_all()

    for count in (0, 1, 12):
        record, response = read_journey("test-consultation", hash_token(f"token-{count}"))
        row = db.session.get(Consultation, consultation.id)
        assert record.languages == ["en", "cy", "pl"]
        assert record.opens_at == datetime(2026, 4, 1, 8, 0, tzinfo=UTC)
        assert record.opens_at.tzinfo is not None
        assert record.closes_at == row.closes_at
        assert record.created_at == row.created_at
        assert (record.slug, record.status, record.help_contact) == (
            "test-consultation",
            "open",
            "Ask Sam at the front desk",
        )
        assert record.survey == (row.survey.survey_id, row.survey.version)

        stored = db.session.get(Response, response.id)
        assert (response.language, response.age_band, response.mode) == ("cy", "12-15", "self")
        assert response.updated_at == datetime(2026, 5, 1, 9, 45, 12, 345678, tzinfo=UTC)
        assert response.started_at == stored.started_at
        assert response.submitted_at is None
        assert [
            (a.question_id, a.value, a.is_skipped, a.answered_at) for a in response.answers
        ] == [(a.question_id, a.value, a.is_skipped, a.answered_at) for a in stored.answers]
        assert len(response.answers) == count


def test_a_device_with_no_response_still_gets_its_consultation(app):
    create_consultation(languages=["en", "cy"])
    _response_with_answers(db.session.scalar(db.select(Consultation)), "someone-else", 3)

    record, response = read_journey("test-consultation", hash_token("not-a-token-we-gave"))
    assert record.languages == ["en", "cy"]
    assert response is None
    assert read_journey("no-such-consultation", None) is None
