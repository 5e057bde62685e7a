"""Place scores are entered and shown per wave, beside the previous wave's, and the board report
uses the chosen wave's; pilot pages show group, place and question names, never link names."""

from sqlalchemy import select

from app.extensions import db
from app.models import Place
from tests.pages import get_page
from tests.pilot.conftest import store_moods
from tests.pilot.test_records import post_form


def park() -> Place:
    return db.session.scalar(select(Place).filter_by(slug="hayes-park"))


def score(client, wave, **scores) -> None:
    url = f"/staff/pilot/places/{park().id}/assessment?wave={wave.id}"
    assert (
        post_form(client, url, {name: str(value) for name, value in scores.items()}).status_code
        == 302
    )


def test_scores_are_kept_per_wave_with_the_previous_wave_beside(app, client, staff, two_waves):
    staff("pilot_lead")
    baseline, later = two_waves[0].wave, two_waves[1].wave
    score(client, baseline, vulnerability=4, risk=5, resilience=2, resource=1)
    score(client, later, vulnerability=3, risk=2, resilience=4, resource=4)

    first = get_page(client, f"/staff/pilot/places?wave={baseline.id}")
    assert first.has_text("Named places in Baseline")
    assert "<td>4</td><td>5</td><td>2</td><td>1</td>" in first.html  # no earlier wave to show

    second = get_page(client, f"/staff/pilot/places?wave={later.id}")
    assert second.has_text("Baseline in brackets")
    assert "<td>3 (4)</td><td>2 (5)</td><td>4 (2)</td><td>4 (1)</td>" in second.html
    assert second.has_text("Score Park for Wave 1")

    form = get_page(client, f"/staff/pilot/places/{park().id}/assessment?wave={later.id}")
    assert form.has_text("Context weighting: Park, Wave 1")
    assert form.has_text("For comparison: the scores at Baseline")
    assert "<td>4</td><td>5</td><td>2</td><td>1</td>" in form.html  # baseline's scores
    assert 'value="3"' in form.html  # this wave's saved vulnerability, ready to change


def test_rescoring_a_wave_replaces_its_scores_only(app, client, staff, two_waves):
    staff("pilot_lead")
    baseline, later = two_waves[0].wave, two_waves[1].wave
    score(client, baseline, risk=5)
    score(client, later, risk=3)
    score(client, later, risk=1)
    page = get_page(client, f"/staff/pilot/places?wave={later.id}")
    assert "<td>1 (5)</td>" in page.html


def test_board_report_uses_its_own_waves_scores(app, client, staff, two_waves):
    staff("pilot_lead")
    baseline, later = two_waves[0].wave, two_waves[1].wave
    score(client, baseline, vulnerability=4, risk=5, resilience=2, resource=1)
    score(client, later, vulnerability=3, risk=2, resilience=4, resource=4)
    first = get_page(client, f"/staff/pilot/report/{baseline.id}")
    assert first.has_text("Places of concern")
    assert "<td>4</td><td>5</td><td>2</td><td>1</td>" in first.html
    assert "<td>3" not in first.html
    second = get_page(client, f"/staff/pilot/report/{later.id}")
    assert "<td>3 (4)</td><td>2 (5)</td><td>4 (2)</td><td>4 (1)</td>" in second.html


def test_unknown_wave_is_not_found(app, client, staff, two_waves):
    staff("pilot_lead")
    assert client.get("/staff/pilot/places?wave=9999").status_code == 404
    assert client.get(f"/staff/pilot/places/{park().id}/assessment?wave=9999").status_code == 404


def test_coverage_table_shows_group_names(app, client, staff, two_waves):
    store_moods(two_waves[0], {"very_safe": 12})
    staff("pilot_lead")
    page = get_page(client, "/staff/pilot/")
    assert page.has_text("Responses so far in open consultations")
    assert "<td>Talkers</td>" in page.html
    assert "<td>talkers</td>" not in page.html


def test_charts_and_report_use_names_not_link_names(app, client, staff, two_waves):
    store_moods(two_waves[0], {"very_safe": 12})
    staff("pilot_lead")
    page = get_page(client, "/staff/pilot/?by=place")
    trend = page.html.split('id="trend-1-data">')[1].split("</script>")[0]
    bars = page.html.split('id="breakdown-1-data">')[1].split("</script>")[0]
    assert '"name": "Hayes"' in trend  # the series is named after the place, not its slug
    assert '"x": ["Hayes"]' in bars
    post_form(
        client,
        "/staff/pilot/references",
        {"construct": "safety_today", "kind": "reference", "share": "71", "label": "London",
         "source": "MOPAC PAS"},
    )  # fmt: skip
    references = get_page(client, "/staff/pilot/references")
    assert not references.has_text("safety_today")
    report = get_page(client, f"/staff/pilot/report/{two_waves[0].wave.id}")
    assert not report.has_text("safety_today")
    assert not get_page(client, "/staff/pilot/").has_text("safety_today")
