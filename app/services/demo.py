"""Demo data: the partnership's respondent groups, the Hayes pilot place, waves, consultations.

Loading is idempotent: anything that exists already (matched by slug or e-mail) is left alone.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from app.extensions import db
from app.i18n import LANGUAGES
from app.models import Consultation, Group, Place, Survey, User, Wave
from app.models.types import utcnow
from app.questionnaire.types import N_
from app.services import two_factor, users

# What respondents see (group labels, named places) is marked for translation: the pages show
# these database texts through the catalogues, so the demo reads well in every language.
GROUPS = [
    # slug, name, what a respondent sees when asked, kind, min age, max age
    ("talkers", "Talkers", N_("Talkers (6 to 11, in foster care)"), "young_people", 6, 11),
    ("step-up", "Step-Up", N_("Step-Up (12 to 16, in foster care)"), "young_people", 12, 16),
    (
        "stepping-out",
        "Stepping Out",
        N_("Stepping Out (16 and over, care experienced)"),
        "young_people",
        16,
        25,
    ),
    ("youth-voice", "Youth Voice", N_("Youth Voice"), "young_people", 10, 25),
    ("residents", "Residents", N_("I live in this area"), "residents", 16, None),
    (
        "businesses",
        "Businesses",
        N_("I run or work in a business in this area"),
        "businesses",
        16,
        None,
    ),
    (
        "support-services",
        "Support services",
        N_("I work for a support service in this area"),
        "support_services",
        18,
        None,
    ),
]
PILOT_PLACE = ("hayes-town-centre", "Hayes Town Centre")
SPOTS = [
    ("hayes-bus-station", N_("Bus station")),
    ("hayes-high-street", N_("High street")),
    ("barra-hall-park", N_("Park")),
    ("hayes-and-harlington-station", N_("Railway station")),
    ("hayes-shopping-centre", N_("Shopping centre")),
]
BASELINE_START = date(2026, 9, 1)
WAVE_COUNT = 7  # baseline and six quarterly review points: an 18-month pilot
HELP_CONTACT = "Hillingdon Children's Services (the front door): 01895 556006, any time"
CONSULTATIONS = [
    (
        "safe-places",
        "Places where you feel safe",
        "safe-places-young-people",
        ["talkers", "step-up", "stepping-out", "youth-voice"],
    ),
    (
        "hayes-community-safety",
        "Feeling safe in Hayes Town Centre",
        "community-safety-residents",
        ["residents", "businesses"],
    ),
]
DEMO_USERS = [
    ("admin@safevoices.example", "admin", "Demo Admin"),
    ("lead@safevoices.example", "pilot_lead", "Demo Pilot Lead"),
    ("worker@safevoices.example", "participation_worker", "Demo Participation Worker"),
    ("safeguarding@safevoices.example", "safeguarding_lead", "Demo Safeguarding Lead"),
]
DEMO_PASSWORD = "safe-voices-demo"  # noqa: S105 - printed on purpose: demo sign-ins only
# The demo's admin and safeguarding lead must use two-factor sign-in like real ones; they share
# this fixed key, printed by `safevoices demo` for an authenticator app (or pyotp) to make codes.
DEMO_TOTP_SECRET = "SAFEVOICESDEMOTWOFACTORSIGNINKEY"  # noqa: S105 - demo sign-ins only


@dataclass(frozen=True)
class DemoSignIn:
    email: str
    role: str
    password: str
    totp_secret: str | None = None  # the key for the code step, when the account has one


def load_demo_data(today: date | None = None) -> list[DemoSignIn]:
    today = today or date.today()
    groups = {slug: _group(slug, *rest) for slug, *rest in GROUPS}
    place = _place()
    waves = _waves()
    after_the_pilot = today > waves[-1].ends_on
    current = next(
        (w for w in waves if w.starts_on <= today <= w.ends_on),
        waves[-1] if after_the_pilot else waves[0],
    )
    for slug, title, survey_id, group_slugs in CONSULTATIONS:
        _consultation(slug, title, survey_id, [groups[g] for g in group_slugs], place, current)
    sign_ins = [_demo_user(email, role, name) for email, role, name in DEMO_USERS]
    db.session.commit()
    return sign_ins


def _group(slug, name, public_label, kind, min_age, max_age) -> Group:
    group = db.session.scalar(select(Group).filter_by(slug=slug))
    if group is None:
        group = Group(
            slug=slug,
            name=name,
            public_label=public_label,
            kind=kind,
            min_age=min_age,
            max_age=max_age,
        )
        db.session.add(group)
    return group


def _place() -> Place:
    slug, name = PILOT_PLACE
    place = db.session.scalar(select(Place).filter_by(slug=slug))
    if place is None:
        place = Place(slug=slug, name=name)
        db.session.add(place)
    for position, (spot_slug, spot_name) in enumerate(SPOTS):
        if db.session.scalar(select(Place).filter_by(slug=spot_slug)) is None:
            place.spots.append(Place(slug=spot_slug, name=spot_name, position=position))
    return place


def _waves() -> list[Wave]:
    waves = []
    for position in range(WAVE_COUNT):
        wave = db.session.scalar(select(Wave).filter_by(position=position))
        if wave is None:
            starts = _add_months(BASELINE_START, 3 * position)
            name = (
                "Baseline" if position == 0 else f"Review point {position} (month {3 * position})"
            )
            wave = Wave(
                name=name,
                position=position,
                starts_on=starts,
                ends_on=_add_months(starts, 3) - timedelta(days=1),
            )
            db.session.add(wave)
        waves.append(wave)
    return waves


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    return date(day.year + year, month + 1, 1)


def _consultation(slug, title, survey_id, groups, place, wave) -> None:
    if db.session.scalar(select(Consultation).filter_by(slug=slug)) is not None:
        return
    survey = db.session.scalar(
        select(Survey).filter_by(survey_id=survey_id).order_by(Survey.version.desc())
    )
    if survey is None:
        raise LookupError(f"survey '{survey_id}' is not loaded: check the surveys folder")
    db.session.add(
        Consultation(
            slug=slug,
            title=title,
            survey=survey,
            groups=groups,
            place=place,
            wave=wave,
            status="open",
            languages=list(LANGUAGES),
            help_contact=HELP_CONTACT,
        )
    )


def _demo_user(email: str, role: str, name: str) -> DemoSignIn:
    user = users.find_by_email(email)
    if user is None:
        user = User(
            email=email, role=role, name=name, password_hash=users.hash_password(DEMO_PASSWORD)
        )
        db.session.add(user)
    if two_factor.is_required(user) and not two_factor.is_enabled(user):
        user.totp_secret, user.totp_enabled_at = DEMO_TOTP_SECRET, utcnow()
    # Someone may have set up their own authenticator on a demo account since: then say nothing.
    secret = DEMO_TOTP_SECRET if user.totp_secret == DEMO_TOTP_SECRET else None
    return DemoSignIn(email, role, DEMO_PASSWORD, secret)
