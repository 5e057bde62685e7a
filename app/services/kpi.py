"""The bridge from stored answers to the perception-of-safety KPI in ``analysis.kpi``.

The submitted answers to every question marked ``kpi: perception_of_safety`` are counted per
consultation, group, question and value (kept up to date by ``app.services.kpi_tallies``) and
placed by wave, respondent group kind and place; the counted rows go to
``analysis.kpi.figures_from_counts``, which suppresses small counts and adds Wilson intervals.
Nothing here shows an exact count: only published ``KpiFigure`` objects leave.

A skipped answer counts as "prefer_not_say". Answers in consultations without a wave are left
out, since they cannot be placed on the trend. Each question (survey id and question id) is its
own series, even when two questions share a ``construct``: they are never pooled across scales.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from analysis.kpi import (
    ANSWER_VALUES,
    POSITIVE_VALUES,
    SUBSTANTIVE_VALUES,
    Change,
    Coverage,
    KpiFigure,
    KpiKey,
    PopulationEstimate,
    Reference,
    Stratum,
    changes,
    coverage,
    figures_from_counts,
    post_stratified,
    rolling_pool,
    tally_counts,
)
from app.extensions import db
from app.models import Answer, Consultation, Group, Place, Response, Survey, Wave
from app.models.consultations import consultation_groups
from app.models.kpi import NO_GROUP_KEY, KpiTally
from app.models.pilot import KpiReference
from app.questionnaire import all_surveys
from app.services import kpi_tallies, pilot

KPI_NAME = "perception_of_safety"
SKIPPED_AS = "prefer_not_say"
NO_GROUP = "not_given"
NO_PLACE = "no_place"
BREAKDOWNS = ("group", "place", "time_of_day")


@dataclass(frozen=True)
class KpiQuestion:
    """A question marked as a KPI question in a loaded survey file."""

    survey_id: str
    question_id: str
    construct: str
    time_of_day: str | None
    text: str

    @property
    def key(self) -> str:
        return f"{self.survey_id}:{self.question_id}"


@dataclass(frozen=True)
class KpiSeries:
    """One question's figures for one group/place/time of day across waves, with its changes."""

    question: KpiQuestion | None
    figures: tuple[KpiFigure, ...]
    changes: tuple[Change, ...]


def kpi_questions() -> dict[str, KpiQuestion]:
    """Every KPI question in the loaded surveys, keyed by "survey id:question id"."""
    found: dict[str, KpiQuestion] = {}
    for survey in all_surveys().values():
        for question in survey.questions:
            if question.kpi == KPI_NAME:
                item = KpiQuestion(
                    survey.id,
                    question.id,
                    question.construct or question.id,
                    question.time_of_day,
                    question.text,
                )
                found[item.key] = item
    return found


def construct_names() -> dict[str, str]:
    """Words for each construct id: the text of the first KPI question that measures it."""
    names: dict[str, str] = {}
    for question in kpi_questions().values():
        names.setdefault(question.construct, question.text)
    return names


def count_rows(consultation: Consultation | None = None, place: Place | None = None) -> list[dict]:
    """Counted rows (one per wave, group, place, question and value) for ``figures_from_counts``.

    Read from the per-cell counts kept as responses are submitted (``app.services.kpi_tallies``):
    a few hundred rows, where counting the answers themselves sorted a million on SQLite.
    Waves, places and group kinds are looked up per consultation and group afterwards.
    """
    return _counted_rows(_stored_cells, consultation, place)


def count_rows_from_answers(
    consultation: Consultation | None = None, place: Place | None = None
) -> list[dict]:
    """``count_rows`` by one GROUP BY over the answers themselves: the reference for the counts.

    Slow on a million answers (see benchmarks/README.md); kept for tests and the benchmark.
    """
    return _counted_rows(_answer_cells, consultation, place)


def _counted_rows(cells_of, consultation: Consultation | None, place: Place | None) -> list[dict]:
    """The cells from ``cells_of(questions, consultation ids or None for all)`` (mappings of
    ``kpi_tallies.KEY`` and "count"), placed by wave, place and group kind."""
    questions = kpi_questions()
    cells = _consultation_cells(consultation, place)
    if not questions or not cells:
        return []
    scope = cells if consultation is not None or place is not None else None
    kinds = dict(db.session.execute(select(Group.id, Group.kind)).all())
    return list(_rows(cells_of(questions, scope), questions, cells, kinds))


def _stored_cells(questions: dict[str, KpiQuestion], scope: Iterable[int] | None):
    columns = [KpiTally.__table__.c[name] for name in (*kpi_tallies.KEY, "count")]
    query = select(*columns).where(KpiTally.count > 0, *_asked(KpiTally, questions))
    if scope is not None:
        query = query.where(KpiTally.consultation_id.in_(scope))
    return db.session.execute(query).mappings()


