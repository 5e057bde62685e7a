"""The theme service: analysing answers, translations, decisions, learning from coding."""

from sqlalchemy import select

from app.extensions import db
from app.models import AnswerAnalysis, AnswerTheme, AuditEvent
from app.services import theme_figures, themes
from tests.themes.conftest import add_answers, flag


def themes_of(answer, decision=None):
    query = select(AnswerTheme).filter_by(answer_id=answer.id)
    if decision:
        query = query.filter_by(decision=decision)
    return {row.theme_id: row for row in db.session.scalars(query)}


def analysis_of(answer):
    return db.session.scalar(select(AnswerAnalysis).filter_by(answer_id=answer.id))


def test_pending_answers_are_analysed_once_with_redacted_text_and_suggested_themes(
    consultation, make_user
):
    (answer,) = add_answers(consultation, ["Call me on 07700 900123, the drug dealers scare me"])
    assert themes.analyse_pending(consultation) == 1
    stored = analysis_of(answer)
    assert stored.language == "en"
    assert "07700" not in stored.redacted_text
    assert "dealers scare me" in stored.redacted_text
    suggested = themes_of(answer)
    assert suggested["drug_dealing"].source == "auto"
    assert suggested["drug_dealing"].decision == "suggested"
    assert themes.analyse_pending(consultation) == 0


def test_progress_is_reported_as_answers_are_analysed(consultation):
    add_answers(consultation, ["more police please", "the bus stop is dark", ""])
    seen = []
    assert (
        themes.analyse_pending(
            consultation, progress=lambda done, total: seen.append((done, total))
        )
        == 2
    )
    assert seen[-1] == (2, 2)


def test_a_polish_answer_is_themed_in_polish_and_an_unthemed_one_waits_for_translation(
    consultation, make_user
):
    polish, unthemed = add_answers(
        consultation,
        [
            "Na przystanku zawsze stoją dilerzy i sprzedają narkotyki",
            "Gliny nigdy nie przyjeżdżają, kiedy dzwonimy",
        ],
        language="pl",
    )
    themes.analyse_pending(consultation)
    assert analysis_of(polish).language == "pl"
    assert "drug_dealing" in themes_of(polish)
    waiting = analysis_of(unthemed)
    assert waiting.needs_translation
    assert themes_of(unthemed) == {}

    worker = make_user("participation_worker")
    themes.add_translation(worker, unthemed, "The cops never come when we call")
    waiting = analysis_of(unthemed)
    assert not waiting.needs_translation
    assert waiting.translation == "The cops never come when we call"
    assert waiting.language == "pl"
    assert unthemed.value.startswith("Gliny nigdy")  # the original is kept
    assert "police_trust" in themes_of(unthemed)


def test_accept_and_reject_in_bulk_and_one_by_one(consultation, make_user):
    answers = add_answers(consultation, ["drug dealers by the bus stop"] * 3)
    themes.analyse_pending(consultation)
    worker = make_user("participation_worker")
    rows = [themes_of(a)["drug_dealing"].id for a in answers]
    assert themes.decide(worker, rows[:2], "accepted") == 2
    assert themes.decide(worker, rows[2:], "rejected") == 1
    assert themes_of(answers[0])["drug_dealing"].decided_by_id == worker.id
    assert themes_of(answers[2])["drug_dealing"].decision == "rejected"
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"themes_accepted", "themes_rejected"} <= actions


def test_a_worker_adds_a_theme_the_analysis_missed(consultation, make_user):
    (answer,) = add_answers(consultation, ["I feel scared on my own"])
    themes.analyse_pending(consultation)
    assert themes_of(answer) == {}
    row = themes.add_theme(make_user("pilot_lead"), answer, "trusted_adults_support")
    assert (row.source, row.decision) == ("human", "accepted")


def test_new_analysis_never_overwrites_a_human_decision(consultation, make_user):
    (answer,) = add_answers(consultation, ["drug dealers everywhere"])
    themes.analyse_pending(consultation)
    worker = make_user("participation_worker")
    themes.decide(worker, [themes_of(answer)["drug_dealing"].id], "rejected")
    themes.add_translation(worker, answer, "drug dealers everywhere")
    assert themes_of(answer)["drug_dealing"].decision == "rejected"


