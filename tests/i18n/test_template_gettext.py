"""The templates' gettext functions, bound once per render, say what Flask-Babel's would."""

import pytest
from flask import render_template_string
from flask_babel import force_locale

from app import create_app
from app.template_gettext import bound_gettext


@pytest.fixture
def app():
    """No database needed: one app, not one per backend."""
    return create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "test"})


TEMPLATE = (
    "{{ _('Next') }}|{{ _('Question %(position)d of about %(total)d', position=2, total=5) }}|"
    "{{ ngettext('%(num)d answer', '%(num)d answers', 3) }}|"
    "{{ pgettext('e-mail recipient', 'To') }}|"
    "{{ survey_text('Very safe') }}|{{ survey_text(None) }}"
)


def flask_babel_rendering(app, source: str) -> str:
    """The same template through Flask-Babel's own Jinja functions."""
    ours = app.template_context_processors[None]
    app.template_context_processors[None] = [f for f in ours if f.__name__ != "bound_gettext"]
    try:
        return render_template_string(source)
    finally:
        app.template_context_processors[None] = ours


@pytest.mark.parametrize("lang", ["en", "pl", "ar"])
def test_the_same_words_as_flask_babel(app, lang):
    with app.test_request_context(f"/?lang={lang}"):
        ours = render_template_string(TEMPLATE)
        assert ours == flask_babel_rendering(app, TEMPLATE)
    if lang == "pl":
        assert ours.startswith("Dalej|Pytanie 2 z około 5|")


def test_a_forced_locale_is_followed(app):
    with app.test_request_context("/?lang=pl"), force_locale("en"):
        assert render_template_string("{{ _('Next') }}") == "Next"


def test_variables_are_escaped_only_where_the_template_escapes(app):
    source = "{{ _('Question %(position)s of about %(total)d', position='<b>', total=1) }}"
    with app.test_request_context("/"):
        assert render_template_string(source).startswith("Question &lt;b&gt; of")
        plain_text = app.jinja_env.overlay(autoescape=False).from_string(source)
        assert plain_text.render(**bound_gettext()).startswith("Question <b> of")
