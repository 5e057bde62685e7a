"""Words for the codes in KPI figures: groups, times of day, answers, bases and verdicts."""

from flask_babel import lazy_gettext as _l

from analysis.kpi import HIGHER, LOWER, NO_CLEAR_CHANGE, TOO_FEW
from analysis.kpi_population import NO_ANSWERS, NO_GROUPS, NO_POPULATION, SMALL_GROUP

LABELS = {
    "young_people": _l("Children and young people"),
    "residents": _l("Residents"),
    "businesses": _l("Businesses"),
    "support_services": _l("Support services"),
    "not_given": _l("Group not given"),
    "no_place": _l("No place set"),
    "after_dark": _l("After dark"),
    "daytime": _l("During the day"),
    "not_sure": _l("Not sure"),
    "dont_know": _l("Don't know"),
    "never_go_out_alone": _l("Never go out alone"),
    "prefer_not_say": _l("Rather not say"),
    "skipped": _l("Skipped"),
    "among participants": _l("among participants"),
    "weighted estimate": _l("weighted estimate"),
    HIGHER: _l("higher, and more than chance"),
    LOWER: _l("lower, and more than chance"),
    NO_CLEAR_CHANGE: _l("no change we can be sure of"),
    TOO_FEW: _l("too few answers to compare"),
    NO_POPULATION: _l("no population size entered for a group"),
    NO_ANSWERS: _l("a group gave no answers, so its share is unknown"),
    SMALL_GROUP: _l("a group has fewer than 10 answers, so its share is hidden"),
    NO_GROUPS: _l("no respondent groups"),
    "group": _l("Respondent group"),
    "place": _l("Place"),
    "time_of_day": _l("Time of day"),
}


def label(code: str | None, names: dict[str, str] | None = None) -> str:
    """The words for a code: a place's or group's name for its link name, else the code."""
    if code is None:
        return str(_l("Everyone"))
    if code in LABELS:
        return str(LABELS[code])
    return (names or {}).get(code, code)
