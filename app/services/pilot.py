"""What the pilot lead records beside the KPI: other measures per wave, place assessments,
reference figures, review-point narratives and "You said, we did"; and places of concern.

Every count of answers that leaves this module goes through ``suppress_small`` (under 10 hidden).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from analysis.kpi import suppress_small
from app.extensions import db
from app.models import Answer, Consultation, Group, Place, PopulationSize, Response, User, Wave
from app.models.pilot import (
    PILOT_MEASURES,
    KpiReference,
    PilotMeasure,
    PlaceAssessment,
    WaveReport,
    YouSaidWeDid,
)
from app.models.types import utcnow
from app.questionnaire import all_surveys

ASSESSMENT_FACTORS = ("vulnerability", "risk", "resilience", "resource")


@dataclass(frozen=True)
class PlaceOfConcern:
    """How many people named a place as one where they feel unsafe (None when under 10)."""

    place: Place
    mentions: int | None
    assessment: PlaceAssessment | None
    # The same place's scores at the wave before, shown beside for comparison.
    previous: PlaceAssessment | None = None


def waves() -> list[Wave]:
    return list(db.session.scalars(select(Wave).order_by(Wave.position)))


def previous_wave(wave: Wave) -> Wave | None:
    """The review point just before ``wave``, if any."""
    query = select(Wave).where(Wave.position < wave.position).order_by(Wave.position.desc())
    return db.session.scalar(query.limit(1))


def current_wave() -> Wave | None:
    """The wave running today, else the latest that has started, else the first."""
    today = utcnow().date()
    started = select(Wave).where(Wave.starts_on <= today).order_by(Wave.position.desc())
    return db.session.scalar(started.limit(1)) or db.session.scalar(
        select(Wave).order_by(Wave.position).limit(1)
    )


def place_names() -> dict[str, str]:
    """Each place's name by its link name, for labelling breakdowns."""
    return dict(db.session.execute(select(Place.slug, Place.name)).all())


def group_names() -> dict[str, str]:
    """Each respondent group's name by its link name, so pages never show a bare slug."""
    return dict(db.session.execute(select(Group.slug, Group.name)).all())


def measures_by_wave() -> dict[int, dict[str, PilotMeasure]]:
    """Entered measures keyed by wave id, then measure name."""
    found: dict[int, dict[str, PilotMeasure]] = {}
    for row in db.session.scalars(select(PilotMeasure)):
        found.setdefault(row.wave_id, {})[row.measure] = row
    return found


def save_measures(wave: Wave, values: dict[str, float | None], user: User) -> None:
    """Store the values given for one wave; an empty value removes an earlier entry."""
    existing = measures_by_wave().get(wave.id, {})
    for measure in PILOT_MEASURES:
        value, row = values.get(measure), existing.get(measure)
        if value is None:
            if row is not None:
                db.session.delete(row)
            continue
        if row is None:
            row = PilotMeasure(wave_id=wave.id, measure=measure)
            db.session.add(row)
        row.value, row.entered_by_id, row.entered_at = value, user.id, utcnow()
    db.session.commit()


def add_reference(
    construct: str, share: float, label: str, source: str, kind: str = "reference"
) -> KpiReference:
    """A comparison figure (kind "reference") or the pilot's aim (kind "target")."""
    reference = KpiReference(
        construct=construct, kind=kind, share=share, label=label, source=source
    )
    db.session.add(reference)
    db.session.commit()
    return reference


def wave_report(wave: Wave) -> WaveReport | None:
    return db.session.scalar(select(WaveReport).filter_by(wave_id=wave.id))


def save_wave_report(wave: Wave, narrative: str, user: User) -> WaveReport:
    report = wave_report(wave) or WaveReport(wave_id=wave.id)
    report.narrative, report.updated_by_id, report.updated_at = narrative, user.id, utcnow()
    db.session.add(report)
    db.session.commit()
    return report


def places_question_ids() -> set[tuple[str, str]]:
    """(survey id, question id) of every ``places`` question in the loaded surveys."""
    return {
        (survey.id, question.id)
        for survey in all_surveys().values()
        for question in survey.questions
        if question.type == "places"
    }


def place_mentions(wave: Wave | None = None) -> Counter:
    """How many submitted answers named each place slug (exact; suppress before showing),
    in one wave's consultations when ``wave`` is given."""
    wanted = places_question_ids()
    query = (
        select(Answer.survey_id, Answer.question_id, Answer.value)
        .join(Response, Answer.response_id == Response.id)
        .where(Response.submitted_at.is_not(None), Answer.is_skipped.is_(False))
    )
    if wave is not None:
        query = query.join(Consultation, Response.consultation_id == Consultation.id).where(
            Consultation.wave_id == wave.id
        )
    mentions: Counter = Counter()
    for survey_id, question_id, value in db.session.execute(query):
        if (survey_id, question_id) in wanted and isinstance(value, list):
            mentions.update({str(slug) for slug in value})
    return mentions


