"""Forms for the theme pages; checkbox lists of suggestions are read from the request."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Regexp

THEME_ID = Regexp(
    r"^[a-z][a-z0-9_-]{1,62}$",
    message=_l("Use lower-case letters, numbers and underscores, like e_scooters."),
)


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token is checked."""


class AddThemeForm(FlaskForm):
    theme = SelectField(_l("Add a theme"), validators=[DataRequired()])


class TranslationForm(FlaskForm):
    translation = TextAreaField(
        _l("English translation"),
        description=_l("The original stays as written; themes are found in the translation."),
        validators=[DataRequired(), Length(max=5000)],
    )


class CodebookThemeForm(FlaskForm):
    theme_id = StringField(_l("Theme id"), validators=[DataRequired(), Length(max=63), THEME_ID])
    label = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    description = StringField(_l("What it covers"), validators=[DataRequired(), Length(max=300)])
    terms = StringField(
        _l("Words and phrases, separated by commas"),
        validators=[DataRequired(), Length(max=1000)],
    )

    def term_list(self) -> list[str]:
        return [term.strip() for term in self.terms.data.split(",") if term.strip()]
