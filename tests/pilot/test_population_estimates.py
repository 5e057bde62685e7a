"""The pilot lead enters each group's population with its source; the dashboard, its CSV and
``safevoices kpi`` then show a weighted population estimate beside the figure among participants,
or say why there is none."""

import csv
import io

from app.extensions import db
from app.kpi_commands import kpi_command
from app.models import Answer, PopulationSize, Response
from app.models.types import utcnow
from tests.factories import add_submitted, create_group
from tests.pages import get_page, post_page
from tests.pilot.test_records import post_form


def store(consultation, group, safe: int, unsafe: int) -> None:
    for value, times in (("very_safe", safe), ("very_unsafe", unsafe)):
        for _ in range(times):
            response = Response(consultation=consultation, group=group, submitted_at=utcnow())
            response.answers.append(
                Answer(survey_id="all-types", survey_version=1, question_id="mood", value=value)
            )
            add_submitted(response)
    db.session.commit()


def two_groups(consultation):
    """Talkers (already invited) and Residents, both invited to the baseline consultation."""
    residents = create_group("residents", "Residents", kind="residents")
    consultation.groups.append(residents)
    db.session.commit()
    return consultation.groups[0], residents


def enter_populations(client, talkers, residents) -> None:
    saved = post_form(
        client,
        "/staff/pilot/populations",
        {
            f"population_{talkers.id}": "3000",
            f"source_{talkers.id}": "School roll 2026",
            f"population_{residents.id}": "1000",
            f"source_{residents.id}": "ONS mid-2024",
        },
    )
    assert saved.status_code == 302


def test_population_page_saves_changes_and_clears(app, client, staff, two_waves):
    staff("pilot_lead")
    talkers, residents = two_groups(two_waves[0])
    enter_populations(client, talkers, residents)
    page = get_page(client, "/staff/pilot/populations")
    assert 'value="3000"' in page.html
    assert 'value="ONS mid-2024"' in page.html
    emptied = {f"population_{talkers.id}": "", f"population_{residents.id}": "1200"}
    emptied[f"source_{residents.id}"] = "ONS mid-2025"
    assert post_form(client, "/staff/pilot/populations", emptied).status_code == 302
    rows = [(row.group_id, row.population, row.source) for row in db.session.query(PopulationSize)]
    assert rows == [(residents.id, 1200, "ONS mid-2025")]


def test_a_population_needs_a_source_and_a_whole_number(app, client, staff, two_waves):
    staff("pilot_lead")
    talkers, _residents = two_groups(two_waves[0])
    url = "/staff/pilot/populations"
    token = get_page(client, url).csrf_token()
    page = post_page(
        client, url, {"csrf_token": token, f"population_{talkers.id}": "3000"}, status=200
    )
    assert page.has_text("Say where the figure for Talkers comes from.")
    page = post_page(
        client,
        url,
        {"csrf_token": token, f"population_{talkers.id}": "-4", f"source_{talkers.id}": "x"},
        status=200,
    )
    assert page.has_text("Give a whole number of people, 1 or more.")
    assert db.session.query(PopulationSize).count() == 0


def test_only_the_pilot_lead_enters_populations(app, client, staff, two_waves):
    staff("admin")
    assert client.get("/staff/pilot/populations").status_code == 403


