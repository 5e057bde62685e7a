"""The safeguarding lead's outcome form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

OUTCOME_NAMES = {
    "no_concern": _l("No concern"),
    "discussed_with_worker": _l("Discussed with the child's worker"),
    "referral_front_door": _l("Referral to the local front door / MASH"),
    "police": _l("Police"),
}
SEVERITY_NAMES = {
    "high": _l("High"),
    "medium": _l("Medium"),
    # Translators: text in a language or script the screening has no words for
    "unscreened": _l("Not screened: read it"),
}


class OutcomeForm(FlaskForm):
    outcome = RadioField(
        _l("Outcome"),
        choices=[SelectChoice(value, label) for value, label in OUTCOME_NAMES.items()],
        validators=[DataRequired(message=_l("Choose an outcome."))],
    )
    notes = TextAreaField(
        _l("Notes"),
        description=_l("What you did and why. Only safeguarding leads can read this."),
        validators=[Optional(), Length(max=5000)],
    )