def _answer_cells(questions: dict[str, KpiQuestion], scope: Iterable[int] | None):
    where = [Response.submitted_at.is_not(None), *_asked(Answer, questions)]
    if scope is not None:
        where.append(Response.consultation_id.in_(scope))
    return kpi_tallies.grouped_cells(*where)


def _asked(model, questions: dict[str, KpiQuestion]) -> tuple:
    """Where-clauses keeping the rows of ``model`` (a tally or an answer) for the KPI questions."""
    return (
        model.survey_id.in_({item.survey_id for item in questions.values()}),
        model.question_id.in_({item.question_id for item in questions.values()}),
    )


def _consultation_cells(
    consultation: Consultation | None, place: Place | None
) -> dict[int, tuple[int, str]]:
    """(wave position, place slug) per consultation in scope; those without a wave are left out."""
    query = (
        select(Consultation.id, Wave.position, Place.slug)
        .join(Wave, Consultation.wave_id == Wave.id)
        .outerjoin(Place, Consultation.place_id == Place.id)
    )
    if consultation is not None:
        query = query.where(Consultation.id == consultation.id)
    elif place is not None:
        query = query.where(or_(Place.id == place.id, Place.parent_id == place.id))
    return {row_id: (wave, slug or NO_PLACE) for row_id, wave, slug in db.session.execute(query)}


def _rows(found, questions: dict[str, KpiQuestion], cells: dict, kinds: dict) -> Iterator[dict]:
    for cell in found:
        question = questions.get(f"{cell['survey_id']}:{cell['question_id']}")
        answer = SKIPPED_AS if cell["is_skipped"] else _decoded(cell["value"])
        if question is None or answer not in ANSWER_VALUES:
            continue  # not a KPI question, or an option outside the standard scale
        if cell["consultation_id"] not in cells:
            continue  # a consultation without a wave cannot be placed on the trend
        wave, place = cells[cell["consultation_id"]]
        group_id = None if cell["group_key"] == NO_GROUP_KEY else cell["group_key"]
        yield {
            "consultation_id": cell["consultation_id"],
            "group_id": group_id,
            "construct": question.construct,
            "question_key": question.key,
            "wave": wave,
            "group": kinds.get(group_id, NO_GROUP),
            "place": place,
            "time_of_day": question.time_of_day,
            "value": answer,
            "count": cell["count"],
        }


