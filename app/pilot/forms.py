"""Forms the pilot lead fills in: other measures, references, place scores, narratives."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FloatField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.models.pilot import PILOT_MEASURES
from app.models.setup import Group

MEASURE_LABELS = {
    "children_supported_stronger_families": _l(
        "Children supported through a Stronger Families Plan"
    ),
    "efh_incidents_number": _l("Known incidents of extra-familial harm"),
    "efh_incidents_high_severity": _l("Of which high severity"),
    "efh_incidents_repeat": _l("Of which repeat incidents (frequency)"),
    "awareness_reach": _l("People reached by awareness-raising activity"),
}
WHOLE_PEOPLE = _l("Give a whole number of people, 1 or more.")
SCORE = [Optional(), NumberRange(min=1, max=5, message=_l("Give a score from 1 to 5."))]


class MeasuresForm(FlaskForm):
    """One number field per pilot measure; an empty field means not known yet."""


for _measure in PILOT_MEASURES:
    setattr(
        MeasuresForm,
        _measure,
        FloatField(MEASURE_LABELS[_measure], validators=[Optional(), NumberRange(min=0)]),
    )


REFERENCE_KIND_CHOICES = (
    ("reference", _l("A national or London figure to compare with")),
    ("target", _l("The pilot's target")),
)


class ReferenceForm(FlaskForm):
    construct = SelectField(_l("Question measured"), validators=[DataRequired()])
    kind = RadioField(_l("What kind of line"), default="reference", validators=[DataRequired()])
    share = FloatField(
        _l("Share feeling safe (%)"), validators=[DataRequired(), NumberRange(min=0, max=100)]
    )
    label = StringField(_l("Label"), validators=[DataRequired(), Length(max=200)])
    source = TextAreaField(
        _l("Source"),
        description=_l("Where the figure comes from, e.g. the survey, year and table."),
        validators=[DataRequired(), Length(max=2000)],
    )


class AssessmentForm(FlaskForm):
    vulnerability = IntegerField(_l("Vulnerability (1–5)"), validators=SCORE)
    risk = IntegerField(_l("Risk (1–5)"), validators=SCORE)
    resilience = IntegerField(_l("Resilience (1–5)"), validators=SCORE)
    resource = IntegerField(_l("Resource (1–5)"), validators=SCORE)
    notes = TextAreaField(_l("Notes"), validators=[Length(max=5000)])


class NarrativeForm(FlaskForm):
    narrative = TextAreaField(
        _l("Review-point narrative"),
        description=_l("What the board should know about this wave, in plain words."),
        validators=[Length(max=20000)],
    )


class YouSaidWeDidForm(FlaskForm):
    you_said = TextAreaField(_l("You said"), validators=[Length(max=10000)])
    we_did = TextAreaField(_l("We did"), validators=[Length(max=10000)])
    child_friendly = TextAreaField(
        _l("Child-friendly version"),
        description=_l("Short sentences and everyday words, for children aged 6 and up."),
        validators=[Length(max=10000)],
    )
    is_published = BooleanField(_l("Publish on the public page"))


class _PopulationForm(FlaskForm):
    groups: list[Group] = []

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for group in self.groups:
            population, source = self[f"population_{group.id}"], self[f"source_{group.id}"]
            if population.data is not None and not (source.data or "").strip():
                source.errors = [
                    *source.errors,
                    _l("Say where the figure for %(group)s comes from.", group=group.name),
                ]
                valid = False
        return valid


def population_form(groups: list[Group], **kwargs) -> FlaskForm:
    """One population field and one source field per respondent group (groups are data)."""
    fields = {"groups": groups}
    for group in groups:
        fields[f"population_{group.id}"] = IntegerField(
            _l("People in %(group)s", group=group.name),
            description=_l("Leave empty if not known; an empty field removes the figure."),
            validators=[Optional(), NumberRange(min=1, max=100_000_000, message=WHOLE_PEOPLE)],
        )
        fields[f"source_{group.id}"] = StringField(
            _l("Source for %(group)s", group=group.name),
            description=_l("e.g. ONS mid-2023 estimate, Hayes wards, ages 16 and over"),
            validators=[Length(max=500)],
        )
    return type("PopulationForm", (_PopulationForm,), fields)(**kwargs)