def coded(consultation, worker, texts, theme_id, decision):
    answers = add_answers(consultation, texts)
    themes.analyse_pending(consultation)
    for answer in answers:
        row = themes.add_theme(worker, answer, theme_id)
        if decision == "rejected":
            themes.decide(worker, [row.id], "rejected")
    return answers


def test_model_suggestions_need_enough_examples_and_never_overwrite_people(consultation, make_user):
    worker = make_user("participation_worker")
    lessons = [f"my maths lesson {n} is boring" for n in range(25)]
    other = [f"the youth club number {n} closed down" for n in range(25)]
    coded(consultation, worker, lessons[:12], "school", "accepted")
    run = themes.suggest_from_model(consultation)
    report = next(r for r in run.reports if r.theme_id == "school")
    assert (report.status, report.positives, run.added) == ("not enough examples", 12, 0)

    coded(consultation, worker, lessons[12:], "school", "accepted")
    coded(consultation, worker, other, "youth_provision", "accepted")
    (rejected,) = add_answers(consultation, ["I hate my maths lesson"])
    (fresh,) = add_answers(consultation, ["boring maths lessons every day"])
    themes.analyse_pending(consultation)
    themes.add_theme(worker, rejected, "school")
    themes.decide(worker, [themes_of(rejected)["school"].id], "rejected")

    run = themes.suggest_from_model(consultation)
    report = next(r for r in run.reports if r.theme_id == "school")
    assert report.status == "trained"
    assert report.accuracy is not None
    suggestion = themes_of(fresh)["school"]
    assert suggestion.source == "model"
    assert suggestion.decision == "suggested"
    assert 0.6 <= suggestion.confidence <= 1
    assert themes_of(rejected)["school"].decision == "rejected"


def test_counts_under_ten_are_suppressed_by_breakdown(consultation, talkers, step_up):
    add_answers(consultation, ["drug dealers at the park"] * 12, group=talkers)
    add_answers(consultation, ["drug dealers at the station"] * 4, group=step_up)
    themes.analyse_pending(consultation)
    overall = {c.theme_id: c.count for c in theme_figures.theme_counts(consultation)}
    assert overall["drug_dealing"] == 16
    by_group = {
        (c.theme_id, c.key): c.count for c in theme_figures.theme_counts(consultation, "group")
    }
    assert by_group[("drug_dealing", "Talkers")] == 12
    assert by_group[("drug_dealing", "Step-Up")] is None
    assert overall.get("parks_open_spaces") == 12


def test_rejected_themes_are_not_counted(consultation, make_user):
    answers = add_answers(consultation, ["drug dealers"] * 10)
    themes.analyse_pending(consultation)
    themes.decide(make_user("pilot_lead"), [themes_of(answers[0])["drug_dealing"].id], "rejected")
    overall = {c.theme_id: c.count for c in theme_figures.theme_counts(None)}
    assert overall["drug_dealing"] is None  # 9 left, under 10


def test_quotes_are_redacted_and_exclude_flagged_answers(consultation):
    safe, flagged = add_answers(
        consultation,
        [
            "Drug dealers hang around the park, text me on 07700 900123",
            "My uncle makes me sell drugs for him",
        ],
    )
    flag(flagged)
    themes.analyse_pending(consultation)
    quotes = theme_figures.quotes("drug_dealing", consultation)
    assert len(quotes) == 1
    assert quotes[0].startswith("Drug dealers hang around the park")
    assert "07700" not in quotes[0]


def test_emerging_themes_are_offered_and_added_to_a_codebook_file(
    consultation, make_user, codebook_path
):
    add_answers(consultation, [f"the e scooters go too fast on pavement {n}" for n in range(4)])
    themes.analyse_pending(consultation)
    found = theme_figures.emerging(consultation)
    scooters = next(theme for theme in found if theme.head == "scooter")
    assert scooters.count == 4
    lead = make_user("pilot_lead")
    grown = themes.add_emerging_theme(
        lead, "e_scooters", "E-scooters", "E-scooters ridden fast on pavements", ["e scooter"]
    )
    assert grown.version == 2
    assert "e_scooters" in codebook_path.read_text()
    assert "e_scooters" in themes.codebook().theme_ids
    event = db.session.scalar(select(AuditEvent).filter_by(action="codebook_theme_added"))
    assert event.target == "e_scooters"