def _decoded(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        decoded = json.loads(value)
    except ValueError:
        return value
    return decoded if isinstance(decoded, str) else None


def figures(rows: list[dict], by: Iterable[str] = ("wave",)) -> list[KpiFigure]:
    """Published figures split by the given dimensions (wave always first for trends)."""
    if not rows:
        return []
    return figures_from_counts(rows, tuple(dict.fromkeys(by)))


def series(rows: list[dict], breakdown: str | None = None, window: int = 1) -> list[KpiSeries]:
    """Trend series per question (and per value of ``breakdown``), each with its changes.

    With ``window`` above 1, each figure pools that many waves (2 = 6 months, 4 = 12 months);
    pooled windows overlap, so no changes are tested between them.
    """
    by = ("wave", breakdown) if breakdown else ("wave",)
    questions = kpi_questions()
    grouped: dict = {}
    found = figures(rows, by) if window <= 1 else _pooled(rows, by, window)
    for figure in found:
        grouped.setdefault(figure.key.series(), []).append(figure)
    baseline = min((row["wave"] for row in rows), default=0)
    return [
        KpiSeries(
            question=questions.get(key.question_key),
            figures=tuple(members),
            changes=tuple(changes(members, baseline)) if window <= 1 else (),
        )
        for key, members in grouped.items()
    ]


def _pooled(rows: list[dict], by: tuple[str, ...], window: int) -> list[KpiFigure]:
    return rolling_pool(tally_counts(rows, by), window) if rows else []


def population_estimates(
    rows: list[dict],
    found: Iterable[KpiSeries],
    consultation: Consultation | None = None,
    place: Place | None = None,
) -> dict[KpiKey, PopulationEstimate]:
    """A post-stratified estimate for each figure of everyone (not split by group or place).

    The strata are the groups invited to the consultations in scope that asked the question in
    the figure's waves, and any other group that answered; each needs a population size entered
    by the pilot lead (``PopulationSize``), since the sizes are for the whole pilot place.
    """
    figures_of_everyone = [
        figure
        for item in found
        for figure in item.figures
        if figure.key.group is None and figure.key.place is None
    ]
    if not figures_of_everyone:
        return {}
    invited = _invited_groups(consultation, place)
    names = dict(db.session.execute(select(Group.id, Group.name)).all())
    sizes = {group_id: row.population for group_id, row in pilot.population_sizes().items()}
    questions = kpi_questions()
    estimates = {}
    for figure in figures_of_everyone:
        key, waves = figure.key, set(figure.waves)
        question = questions.get(key.question_key)
        survey_id = question.survey_id if question else None
        groups = {group for wave, survey, group in invited if wave in waves and survey == survey_id}
        counted: dict[int | None, list[int]] = {group: [0, 0] for group in groups}
        for row in rows:
            if row["question_key"] == key.question_key and row["wave"] in waves:
                cell = counted.setdefault(row["group_id"], [0, 0])
                cell[0] += row["count"] if row["value"] in SUBSTANTIVE_VALUES else 0
                cell[1] += row["count"] if row["value"] in POSITIVE_VALUES else 0
        strata = [
            Stratum(names.get(group, "group not given"), sizes.get(group), n, positive)
            for group, (n, positive) in sorted(counted.items(), key=lambda item: item[0] or 0)
        ]
        estimates[key] = post_stratified(strata)
    return estimates


def _invited_groups(
    consultation: Consultation | None, place: Place | None
) -> set[tuple[int, str, int]]:
    """(wave position, survey id, group id) for each group invited to a consultation in scope."""
    cells = _consultation_cells(consultation, place)
    query = (
        select(Consultation.id, Survey.survey_id, consultation_groups.c.group_id)
        .join(Survey, Consultation.survey_pk == Survey.id)
        .join(consultation_groups, consultation_groups.c.consultation_id == Consultation.id)
        .where(Consultation.id.in_(cells))
    )
    return {
        (cells[row_id][0], survey_id, group_id)
        for row_id, survey_id, group_id in db.session.execute(query)
    }


def references(kind: str = "reference") -> dict[str, Reference]:
    """The latest figure of a kind ("reference" or "target") entered for each construct."""
    rows = db.session.scalars(
        select(KpiReference).where(KpiReference.kind == kind).order_by(KpiReference.created_at)
    ).all()
    return {row.construct: Reference(row.share, row.label, row.source) for row in rows}


def response_coverage(consultation: Consultation) -> list[Coverage]:
    """Submitted responses per group against the consultation's target (counts under 10 hidden)."""
    position = consultation.wave.position if consultation.wave else 0
    query = (
        select(Group.slug, func.count())
        .select_from(Response)
        .outerjoin(Group, Response.group_id == Group.id)
        .where(Response.consultation_id == consultation.id, Response.submitted_at.is_not(None))
        .group_by(Group.slug)
    )
    counts = {(slug or NO_GROUP, position): count for slug, count in db.session.execute(query)}
    target = consultation.target_per_group
    targets = {group.slug: target for group in consultation.groups} if target else {}
    for group in consultation.groups:
        counts.setdefault((group.slug, position), 0)
    return coverage(counts, targets)


RECORD_FIELDS = (
    "question",
    "construct",
    "wave",
    "breakdown",
    "basis",
    "n",
    "feel_safe",
    "share",
    "low_95",
    "high_95",
    *(f"count_{value}" for value in ANSWER_VALUES[4:]),
    "change_from_baseline",
    "change_from_previous_wave",
    "population_estimate",
    "population_low_95",
    "population_high_95",
    "design_effect",
    "no_population_estimate_because",
)


def records(
    found: Iterable[KpiSeries], estimates: dict[KpiKey, PopulationEstimate] | None = None
) -> list[dict]:
    """One plain row per published figure, for tables, CSV and JSON; suppressed cells are None.

    With ``estimates``, each figure of everyone carries its weighted population estimate, or
    the reason there is none.
    """
    estimates = estimates or {}
    return [
        {**_record(item, figure), **_estimate_fields(estimates.get(figure.key))}
        for item in found
        for figure in item.figures
    ]


def _estimate_fields(estimate: PopulationEstimate | None) -> dict:
    if estimate is None:
        return dict.fromkeys(RECORD_FIELDS[-5:])
    reason = estimate.reason
    if reason and estimate.groups:
        reason = f"{reason}: {', '.join(estimate.groups)}"
    return {
        "population_estimate": _rounded(estimate.share),
        "population_low_95": _rounded(estimate.low),
        "population_high_95": _rounded(estimate.high),
        "design_effect": None
        if estimate.design_effect is None
        else round(estimate.design_effect, 3),
        "no_population_estimate_because": reason,
    }


def _record(item: KpiSeries, figure: KpiFigure) -> dict:
    key = figure.key
    verdicts = {
        change.compared_with: change.verdict
        for change in item.changes
        if change.to_wave == key.wave
    }
    return {
        "question": key.question_key,
        "construct": key.construct,
        "wave": key.wave,
        "breakdown": key.group or key.place or key.time_of_day or "all",
        "basis": figure.basis_label,
        "n": figure.n,
        "feel_safe": figure.positive,
        "share": _rounded(figure.share),
        "low_95": _rounded(figure.low),
        "high_95": _rounded(figure.high),
        **{f"count_{value}": count for value, count in figure.non_substantive.items()},
        "change_from_baseline": verdicts.get("baseline"),
        "change_from_previous_wave": verdicts.get("previous wave"),
    }


def _rounded(share: float | None) -> float | None:
    return None if share is None else round(share, 4)
