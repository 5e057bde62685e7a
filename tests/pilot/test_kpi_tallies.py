"""The KPI counts kept per cell equal a GROUP BY over the submitted answers, whatever the path.

Each test sends responses through one way in (respondent pages, a live session ending, paper
entry, the demo's sample answers, a change to a sent answer, retention) and then checks the
stored counts against the answers themselves, cell by cell and as the dashboard's rows.
"""

import threading
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from app.extensions import db
from app.kpi_commands import kpi_command
from app.models import Answer, KpiTally, Response
from app.models.types import utcnow
from app.questionnaire.answers import SKIPPED, ParsedAnswer
from app.services import kpi, kpi_tallies, paper, responses
from app.services.consultations import survey_for
from app.services.demo import load_demo_data
from app.services.demo_answers import load_demo_answers
from app.services.retention import purge
from tests.factories import create_consultation, create_group
from tests.live.conftest import Phone, Worker
from tests.pages import get_page
from tests.pilot.conftest import answer_mood, create_wave, store_moods
from tests.respondent_driver import Respondent


def stored_cells() -> dict:
    rows = db.session.scalars(select(KpiTally).where(KpiTally.count != 0))
    return {tuple(getattr(row, name) for name in kpi_tallies.KEY): row.count for row in rows}


def counted_cells() -> dict:
    cells = kpi_tallies.grouped_cells(Response.submitted_at.is_not(None))
    return {tuple(cell[name] for name in kpi_tallies.KEY): cell["count"] for cell in cells}


def dashboard_counts(rows: list[dict]) -> Counter:
    counts: Counter = Counter()
    for row in rows:
        counts[tuple(value for name, value in row.items() if name != "count")] += row["count"]
    return counts


def assert_counts_match_answers(moods: dict[str, int]) -> None:
    """Stored counts equal the answers' GROUP BY, and the dashboard's rows show ``moods``."""
    db.session.expire_all()
    assert stored_cells() == counted_cells()
    rows = kpi.count_rows()
    assert dashboard_counts(rows) == dashboard_counts(kpi.count_rows_from_answers())
    shown: Counter = Counter()
    for row in rows:
        shown[row["value"]] += row["count"]
    assert dict(shown) == moods


def test_respondent_pages_count_each_submission_once(app, two_waves):
    answer_mood(app, "wave-0", "very_safe")
    answer_mood(app, "wave-0", "very_safe")
    answer_mood(app, "wave-0", None)  # "I'd rather not say"
    answer_mood(app, "wave-1", "very_unsafe")
    skipper = Respondent(app.test_client(), "wave-1")
    skipper.start()
    skipper.about("12-15")
    skipper.answer("mood", action="skip")
    unsent = Respondent(app.test_client(), "wave-1")
    unsent.start()
    unsent.about("12-15")
    unsent.answer("mood", "very_safe")  # never sent: not counted
    # Sent twice from the same check page (a double click): counted once.
    token = get_page(skipper.client, skipper.url("/check")).csrf_token()
    for _ in range(2):
        sent = skipper.client.post(skipper.url("/check"), data={"csrf_token": token})
        assert sent.status_code == 302
    assert_counts_match_answers({"very_safe": 2, "prefer_not_say": 2, "very_unsafe": 1})


def test_counting_a_submission_builds_no_statement_after_the_first(app, two_waves, monkeypatch):
    """The counting statement is built once per database, as sending a response is frequent."""
    built = []
    real = kpi_tallies.conflict_insert
    monkeypatch.setattr(kpi_tallies._upsert, "built", {})
    monkeypatch.setattr(
        kpi_tallies, "conflict_insert", lambda table: built.append(1) or real(table)
    )
    for mood in ("very_safe", "very_unsafe", "very_safe"):
        answer_mood(app, "wave-0", mood)
    assert len(built) == 1
    assert_counts_match_answers({"very_safe": 2, "very_unsafe": 1})


def test_a_changed_answer_of_a_sent_response_moves_its_count(app, two_waves):
    store_moods(two_waves[0], {"very_safe": 2})
    response = db.session.scalars(select(Response)).first()
    survey = survey_for(two_waves[0])
    # The answer page was read before the response was sent in another tab.
    responses.save_answer(response, survey, "mood", ParsedAnswer("very_unsafe", False))
    assert_counts_match_answers({"very_safe": 1, "very_unsafe": 1})
    responses.save_answer(response, survey, "mood", SKIPPED)
    assert_counts_match_answers({"very_safe": 1, "prefer_not_say": 1})


