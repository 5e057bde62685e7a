"""Groups, places and waves: the partnership's set-up, edited by admins and pilot leads."""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.extensions import db
from app.models import Group, Place, User, Wave
from app.services import audit


class SetupError(ValueError):
    """The change cannot be made; the message says why, for the person making it."""


def groups() -> list[Group]:
    return list(db.session.scalars(select(Group).order_by(Group.name)))


def localities() -> list[Place]:
    return list(
        db.session.scalars(select(Place).where(Place.parent_id.is_(None)).order_by(Place.name))
    )


def waves() -> list[Wave]:
    return list(db.session.scalars(select(Wave).order_by(Wave.position)))


def add_group(user: User, name: str, slug: str, public_label: str = "") -> Group:
    if db.session.scalar(select(Group).filter_by(slug=slug)):
        raise SetupError(_("There is already a group called '%(slug)s'.", slug=slug))
    group = Group(name=name.strip(), slug=slug, public_label=public_label.strip() or name.strip())
    db.session.add(group)
    audit.record("group_added", user, target=slug)
    db.session.commit()
    return group


def add_place(user: User, name: str, slug: str, parent_id: int | None) -> Place:
    if db.session.scalar(select(Place).filter_by(slug=slug)):
        raise SetupError(_("There is already a place called '%(slug)s'.", slug=slug))
    parent = db.session.get(Place, parent_id) if parent_id else None
    if parent_id and (parent is None or parent.parent_id is not None):
        raise SetupError(_("Named places belong to a pilot place, not to another named place."))
    position = len(parent.spots) if parent else 0
    place = Place(name=name.strip(), slug=slug, parent=parent, position=position)
    db.session.add(place)
    audit.record("place_added", user, target=slug)
    db.session.commit()
    return place


def add_wave(user: User, name: str, starts_on: date, ends_on: date) -> Wave:
    if ends_on < starts_on:
        raise SetupError(_("A wave must end on or after the day it starts."))
    position = (db.session.scalar(select(func.max(Wave.position))) or -1) + 1
    wave = Wave(name=name.strip(), position=position, starts_on=starts_on, ends_on=ends_on)
    db.session.add(wave)
    audit.record("wave_added", user, target=name)
    db.session.commit()
    return wave
