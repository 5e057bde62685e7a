"""The pilot dashboard shows each KPI figure with its base, interval and change, and hides small
counts; its CSV has the same figures."""

import csv
import io

from tests.pages import get_page
from tests.pilot.conftest import store_moods


def test_empty_state(app, client, staff, two_waves):
    staff("pilot_lead")
    page = get_page(client, "/staff/pilot/")
    assert page.has_text("No answers to the KPI questions yet.")


def test_figures_chart_and_table(app, client, staff, two_waves):
    store_moods(two_waves[0], {"very_safe": 5, "fairly_safe": 5, "very_unsafe": 10, None: 12})
    store_moods(two_waves[1], {"very_safe": 18, "a_bit_unsafe": 2})
    staff("admin")
    page = get_page(client, "/staff/pilot/?by=group")
    assert page.has_text("50.0%")
    assert page.has_text("90.0%")
    assert page.has_text("higher, and more than chance")
    assert page.has_text("Rather not say: 12")
    assert page.has_text("among participants")
    assert 'data-chart="trend-1-data"' in page.html
    assert 'data-chart="breakdown-1-data"' in page.html


def test_small_counts_are_hidden(app, client, staff, two_waves):
    store_moods(two_waves[0], {"very_safe": 6, "very_unsafe": 3})
    staff("pilot_lead")
    page = get_page(client, "/staff/pilot/")
    assert page.has_text("fewer than 10 answers: hidden")
    assert not page.has_text("66.7%")


def test_csv_download(app, client, staff, two_waves):
    store_moods(two_waves[0], {"very_safe": 15, "a_bit_unsafe": 5})
    staff("pilot_lead")
    response = client.get("/staff/pilot/kpi.csv?consultation=wave-0")
    assert response.status_code == 200
    (row,) = csv.DictReader(io.StringIO(response.get_data(as_text=True)))
    assert (row["n"], row["share"], row["feel_safe"]) == ("20", "0.75", "15")


def test_participation_worker_is_refused(app, client, staff, two_waves):
    staff("participation_worker")
    assert client.get("/staff/pilot/").status_code == 403


def test_rolling_pool_shows_a_small_group_hidden_wave_by_wave(app, client, staff, two_waves):
    store_moods(two_waves[0], {"very_safe": 4, "very_unsafe": 2})
    store_moods(two_waves[1], {"very_safe": 5, "very_unsafe": 1})
    staff("pilot_lead")
    assert not get_page(client, "/staff/pilot/").has_text("75.0%")
    pooled = get_page(client, "/staff/pilot/?window=2&by=time_of_day")
    assert pooled.has_text("75.0%")  # 9 of 12 over the two waves
    assert pooled.has_text("pooled over 2 waves")
    assert pooled.has_text("changes between them are not tested")


def test_breakdown_by_place_uses_the_place_name(app, client, staff, two_waves):
    store_moods(two_waves[0], {"very_safe": 12})
    staff("pilot_lead")
    assert "<td>Hayes</td>" in get_page(client, "/staff/pilot/?by=place").html
