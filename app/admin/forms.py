"""Forms for the administration pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    DateTimeLocalField,
    EmailField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from app.services.place_maps import MAX_ALT_TEXT
from app.services.users import MIN_PASSWORD_LENGTH

SLUG = Regexp(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    message=_l("Use lower-case letters, numbers and dashes, like hayes-2027."),
)


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class UserForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Length(max=254)])
    name = StringField(_l("Name"), validators=[Optional(), Length(max=120)])
    role = SelectField(_l("Role"), validators=[DataRequired()])
    password = PasswordField(
        _l("Password"),
        description=_l(
            "At least %(n)d characters. Share it with the person safely.", n=MIN_PASSWORD_LENGTH
        ),
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=1000)],
    )


class GroupForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    slug = StringField(
        _l("Short name for links"), validators=[DataRequired(), Length(max=64), SLUG]
    )
    public_label = StringField(_l("What respondents see"), validators=[Optional(), Length(max=200)])


class PlaceForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    slug = StringField(
        _l("Short name for links"), validators=[DataRequired(), Length(max=64), SLUG]
    )
    parent = SelectField(_l("Part of"), coerce=int)


class WaveForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    starts_on = DateField(_l("Starts on"), validators=[DataRequired()])
    ends_on = DateField(_l("Ends on"), validators=[DataRequired()])


class ConsultationForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    slug = StringField(
        _l("Link name"),
        description=_l("The link will be /s/<link name>. It cannot change once answers arrive."),
        validators=[DataRequired(), Length(max=80), SLUG],
    )
    survey = SelectField(_l("Survey"), validators=[DataRequired()])
    groups = CheckboxesField(_l("Groups"), coerce=int)
    place = SelectField(_l("Place"), coerce=int)
    wave = SelectField(_l("Wave"), coerce=int)
    languages = CheckboxesField(_l("Languages"))
    opens_at = DateTimeLocalField(_l("Opens at (UK time, optional)"), validators=[Optional()])
    closes_at = DateTimeLocalField(_l("Closes at (UK time, optional)"), validators=[Optional()])
    help_contact = TextAreaField(
        _l("Local help contact shown on the Get help page"),
        validators=[Optional(), Length(max=500)],
    )
    target_per_group = IntegerField(
        _l("Target responses per group (optional)"),
        description=_l("The pilot dashboard shows progress towards it while the wave is open."),
        validators=[Optional(), NumberRange(min=1, max=100000)],
    )


class StatusForm(FlaskForm):
    status = SelectField(_l("New status"), validators=[DataRequired()])


class PlaceMapForm(FlaskForm):
    image = FileField(
        _l("Map image"),
        description=_l("A PNG, JPEG or WebP image of up to 3 MB, drawn or exported by you."),
    )
    alt_text = TextAreaField(
        _l("Describe the map in words"),
        description=_l(
            "For people who cannot see the map: the main streets and places, and what is where."
        ),
        validators=[DataRequired(), Length(max=MAX_ALT_TEXT)],
    )
