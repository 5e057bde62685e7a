"""Theme pages as staff use them: overview, coding, translation, emerging themes, classifier."""

import re

from sqlalchemy import select

from app.extensions import db
from app.models import AnswerTheme
from app.services import themes
from tests.pages import get_page, post_page
from tests.themes.conftest import add_answers, flag


def form_token(page, action_part):
    for match in re.finditer(
        r'<form method="post"[^>]*action="([^"]+)"(.*?)</form>', page.html, re.S
    ):
        if action_part in match.group(1):
            token = re.search(r'name="[^"]*csrf_token"[^>]*value="([^"]+)"', match.group(2))
            return token.group(1)
    raise AssertionError(f"no form posting to {action_part}")


def test_the_overview_analyses_new_answers_and_shows_counts_chart_table_and_quotes(
    client, staff, consultation, talkers
):
    add_answers(consultation, ["The drug dealers at the park scare me"] * 11, group=talkers)
    add_answers(consultation, ["Knife crime near the station"] * 2, group=talkers)
    staff("pilot_lead")
    url = f"/staff/themes/?consultation={consultation.id}"
    page = get_page(client, url)
    assert page.has_text("No themed answers yet")
    page = post_page(
        client,
        f"/staff/themes/{consultation.id}/analyse",
        {"csrf_token": form_token(page, "/analyse")},
        follow_redirects=True,
    )
    assert page.has_text("13 new answers analysed.")
    assert page.has_text("13 free-text answers analysed.")
    table = page.html.split("<table", 1)[1]
    assert re.search(r"Drug dealing</th>\s*<td>11</td>", table)
    assert re.search(r"Weapons[^<]*</th>\s*<td>fewer than 10</td>", table)
    assert page.has_text("The drug dealers at the park scare me")  # a quote
    assert 'type="application/json" id="theme-chart-data"' in page.html
    assert "/staff/themes/plotly.min.js?v=" in page.html
    assert "js/charts.js" in page.html
    assert "<script>" not in page.html  # no inline script under the CSP


def test_a_breakdown_and_its_csv_suppress_small_counts(
    client, staff, consultation, talkers, step_up
):
    add_answers(consultation, ["drug dealers everywhere"] * 10, group=talkers)
    add_answers(consultation, ["drug dealers everywhere"] * 3, group=step_up)
    themes.analyse_pending(consultation)
    staff("participation_worker")
    page = get_page(client, f"/staff/themes/?consultation={consultation.id}&by=group")
    assert page.has_text("Broken down by: Group")
    response = client.get(f"/staff/themes/counts.csv?consultation={consultation.id}&by=group")
    lines = response.get_data(as_text=True).splitlines()
    assert "drug_dealing,Drug dealing,Talkers,10" in lines
    assert "drug_dealing,Drug dealing,Step-Up,<10" in lines
    assert "attachment" in response.headers["Content-Disposition"]


def test_quotes_never_show_a_flagged_answer(client, staff, consultation):
    answers = add_answers(consultation, [f"drug dealers on road {n}" for n in range(10)])
    (flagged,) = add_answers(consultation, ["my uncle makes me sell drugs"])
    flag(flagged)
    themes.analyse_pending(consultation)
    staff("admin")
    page = get_page(client, f"/staff/themes/?consultation={consultation.id}")
    assert page.has_text("drug dealers on road")
    assert not page.has_text("my uncle makes me sell drugs")
    assert len(answers) == 10


def test_plotly_is_served_from_our_server_with_long_caching(client, staff):
    staff("participation_worker")
    response = client.get("/staff/themes/plotly.min.js?v=1")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.cache_control.max_age >= 86400
    response.close()


def test_plotly_is_not_served_to_anonymous_visitors(client):
    assert client.get("/staff/themes/plotly.min.js").status_code == 302


def theme_row(answer, theme_id):
    return db.session.scalar(select(AnswerTheme).filter_by(answer_id=answer.id, theme_id=theme_id))


def test_coding_page_accepts_in_bulk_and_rejects_one(client, staff, consultation):
    answers = add_answers(consultation, ["drug dealers at the bus stop"] * 3)
    themes.analyse_pending(consultation)
    staff("participation_worker")
    url = f"/staff/themes/{consultation.id}/coding"
    page = get_page(client, url)
    assert page.has_text("drug dealers at the bus stop")
    token = form_token(page, "/decisions")
    rows = [theme_row(a, "drug_dealing").id for a in answers]
    post_page(
        client,
        f"/staff/themes/{consultation.id}/decisions",
        {"csrf_token": token, "row": rows[:2], "decision": "accepted"},
        follow_redirects=True,
    )
    post_page(
        client,
        f"/staff/themes/{consultation.id}/decisions",
        {"csrf_token": token, "one": f"{rows[2]}:rejected"},
        follow_redirects=True,
    )
    decisions = [theme_row(a, "drug_dealing").decision for a in answers]
    assert decisions == ["accepted", "accepted", "rejected"]


def test_the_coding_page_leaves_out_flagged_answers(client, staff, consultation):
    add_answers(consultation, ["drug dealers at the bus stop"])
    (flagged,) = add_answers(consultation, ["my uncle makes me sell drugs"])
    flag(flagged)
    themes.analyse_pending(consultation)
    staff("participation_worker")
    page = get_page(client, f"/staff/themes/{consultation.id}/coding")
    assert page.has_text("drug dealers at the bus stop")
    assert not page.has_text("my uncle")
    assert page.has_text("1 answer.")


