"""Time the KPI from the database on a million answers: ``python benchmarks/kpi_db.py``.

Fills a fresh database (SQLite in a temporary folder, and PostgreSQL when ``--postgres URL`` is
given, e.g. ``postgresql+psycopg:///kpi_bench``; the benchmark drops and creates every table
there, so never point it at real data) with seeded submitted responses to the residents' survey:
4 waves x 3 places, 3 groups, two KPI questions per response (after dark and during the day).
Filling is not timed; the per-cell KPI counts are then built by ``kpi_tallies.rebuild`` (timed).
Then times what the dashboard does: ``app.services.kpi.count_rows`` (reading the counts) fed to
``figures_from_counts`` with changes (``app.services.kpi.series``), by wave and by wave and
group, beside the old GROUP BY over the answers (``count_rows_from_answers``). Target: under 1 s.
Last, the cost of keeping the counts: sending a response with ``responses.submit`` (which adds
to the counts) against only marking it sent, as before the counts existed.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np
from sqlalchemy import func, insert, select, text

from app import create_app
from app.extensions import db
from app.models import Answer, Consultation, Group, Place, Response, Survey, Wave
from app.models.types import utcnow
from app.services import kpi, kpi_tallies, responses
from app.services.surveys import sync_surveys

SURVEY = "community-safety-residents"
QUESTIONS = ("walk_alone_after_dark", "walk_alone_daytime")
VALUES = (
    "very_safe", "fairly_safe", "a_bit_unsafe", "very_unsafe", "never_go_out_alone", "dont_know",
)  # fmt: skip
VALUE_CHANCES = (0.25, 0.35, 0.18, 0.1, 0.06, 0.06)
SKIPPED_CHANCE = 0.03
BATCH = 50_000
SUBMISSIONS = 200
RESET_IDS = "SELECT setval(pg_get_serial_sequence('responses', 'id'), max(id)) FROM responses"


def set_up(url: str) -> list[Consultation]:
    db.drop_all()
    db.create_all()
    sync_surveys()
    survey = db.session.scalar(select(Survey).filter_by(survey_id=SURVEY))
    groups = [Group(slug=kind, name=kind, kind=kind) for kind in ("residents", "businesses")]
    groups.append(Group(slug="young-people", name="Young people", kind="young_people"))
    places = [Place(slug=f"place-{i}", name=f"Place {i}") for i in range(3)]
    waves = [
        Wave(name=f"Wave {i}", position=i, starts_on=date(2026, 1, 1), ends_on=date(2026, 3, 1))
        for i in range(4)
    ]
    consultations = [
        Consultation(slug=f"c-{w.position}-{p.slug}", title="c", survey=survey, wave=w, place=p)
        for w in waves
        for p in places
    ]
    for consultation in consultations:
        consultation.groups = groups
    db.session.add_all(consultations)
    db.session.commit()
    return consultations


def fill(consultations: list[Consultation], answers: int, seed: int = 2026) -> None:
    rng = np.random.default_rng(seed)
    responses = answers // len(QUESTIONS)
    group_ids = [group.id for group in consultations[0].groups]
    now = utcnow()
    for start in range(0, responses, BATCH):
        size = min(BATCH, responses - start)
        chosen = rng.integers(0, len(consultations), size)
        groups = rng.integers(0, len(group_ids), size)
        rows = [
            {"id": start + i + 1, "consultation_id": consultations[c].id,
             "group_id": group_ids[g], "mode": "self", "submitted_at": now}
            for i, (c, g) in enumerate(zip(chosen.tolist(), groups.tolist(), strict=True))
        ]  # fmt: skip
        db.session.execute(insert(Response), rows)
        db.session.execute(insert(Answer), list(answer_rows(rng, start, size)))
        db.session.commit()


def answer_rows(rng, start: int, size: int):
    for question in QUESTIONS:
        values = rng.choice(len(VALUES), size, p=VALUE_CHANCES).tolist()
        skipped = (rng.random(size) < SKIPPED_CHANCE).tolist()
        for i in range(size):
            yield {
                "response_id": start + i + 1,
                "survey_id": SURVEY,
                "survey_version": 1,
                "question_id": question,
                "value": None if skipped[i] else VALUES[values[i]],
                "is_skipped": skipped[i],
            }


def report(label: str, task, repeats: int) -> None:
    wall = []
    for _ in range(repeats):
        started = time.perf_counter()
        task()
        wall.append(time.perf_counter() - started)
    best, median = min(wall), statistics.median(wall)
    print(f"  {label:<44} best {best:6.3f} s  median {median:6.3f} s")


def submission_cost(count: int) -> None:
    """Milliseconds to send one two-answer response, with and without keeping the KPI counts."""
    consultation = db.session.scalars(select(Consultation).order_by(Consultation.id)).first()
    group = consultation.groups[0]
    rng = np.random.default_rng(7)
    pending = []
    for _ in range(count * 2):
        response = Response(consultation=consultation, group=group, mode="self")
        for question in QUESTIONS:
            value = VALUES[rng.choice(len(VALUES), p=VALUE_CHANCES)]
            response.answers.append(
                Answer(survey_id=SURVEY, survey_version=1, question_id=question, value=value)
            )
        db.session.add(response)
        pending.append(response)
    db.session.commit()
    for response in pending:
        _ = response.answers  # loaded, as on the respondent's check page
    with_counts, marked_only = [], []
    for plain, counted in zip(pending[::2], pending[1::2], strict=True):  # interleaved: same load
        started = time.perf_counter()
        plain.submitted_at = plain.updated_at = utcnow()
        db.session.commit()
        marked_only.append(time.perf_counter() - started)
        started = time.perf_counter()
        responses.submit(counted)
        with_counts.append(time.perf_counter() - started)
    kpi_tallies.rebuild()  # the plain ones were not counted
    for label, wall in (("only marked sent (before)", marked_only), ("submit", with_counts)):
        median = statistics.median(wall) * 1000
        print(f"  send a response, {label:<28} median {median:6.2f} ms ({count} responses)")


def _key(row: dict) -> tuple:
    return tuple(sorted(row.items()))


def run(url: str, answers: int, repeats: int, reuse: bool = False) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "benchmark", "CLI": True})
    with app.app_context():
        started = time.perf_counter()
        if not reuse:
            fill(set_up(url), answers)
        # Fresh statistics, as autovacuum (PostgreSQL) or a routine ANALYZE would give: without
        # them PostgreSQL guesses a handful of rows and sorts a million on disk.
        if db.engine.dialect.name == "postgresql":  # the fill gave responses their ids itself
            db.session.execute(text(RESET_IDS))
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        stored, count = time.perf_counter() - started, db.session.scalar(func.count(Answer.id))
        how = "filled before" if reuse else f"stored in {stored:.0f} s"
        print(f"{url.split(':')[0]}: {count:,} answers {how}")
        started = time.perf_counter()
        cells = kpi_tallies.rebuild()
        print(f"  kpi_tallies.rebuild: {cells} cells in {time.perf_counter() - started:.1f} s")
        rows = kpi.count_rows()
        same = Counter(map(_key, rows)) == Counter(map(_key, kpi.count_rows_from_answers()))
        assert same, "the counts differ from the answers"
        print(f"  count_rows returns {len(rows)} rows")
        report("before: one SQL GROUP BY over the answers", kpi.count_rows_from_answers, repeats)
        report("count_rows (reading the counts)", kpi.count_rows, repeats)
        report("count_rows + series by wave", lambda: kpi.series(kpi.count_rows()), repeats)
        report(
            "count_rows + series by wave and group",
            lambda: kpi.series(kpi.count_rows(), "group"),
            repeats,
        )
        submission_cost(SUBMISSIONS)
        db.session.remove()
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--postgres", default="", help="A PostgreSQL URL for a scratch database.")
    parser.add_argument("--sqlite-file", default="", help="Keep the SQLite database here.")
    parser.add_argument("--reuse", action="store_true", help="Time databases filled before.")
    parser.add_argument("--postgres-only", action="store_true", help="Skip SQLite.")
    options = parser.parse_args()
    with_sqlite = not options.postgres_only
    with tempfile.TemporaryDirectory() as folder:
        path = options.sqlite_file or Path(folder) / "kpi.db"
        if with_sqlite:
            run(f"sqlite:///{path}", options.answers, options.repeats, options.reuse)
    if options.postgres:
        run(options.postgres, options.answers, options.repeats, options.reuse)


if __name__ == "__main__":
    main()
