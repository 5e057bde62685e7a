"""Factory functions that build the rows a test needs, with sensible defaults."""

from sqlalchemy import select

from app.extensions import db
from app.models import Consultation, Group, Place, Response, Survey
from app.services import kpi_tallies


def create_group(slug: str = "talkers", name: str = "Talkers", **fields) -> Group:
    group = db.session.scalar(select(Group).filter_by(slug=slug))
    if group is None:
        group = Group(slug=slug, name=name, public_label=fields.pop("public_label", name), **fields)
        db.session.add(group)
        db.session.commit()
    return group


def create_place(slug: str = "hayes", spots=("Bus station", "Park")) -> Place:
    place = Place(slug=slug, name=slug.title())
    for position, name in enumerate(spots):
        spot_slug = f"{slug}-{name.lower().replace(' ', '-')}"
        place.spots.append(Place(slug=spot_slug, name=name, position=position))
    db.session.add(place)
    db.session.commit()
    return place


def create_consultation(
    slug: str = "test-consultation",
    survey_id: str = "all-types",
    status: str = "open",
    groups=None,
    place: Place | None = None,
    **fields,
) -> Consultation:
    survey = db.session.scalar(select(Survey).filter_by(survey_id=survey_id))
    if groups is None:
        groups = [create_group()]
    consultation = Consultation(
        slug=slug,
        title=fields.pop("title", "A test consultation"),
        survey=survey,
        status=status,
        groups=groups,
        place=place or create_place(slug=f"{slug}-place"),
        help_contact=fields.pop("help_contact", "Your youth worker, Sam: 01895 000000"),
        **fields,
    )
    db.session.add(consultation)
    db.session.commit()
    return consultation


def add_submitted(response: Response) -> Response:
    """Store a response created as already sent, counted for the KPI as the app would count it."""
    db.session.add(response)
    kpi_tallies.add_response(response)
    return response