def test_a_decision_without_csrf_changes_nothing(client, staff, consultation):
    (answer,) = add_answers(consultation, ["drug dealers"])
    themes.analyse_pending(consultation)
    staff("pilot_lead")
    response = client.post(
        f"/staff/themes/{consultation.id}/decisions",
        data={"one": f"{theme_row(answer, 'drug_dealing').id}:accepted"},
    )
    assert response.status_code == 400
    assert theme_row(answer, "drug_dealing").decision == "suggested"


def test_a_worker_adds_a_theme_and_a_translation(client, staff, consultation):
    (answer,) = add_answers(
        consultation, ["Gliny nigdy nie przyjeżdżają, kiedy dzwonimy"], language="pl"
    )
    themes.analyse_pending(consultation)
    staff("participation_worker")
    page = get_page(client, f"/staff/themes/{consultation.id}/coding?show=needs_translation")
    assert page.has_text("Needs translation")
    post_page(
        client,
        f"/staff/themes/answers/{answer.id}/translation",
        {
            f"t{answer.id}-csrf_token": form_token(page, "/translation"),
            f"t{answer.id}-translation": "The cops never come when we call",
        },
        follow_redirects=True,
    )
    assert theme_row(answer, "police_trust").decision == "suggested"
    page = get_page(client, f"/staff/themes/{consultation.id}/coding")
    assert page.has_text("The cops never come when we call")
    assert page.has_text("Gliny nigdy")
    post_page(
        client,
        f"/staff/themes/answers/{answer.id}/themes",
        {
            f"a{answer.id}-csrf_token": form_token(page, "/themes"),
            f"a{answer.id}-theme": "trusted_adults_support",
        },
        follow_redirects=True,
    )
    row = theme_row(answer, "trusted_adults_support")
    assert (row.source, row.decision) == ("human", "accepted")


def test_an_admin_sees_the_coding_page_without_the_forms_to_decide(client, staff, consultation):
    add_answers(consultation, ["drug dealers"])
    themes.analyse_pending(consultation)
    staff("admin")
    page = get_page(client, f"/staff/themes/{consultation.id}/coding")
    assert page.has_text("drug dealers")
    assert not [
        form
        for form in page.forms
        if form["method"] == "post" and any(i.get("name") == "decision" for i in form["inputs"])
    ]


def test_the_pilot_lead_adds_an_emerging_theme_to_the_codebook(
    client, staff, consultation, codebook_path
):
    add_answers(consultation, [f"e scooters race on the pavement {n}" for n in range(4)])
    themes.analyse_pending(consultation)
    staff("pilot_lead")
    page = get_page(client, "/staff/themes/emerging")
    assert page.has_text("Mentioned in 4 answers.")
    assert page.has_text("Add to codebook")
    index = re.search(r'name="prefix" value="(e\d+)"', page.html).group(1)
    page = post_page(
        client,
        "/staff/themes/codebook",
        {
            "prefix": index,
            f"{index}-csrf_token": form_token(page, "/codebook"),
            f"{index}-theme_id": "e_scooters",
            f"{index}-label": "E-scooters",
            f"{index}-description": "E-scooters ridden fast on pavements",
            f"{index}-terms": "e scooter, escooter",
        },
        follow_redirects=True,
    )
    assert page.has_text("“E-scooters” is in the codebook (version 2)")
    assert "e_scooters" in codebook_path.read_text()
    token = form_token(get_page(client, "/staff/themes/emerging"), "/codebook")
    page = post_page(
        client,
        "/staff/themes/codebook",
        {"prefix": "e0", "e0-csrf_token": token, "e0-theme_id": "Not An Id!", "e0-terms": "x"},
        follow_redirects=True,
    )
    assert page.has_text("The theme was not added")
    assert page.has_text("Use lower-case letters")


def test_a_worker_cannot_add_to_the_codebook(client, staff, codebook_path):
    staff("participation_worker")
    before = codebook_path.read_text()
    token = get_page(client, "/staff/themes/emerging").csrf_token()
    data = {
        "prefix": "e0",
        "e0-csrf_token": token,
        "e0-theme_id": "e_scooters",
        "e0-label": "E-scooters",
        "e0-description": "Fast e-scooters",
        "e0-terms": "e scooter",
    }
    assert client.post("/staff/themes/codebook", data=data).status_code == 403
    assert codebook_path.read_text() == before


def test_the_classifier_page_says_honestly_how_many_examples_are_missing(
    client, staff, consultation
):
    (answer,) = add_answers(consultation, ["drug dealers"])
    themes.analyse_pending(consultation)
    staff("pilot_lead")
    page = get_page(client, f"/staff/themes/classifier?consultation={consultation.id}")
    assert page.has_text("Not enough examples: 0 of 20 with it")
    post_page(
        client,
        f"/staff/themes/{consultation.id}/suggestions",
        {"csrf_token": form_token(page, "/suggestions")},
        follow_redirects=True,
    )
    assert theme_row(answer, "drug_dealing").source == "auto"


def test_empty_states(client, staff, consultation):
    staff("pilot_lead")
    assert get_page(client, f"/staff/themes/{consultation.id}/coding").has_text(
        "No free-text answers to code yet"
    )
    assert get_page(client, "/staff/themes/emerging").has_text("No emerging themes yet")
    assert get_page(client, "/staff/themes/").has_text("No themed answers yet")
