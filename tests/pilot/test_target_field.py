"""The consultation form sets the target number of responses per group the dashboard tracks."""

from app.extensions import db
from app.models import Survey
from tests.factories import create_group
from tests.pages import get_page
from tests.pilot.conftest import store_moods


def test_target_is_saved_shown_and_tracked(app, client, staff, two_waves):
    staff("pilot_lead")
    consultation = two_waves[0]
    url = f"/staff/consultations/{consultation.id}/edit"
    page = get_page(client, url)
    assert page.has_text("Target responses per group (optional)")
    survey = db.session.get(Survey, consultation.survey_pk)
    data = {
        "csrf_token": page.csrf_token(),
        "title": consultation.title,
        "slug": consultation.slug,
        "survey": str(survey.id),
        "groups": [str(create_group(kind="young_people").id)],
        "place": str(consultation.place_id),
        "wave": str(consultation.wave_id),
        "languages": ["en"],
        "target_per_group": "30",
    }
    assert client.post(url, data=data).status_code == 302
    db.session.refresh(consultation)
    assert consultation.target_per_group == 30
    store_moods(consultation, {"very_safe": 15})
    dashboard = get_page(client, "/staff/pilot/")
    assert dashboard.has_text("50.0%")  # 15 of a target of 30
    assert 'value="0.5"' in dashboard.html