def places_of_concern(wave: Wave | None = None) -> list[PlaceOfConcern]:
    """Every named spot with its mentions (under 10 hidden) and its scores for ``wave``, with
    the previous wave's scores beside. Without a wave: all answers, and no scores."""
    mentions = place_mentions(wave)
    spots = db.session.scalars(
        select(Place).where(Place.parent_id.is_not(None)).order_by(Place.name)
    ).all()
    before = previous_wave(wave) if wave is not None else None
    scores = assessments(wave)
    earlier = assessments(before)
    return [
        PlaceOfConcern(
            spot,
            suppress_small(mentions.get(spot.slug, 0)),
            scores.get(spot.id),
            earlier.get(spot.id),
        )
        for spot in spots
    ]


def assessments(wave: Wave | None) -> dict[int, PlaceAssessment]:
    """The scores entered for ``wave``, by place id (none without a wave)."""
    if wave is None:
        return {}
    rows = db.session.scalars(select(PlaceAssessment).filter_by(wave_id=wave.id))
    return {row.place_id: row for row in rows}


def assessment(place: Place, wave: Wave) -> PlaceAssessment | None:
    """The pilot lead's scores for ``place`` at ``wave``, if entered."""
    query = select(PlaceAssessment).filter_by(place_id=place.id, wave_id=wave.id)
    return db.session.scalar(query)


def save_assessment(
    place: Place, wave: Wave, scores: dict[str, int | None], notes: str, user: User
) -> PlaceAssessment:
    """The pilot lead's 1-5 scores for a place at one wave (one assessment per place and wave)."""
    row = assessment(place, wave) or PlaceAssessment(place_id=place.id, wave_id=wave.id)
    for factor in ASSESSMENT_FACTORS:
        setattr(row, factor, scores.get(factor))
    row.notes, row.updated_by_id, row.updated_at = notes, user.id, utcnow()
    db.session.add(row)
    db.session.commit()
    return row


def population_sizes() -> dict[int, PopulationSize]:
    """The population entered for each respondent group, by group id, in order of group name
    (each with its group loaded, for the name)."""
    query = (
        select(PopulationSize)
        .join(PopulationSize.group)
        .options(contains_eager(PopulationSize.group))
        .order_by(Group.name)
    )
    return {row.group_id: row for row in db.session.scalars(query)}


def save_population_sizes(values: dict[int, tuple[int | None, str]], user: User) -> None:
    """Store each group's (population, source); a group given no population loses its figure."""
    existing = population_sizes()
    for group_id, (population, source) in values.items():
        row = existing.get(group_id)
        if population is None:
            if row is not None:
                db.session.delete(row)
            continue
        row = row or PopulationSize(group_id=group_id)
        row.population, row.source = population, source.strip()
        row.updated_by_id, row.updated_at = user.id, utcnow()
        db.session.add(row)
    db.session.commit()


def you_said_we_did(consultation: Consultation) -> YouSaidWeDid | None:
    return db.session.scalar(select(YouSaidWeDid).filter_by(consultation_id=consultation.id))


def save_you_said_we_did(consultation: Consultation, fields: dict, user: User) -> YouSaidWeDid:
    """Save the text; publishing stamps the time it first went public."""
    entry = you_said_we_did(consultation) or YouSaidWeDid(consultation_id=consultation.id)
    entry.you_said, entry.we_did = fields["you_said"], fields["we_did"]
    entry.child_friendly = fields["child_friendly"]
    if fields["is_published"] and not entry.is_published:
        entry.published_at = utcnow()
    entry.is_published = fields["is_published"]
    entry.updated_by_id, entry.updated_at = user.id, utcnow()
    db.session.add(entry)
    db.session.commit()
    return entry


@dataclass(frozen=True)
class ReportTheme:
    """A top theme for the board report: its label, answers (10 or more) and redacted quotes."""

    label: str
    count: int
    quotes: tuple[str, ...]


def report_quotes(limit: int = 5, per_theme: int = 2) -> list[ReportTheme]:
    """The most frequent themes with quotes that carry no safeguarding flag (themes service)."""
    from app.services import theme_figures, themes  # imported here: themes loads scikit-learn

    labels = {theme.id: theme.label for theme in themes.codebook().themes}
    counted = [item for item in theme_figures.theme_counts(None) if item.count is not None]
    counted.sort(key=lambda item: -item.count)
    return [
        ReportTheme(
            labels.get(item.theme_id, item.theme_id),
            item.count,
            tuple(theme_figures.quotes(item.theme_id, None, per_theme)),
        )
        for item in counted[:limit]
    ]
