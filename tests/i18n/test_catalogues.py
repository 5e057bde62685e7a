"""Every catalogue: valid for msgfmt, placeholders intact, complete for what respondents see, and
saying whether a native speaker has reviewed it."""

import re
import shutil
import subprocess

import pytest

from app.i18n import LANGUAGES
from app.i18n_commands import TEMPLATE_NAME, TRANSLATIONS_DIR, read_catalog, review_state

CATALOGUES = sorted(TRANSLATIONS_DIR.glob("*/LC_MESSAGES/messages.po"))
CODES = [path.parent.parent.name for path in CATALOGUES]
PLACEHOLDER = re.compile(r"%\(([a-z_]+)\)([sd])")
# What a child or resident sees: their pages, the layout, error pages, answer checks, surveys.
RESPONDENT_SOURCES = (
    "surveys/",
    "app/templates/respondent/",
    "app/templates/base.html",
    "app/templates/error.html",
    "app/errors.py",
    "app/respondent/",
    "app/questionnaire/answers.py",
    "app/questionnaire/types.py",
    "app/templating.py",
    "app/services/demo.py",  # group labels and named places that respondents choose from
    # the phone's side of a live session
    "app/live/participant.py",
    "app/templates/live/_page.html",
    "app/templates/live/join",
    "app/templates/live/question.html",
    "app/templates/live/wait.html",
    "app/templates/live/done.html",
    "app/templates/live/finish.html",
    "app/templates/live/next_person.html",
)


def is_for_respondents(message) -> bool:
    return any(filename.startswith(RESPONDENT_SOURCES) for filename, _line in message.locations)


def test_there_are_catalogues_and_each_is_a_language_we_offer():
    assert {"pl", "ar"} <= set(CODES)
    assert set(CODES) <= set(LANGUAGES) - {"en"}


@pytest.mark.parametrize("path", CATALOGUES, ids=CODES)
def test_msgfmt_accepts_the_catalogue(path):
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt is missing: apt-get install gettext")
    result = subprocess.run(
        ["msgfmt", "--check", "--output-file=/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("path", CATALOGUES, ids=CODES)
def test_placeholders_are_the_same_as_in_english(path):
    for message in read_catalog(path):
        english = message.id if isinstance(message.id, tuple) else (message.id,)
        translations = message.string if isinstance(message.string, tuple) else (message.string,)
        if not message.id or not any(translations):
            continue
        expected = set(PLACEHOLDER.findall(english[-1]))
        # A lone % is only safe where the English has one too: strings used in Python without
        # formatting, such as a chart axis "(%)". Templates format every string (newstyle).
        english_lone = PLACEHOLDER.sub("", english[-1]).replace("%%", "").count("%")
        for translation in filter(None, translations):
            leftover = PLACEHOLDER.sub("", translation).replace("%%", "")
            assert leftover.count("%") <= english_lone, (
                f"{path.parent.parent.name}: stray % in {translation!r}"
            )
            # A plural form may leave out the count (e.g. 'one character'), never add a name.
            assert set(PLACEHOLDER.findall(translation)) <= expected, translation
        assert set(PLACEHOLDER.findall(translations[-1])) == expected, message.id


@pytest.mark.parametrize("path", CATALOGUES, ids=CODES)
def test_everything_a_respondent_sees_is_translated(path):
    catalogue = read_catalog(path)
    template = read_catalog(TRANSLATIONS_DIR / TEMPLATE_NAME)
    untranslated = []
    for wanted in template:
        if not wanted.id or not is_for_respondents(wanted):
            continue
        message = catalogue.get(wanted.id)
        strings = () if message is None else message.string
        strings = strings if isinstance(strings, tuple) else (strings,)
        if message is None or message.fuzzy or not all(strings):
            untranslated.append(wanted.id)
    assert not untranslated, f"{len(untranslated)} untranslated, e.g. {untranslated[:3]}"


@pytest.mark.parametrize("path", CATALOGUES, ids=CODES)
def test_catalogue_says_whether_a_native_speaker_reviewed_it(path):
    state = review_state(path)
    assert state.startswith(("reviewed by", "not reviewed by")), state


@pytest.mark.parametrize("path", CATALOGUES, ids=CODES)
def test_catalogue_is_up_to_date_with_the_template(path):
    in_template = {m.id for m in read_catalog(TRANSLATIONS_DIR / TEMPLATE_NAME) if m.id}
    in_catalogue = {m.id for m in read_catalog(path) if m.id}
    assert in_template <= in_catalogue, "run 'safevoices i18n-update'"
