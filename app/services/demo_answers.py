"""Sample answers for the demo, so its dashboards, themes and pilot KPI have something to show.

``load_demo_answers()`` gives each demo consultation a closed baseline twin in the baseline wave
and fills both with seeded, made-up, submitted responses: people feel a little safer in the later
wave, so the trend chart shows a change; their free text is analysed and given suggested themes.
Nothing here is real; free text comes from a short list
of harmless sample sentences (never a disclosure), so the safeguarding queue stays empty.
Loading is idempotent: a consultation that has responses already is left alone.
"""

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.models import Answer, Consultation, Response, Wave
from app.questionnaire.logic import is_shown
from app.questionnaire.schema import Question
from app.questionnaire.types import REGISTRY
from app.services import kpi_tallies, themes
from app.services.consultations import place_choices, survey_for
from app.services.demo import CONSULTATIONS

RESPONSES_PER_CONSULTATION = 120
# How steeply the chance of each answer falls from the safest option to the least safe (and the
# "not substantive" answers after it); the later wave leans a little safer.
BASELINE_LEAN, LATER_LEAN = 0.0, 0.1
SAMPLE_TEXTS = (
    "More street lights near the bus station would help.",
    "Police or wardens walking round the high street in the evening.",
    "The park needs cameras and the gate fixed.",
    "Somewhere for young people to go after school.",
    "Older boys hang around the shopping centre and shout at people.",
    "Clean up the alley by the railway station, it is dark and smells.",
    "More youth clubs and things to do at the weekend.",
    "Buses that come more often at night so we do not wait alone.",
    "Shops could be a safe place to go if you feel scared.",
    "People selling drugs near the station makes me avoid it.",
)


def load_demo_answers(seed: int = 2026) -> int:
    """Add sample responses to the demo consultations; returns how many responses were added."""
    rng = random.Random(seed)  # noqa: S311 - made-up demo data, seeded to be repeatable
    added = 0
    baseline = db.session.scalar(select(Wave).filter_by(position=0))
    for slug, *_rest in CONSULTATIONS:
        current = db.session.scalar(select(Consultation).filter_by(slug=slug))
        if current is None:
            continue
        pairs = [(current, LATER_LEAN)]
        if baseline is not None and current.wave_id != baseline.id:
            pairs.insert(0, (_baseline_twin(current, baseline), BASELINE_LEAN))
        for consultation, lean in pairs:
            if filled := _fill(consultation, lean, rng):
                db.session.commit()
                # suggest themes now, so the themes pages open with something to review
                themes.analyse_pending(consultation)
                added += filled
    db.session.commit()
    return added


def _baseline_twin(current: Consultation, baseline: Wave) -> Consultation:
    slug = f"{current.slug}-baseline"
    twin = db.session.scalar(select(Consultation).filter_by(slug=slug))
    if twin is None:
        twin = Consultation(
            slug=slug,
            title=f"{current.title} (baseline)",
            survey=current.survey,
            groups=list(current.groups),
            place=current.place,
            wave=baseline,
            status="closed",
            languages=list(current.languages),
            help_contact=current.help_contact,
        )
        db.session.add(twin)
        db.session.flush()
    return twin


def _fill(consultation: Consultation, lean: float, rng: random.Random) -> int:
    has_responses = db.session.scalar(
        select(func.count(Response.id)).filter_by(consultation_id=consultation.id)
    )
    if has_responses or not consultation.groups:
        return 0
    survey = survey_for(consultation)
    places = [slug for slug, _name in place_choices(consultation)]
    for _ in range(RESPONSES_PER_CONSULTATION):
        group = rng.choice(consultation.groups)
        age_band = rng.choice(survey.age_bands) if survey.age_bands else None
        submitted = _moment_in(consultation.wave, rng)
        response = Response(
            consultation=consultation,
            group=group,
            language="en",
            age_band=age_band,
            mode=rng.choice(("self", "self", "self", "live", "tablet")),
            started_at=submitted - timedelta(minutes=6),
            updated_at=submitted,
            submitted_at=submitted,
        )
        given: dict[str, object] = {}
        for question in survey.questions:
            if not REGISTRY[question.type].answers or not is_shown(question, given, age_band):
                continue
            value = _sample_value(question, places, lean, rng)
            given[question.id] = value
            response.answers.append(
                Answer(
                    survey_id=survey.id,
                    survey_version=survey.version,
                    question_id=question.id,
                    value=value,
                    is_skipped=value is None,
                    answered_at=submitted,
                )
            )
        db.session.add(response)
        kpi_tallies.add_response(response)  # stored as sent, so counted for the KPI now
    return RESPONSES_PER_CONSULTATION


def _sample_value(question: Question, places: list[str], lean: float, rng: random.Random):
    if question.type == "text":
        return rng.choice(SAMPLE_TEXTS) if rng.random() < 0.6 else None
    if question.type == "number":
        return rng.randint(question.min or 0, question.max or 10)
    if question.type == "places":
        return rng.sample(places, k=min(len(places), rng.randint(1, 2))) if places else None
    values = list(question.option_values())
    if not values:
        return None
    if REGISTRY[question.type].is_multiple:
        return rng.sample(values, k=rng.randint(1, min(3, len(values))))
    if rng.random() < 0.04:
        return None  # some people would rather not say
    # the first options are the safest on every scale the demo surveys use
    weights = [max(0.05, 1.0 - index * (0.2 + lean)) for index in range(len(values))]
    return rng.choices(values, weights=weights)[0]


def _moment_in(wave: Wave | None, rng: random.Random) -> datetime:
    today = date.today()
    first, last = (wave.starts_on, min(wave.ends_on, today)) if wave else (today, today)
    if last < first:
        last = first
    day = first + timedelta(days=rng.randint(0, (last - first).days))
    return datetime.combine(day, time(rng.randint(9, 20), rng.randint(0, 59)), tzinfo=UTC)