def test_dashboard_shows_the_weighted_estimate_beside_participants(app, client, staff, two_waves):
    staff("pilot_lead")
    talkers, residents = two_groups(two_waves[0])
    store(two_waves[0], talkers, safe=80, unsafe=20)
    store(two_waves[0], residents, safe=20, unsafe=30)
    enter_populations(client, talkers, residents)
    page = get_page(client, "/staff/pilot/")
    assert page.has_text("66.7%")  # among participants: 100 of 150
    assert page.has_text("among participants")
    assert page.has_text("Weighted population estimate")
    # 0.75 x 80% + 0.25 x 40% = 70%; variance 0.0012, design effect 0.86, effective n 175.
    assert page.has_text("70.0% (95% interval 62.8% – 76.3%; design effect 0.86)")
    assert page.has_text("Talkers 3,000 (source: School roll 2026)")
    assert page.has_text("Residents 1,000 (source: ONS mid-2024)")
    response = client.get("/staff/pilot/kpi.csv")
    (row,) = csv.DictReader(io.StringIO(response.get_data(as_text=True)))
    assert (row["share"], row["population_estimate"], row["design_effect"]) == (
        "0.6667",
        "0.7",
        "0.857",
    )
    report = get_page(client, f"/staff/pilot/report/{two_waves[0].wave.id}")
    assert report.has_text("70.0% (95% interval 62.8% – 76.3%; design effect 0.86)")
    assert report.has_text("Residents 1,000 (source: ONS mid-2024)")
    by_group = get_page(client, "/staff/pilot/?by=group")
    assert not by_group.has_text("Weighted population estimate")  # each group is its own figure


def test_dashboard_and_report_say_when_the_design_effect_is_not_estimable(
    app, client, staff, two_waves
):
    """Every group answered all one way: no variance, so no design effect. The board report
    used to drop the sentence and show only the interval."""
    staff("pilot_lead")
    talkers, residents = two_groups(two_waves[0])
    store(two_waves[0], talkers, safe=20, unsafe=0)
    store(two_waves[0], residents, safe=15, unsafe=0)
    enter_populations(client, talkers, residents)
    not_estimable = "; design effect not estimable: every group answered all one way)"
    assert get_page(client, "/staff/pilot/").has_text(not_estimable)
    report = get_page(client, f"/staff/pilot/report/{two_waves[0].wave.id}")
    assert report.has_text(not_estimable)
    assert report.has_text("Population sizes: Residents 1,000 (source: ONS mid-2024); Talkers")


def test_no_estimate_when_a_group_has_no_answers_or_few(app, client, staff, two_waves):
    staff("pilot_lead")
    talkers, residents = two_groups(two_waves[0])
    store(two_waves[0], talkers, safe=80, unsafe=20)
    enter_populations(client, talkers, residents)
    page = get_page(client, "/staff/pilot/")
    assert page.has_text(
        "No estimate: a group gave no answers, so its share is unknown (Residents)"
    )
    store(two_waves[0], residents, safe=4, unsafe=5)
    page = get_page(client, "/staff/pilot/")
    assert page.has_text("a group has fewer than 10 answers, so its share is hidden (Residents)")


def test_no_estimate_without_every_population(app, client, staff, two_waves):
    staff("pilot_lead")
    talkers, residents = two_groups(two_waves[0])
    store(two_waves[0], talkers, safe=80, unsafe=20)
    store(two_waves[0], residents, safe=20, unsafe=30)
    post_form(
        client,
        "/staff/pilot/populations",
        {f"population_{talkers.id}": "3000", f"source_{talkers.id}": "School roll 2026"},
    )
    page = get_page(client, "/staff/pilot/")
    assert page.has_text("No estimate: no population size entered for a group (Residents)")


def test_kpi_command_prints_the_estimate(app, runner, two_waves, staff):
    lead = staff("pilot_lead")
    talkers, residents = two_groups(two_waves[0])
    store(two_waves[0], talkers, safe=80, unsafe=20)
    store(two_waves[0], residents, safe=20, unsafe=30)
    from app.services import pilot

    pilot.save_population_sizes({talkers.id: (3000, "Roll"), residents.id: (1000, "ONS")}, lead)
    table = runner.invoke(kpi_command, [])
    assert table.exit_code == 0, table.output
    assert "all-types:mood wave 0: 70.0% (95% 62.8% - 76.3%), design effect 0.86" in table.output
    assert "Population sizes: Residents 1,000 (source: ONS); Talkers 3,000 (source: Roll)" in (
        table.output
    )
    rows = csv.DictReader(
        io.StringIO(runner.invoke(kpi_command, ["--by", "none", "--format", "csv"]).output)
    )
    assert [(row["share"], row["population_estimate"]) for row in rows] == [("0.6667", "0.7")]
