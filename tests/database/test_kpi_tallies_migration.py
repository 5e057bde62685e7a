"""The migration that adds the KPI counts fills them from the responses already submitted."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import select

from app.extensions import db
from app.models import Answer, Consultation, Group, KpiTally, Place, Response, Survey
from app.models.types import utcnow
from app.services import kpi_tallies

BEFORE_TALLIES = "5d1d10214e47"


def test_the_migration_counts_the_submitted_answers(unmigrated_app):
    upgrade(revision=BEFORE_TALLIES)
    _store_answers()
    upgrade()
    stored = {
        tuple(getattr(row, name) for name in kpi_tallies.KEY): row.count
        for row in db.session.scalars(select(KpiTally))
    }
    counted = {
        tuple(cell[name] for name in kpi_tallies.KEY): cell["count"]
        for cell in kpi_tallies.grouped_cells(Response.submitted_at.is_not(None))
    }
    assert stored == counted
    by_answer = {(key[4], key[5], key[1] == 0): count for key, count in stored.items()}
    # Two "very safe" from the group, one skipped without a group; the unsent response,
    # the free text and the answer off the standard scale are not counted.
    assert by_answer == {('"very_safe"', False, False): 2, ("", True, True): 1}
    db.session.remove()
    downgrade(revision=BEFORE_TALLIES)


def _store_answers() -> None:
    survey = Survey(survey_id="all-types", version=1, title="All types", content_hash="x")
    group = Group(slug="talkers", name="Talkers", kind="young_people")
    consultation = Consultation(
        slug="before", title="Before", survey=survey, place=Place(slug="p", name="P")
    )
    now = utcnow()
    for group_of, sent, question, value, skipped in (
        (group, now, "mood", "very_safe", False),
        (group, now, "mood", "very_safe", False),
        (None, now, "mood", None, True),
        (group, None, "mood", "very_safe", False),
        (group, now, "why_unsafe", "the park is dark", False),
        (group, now, "mood", "somewhat_fine", False),
    ):
        response = Response(consultation=consultation, group=group_of, submitted_at=sent)
        response.answers.append(
            Answer(
                survey_id="all-types",
                survey_version=1,
                question_id=question,
                value=value,
                is_skipped=skipped,
            )
        )
        db.session.add(response)
    db.session.commit()
