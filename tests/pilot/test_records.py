"""The pilot lead records other measures, references, place scores, narratives and "You said,
we did"; the board report and the public page show them."""

from sqlalchemy import select

from app.extensions import db
from app.models import Answer, Place, Response
from app.models.types import utcnow
from tests.pages import get_page, post_page
from tests.pilot.conftest import store_moods


def post_form(client, url: str, data: dict):
    token = get_page(client, url).csrf_token()
    return client.post(url, data={"csrf_token": token, **data})


def test_measures_and_narrative_reach_dashboard_and_report(app, client, staff, two_waves):
    staff("pilot_lead")
    wave = two_waves[0].wave
    saved = post_form(
        client,
        f"/staff/pilot/waves/{wave.id}/measures",
        {"children_supported_stronger_families": "37", "efh_incidents_number": "4"},
    )
    assert saved.status_code == 302
    post_form(client, f"/staff/pilot/waves/{wave.id}/narrative", {"narrative": "Calmer streets."})
    store_moods(two_waves[0], {"very_safe": 12})
    dashboard = get_page(client, "/staff/pilot/")
    assert dashboard.has_text("Children supported through a Stronger Families Plan")
    assert dashboard.has_text("37")
    report = get_page(client, f"/staff/pilot/report/{wave.id}")
    assert report.has_text("Calmer streets.")
    assert report.has_text("100.0%")
    assert report.has_text("not entered")  # awareness reach was left empty


def test_reference_line_is_shown_with_its_source(app, client, staff, two_waves):
    staff("pilot_lead")
    post_form(
        client,
        "/staff/pilot/references",
        {
            "construct": "safety_today",
            "kind": "reference",
            "share": "71",
            "label": "London",
            "source": "MOPAC PAS",
        },
    )
    store_moods(two_waves[0], {"very_safe": 12})
    page = get_page(client, "/staff/pilot/")
    assert page.has_text("Reference line: London, 71.0% (source: MOPAC PAS).")


def test_a_target_is_drawn_as_its_own_line(app, client, staff, two_waves):
    staff("pilot_lead")
    post_form(
        client,
        "/staff/pilot/references",
        {
            "construct": "safety_today",
            "kind": "target",
            "share": "80",
            "label": "Month 18 aim",
            "source": "Partnership board, March 2027",
        },
    )
    store_moods(two_waves[0], {"very_safe": 12})
    page = get_page(client, "/staff/pilot/")
    assert page.has_text("Target line: Month 18 aim, 80.0% (Partnership board, March 2027).")
    assert "Target: Month 18 aim" in page.html  # the dotted line in the chart's data
    assert not page.has_text("Reference line:")
    assert get_page(client, "/staff/pilot/references").has_text("Targets in use")


def test_out_of_range_score_is_refused(app, client, staff, two_waves):
    staff("pilot_lead")
    spot = db.session.scalar(select(Place).filter_by(slug="hayes-park"))
    url = f"/staff/pilot/places/{spot.id}/assessment"
    page = post_page(
        client, url, {"csrf_token": get_page(client, url).csrf_token(), "risk": "9"}, status=200
    )
    assert page.has_text("Give a score from 1 to 5.")
    post_form(client, url, {"vulnerability": "4", "risk": "5", "resilience": "2", "resource": "1"})
    assert get_page(client, "/staff/pilot/places").has_text("Score Park")


def test_place_mentions_hidden_under_ten(app, client, staff, two_waves):
    for times, slug in ((10, "hayes-bus-station"), (3, "hayes-park")):
        for _ in range(times):
            response = Response(consultation=two_waves[0], submitted_at=utcnow())
            response.answers.append(
                Answer(survey_id="all-types", survey_version=1, question_id="where", value=[slug])
            )
            db.session.add(response)
    db.session.commit()
    staff("admin")
    page = get_page(client, f"/staff/pilot/places?wave={two_waves[0].wave.id}")
    assert "<td>10</td>" in page.html
    assert page.has_text("fewer than 10")
    # The places page counts one wave's answers: none of these were given in wave 1.
    later = get_page(client, f"/staff/pilot/places?wave={two_waves[1].wave.id}")
    assert "<td>10</td>" not in later.html


def test_you_said_we_did_is_public_only_once_published(app, client, staff, two_waves):
    consultation = two_waves[0]
    public = f"/s/{consultation.slug}/you-said-we-did"
    assert client.get(public).status_code == 404
    staff("pilot_lead")
    url = f"/staff/pilot/consultations/{consultation.id}/you-said-we-did"
    fields = {"you_said": "The park is dark.", "we_did": "New lights.", "child_friendly": "Lights!"}
    post_form(client, url, fields)
    assert client.get(public).status_code == 404
    post_form(client, url, {**fields, "is_published": "y"})
    page = get_page(client, public)
    assert page.has_text("New lights.")
    assert page.has_text("Lights!")
    assert page.has_text("Leave this site quickly")


def test_thank_you_page_links_to_published_page(app, client, staff, two_waves):
    from app.services import pilot
    from tests.respondent_driver import Respondent

    lead = staff("pilot_lead")
    fields = {"you_said": "Dark park.", "we_did": "Lights.", "child_friendly": "Lights!"}
    pilot.save_you_said_we_did(two_waves[0], {**fields, "is_published": True}, lead)
    respondent = Respondent(app.test_client(), "wave-0")
    respondent.start()
    respondent.about("12-15")
    respondent.answer("mood", "very_safe")
    thanks = respondent.submit()
    page = get_page(respondent.client, thanks.location)
    assert "/s/wave-0/you-said-we-did" in page.html