def test_a_live_session_ending_counts_the_phones_that_answered(app, client, staff):
    consultation = _live_consultation()
    staff("participation_worker")
    worker = Worker(client, consultation)
    code = worker.start()
    worker.control(code, "start")
    worker.control(code, "next")
    answering = [Phone(app, code) for _ in range(3)]
    silent = Phone(app, code)
    for phone, mood in zip(answering, ("very_safe", "not_sure", "very_safe"), strict=True):
        phone.join()
        phone.answer("mood", mood)
    silent.join()
    assert_counts_match_answers({})
    worker.control(code, "end")
    assert_counts_match_answers({"very_safe": 2, "not_sure": 1})
    worker.control(code, "end")  # ending again changes nothing
    assert_counts_match_answers({"very_safe": 2, "not_sure": 1})


def _live_consultation():
    return create_consultation(
        slug="live-kpi", groups=[create_group(kind="young_people")], wave=create_wave(0)
    )


def test_paper_entry_counts_the_response(app, two_waves, make_user):
    user = make_user("participation_worker")
    survey = survey_for(two_waves[0])
    about = paper.About(age_band="12-15", group_slug=None, language="en")
    paper.record(user, two_waves[0], survey, about, {"mood": ParsedAnswer("fairly_safe", False)})
    paper.record(user, two_waves[0], survey, about, {"mood": SKIPPED})
    assert_counts_match_answers({"fairly_safe": 1, "prefer_not_say": 1})


def test_demo_answers_are_counted(app):
    load_demo_data()
    assert load_demo_answers() > 0
    db.session.expire_all()
    assert stored_cells() == counted_cells()
    rows = kpi.count_rows()
    assert sum(row["count"] for row in rows) > 100
    assert dashboard_counts(rows) == dashboard_counts(kpi.count_rows_from_answers())


def test_retention_keeps_the_counts_and_keeps_a_partial_sent_meanwhile(app, two_waves):
    store_moods(two_waves[0], {"very_safe": 3})
    old = utcnow() - timedelta(days=400)
    partial = Response(consultation=two_waves[0], started_at=old, updated_at=old)
    partial.answers.append(
        Answer(survey_id="all-types", survey_version=1, question_id="mood", value="very_unsafe")
    )
    db.session.add(partial)
    db.session.commit()
    assert purge(90).partial_responses_deleted == 1
    assert_counts_match_answers({"very_safe": 3})
    # A partial read by the purge but sent before it is deleted must stay, and stay counted.
    late = Response(consultation=two_waves[0], started_at=old, updated_at=old)
    still = Response(consultation=two_waves[0], started_at=old, updated_at=old)
    db.session.add_all([late, still])
    db.session.commit()
    db.session.execute(
        update(Response).where(Response.id == late.id).values(submitted_at=utcnow()),
        execution_options={"synchronize_session": False},
    )
    assert late.submitted_at is None  # what the purge read
    assert responses.lock_unsent([late, still]) == [still]
    db.session.rollback()


def test_rebuild_command_recounts_from_the_answers(app, runner, two_waves):
    store_moods(two_waves[0], {"very_safe": 4, "very_unsafe": 2})
    store_moods(two_waves[1], {None: 1})
    db.session.execute(update(KpiTally).values(count=99))
    db.session.commit()
    assert stored_cells() != counted_cells()
    result = runner.invoke(kpi_command, ["--rebuild-tallies"])
    assert result.exit_code == 0, result.output
    assert "3 cells" in result.output
    assert_counts_match_answers({"very_safe": 4, "very_unsafe": 2, "prefer_not_say": 1})


# SQLite takes one writer at a time: the race only exists on PostgreSQL.
@pytest.mark.parametrize("backend", ["postgresql"])
def test_concurrent_submissions_lose_no_count(app, two_waves):
    sent = []
    for _ in range(6):  # 12 threads: within the connection pool
        response = Response(consultation=two_waves[0], group=two_waves[0].groups[0])
        response.answers.append(
            Answer(survey_id="all-types", survey_version=1, question_id="mood", value="very_safe")
        )
        db.session.add(response)
        sent.append(response)
    db.session.commit()
    ids = [response.id for response in sent]
    # Each response is sent by two threads at once (a double click), all into the same cell.
    start = threading.Barrier(len(ids) * 2)
    errors: list[BaseException] = []

    def send(response_id: int) -> None:
        try:
            with app.app_context():
                response = db.session.get(Response, response_id)
                start.wait()
                responses.submit(response)
                db.session.remove()
        except BaseException as error:  # reported below: a thread's exception is otherwise lost
            errors.append(error)

    threads = [threading.Thread(target=send, args=(i,)) for i in ids * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert_counts_match_answers({"very_safe": 6})
    assert max(stored_cells().values()) == 6
