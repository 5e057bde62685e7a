"""Respondent pages: welcome, about you, one page per question, check and send, thank you."""

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.page_cache import page_key, render_kept
from app.questionnaire import logic
from app.questionnaire.answers import choices_for, parse_answer
from app.questionnaire.schema import SKIP_VALUE
from app.questionnaire.types import AnswerError
from app.respondent import blueprint
from app.respondent.journey import (
    Journey,
    asks_group,
    current_language,
    load_journey,
    needs_about_page,
    set_resume_cookie,
)
from app.security import limit_answering, limit_starting
from app.services import consultations, responses, safeguarding
from app.templating import question_type, selected_values

# Question partials whose saved answer shows only as ticked choices: such pages may be kept.
SHOWS_ONLY_CHOICES = frozenset({"choice", "faces", "info"})


@blueprint.get("/<slug>")
def welcome(slug: str):
    journey = load_journey(slug)
    state = consultations.availability(journey.consultation)
    if state != "open":
        return render_template("respondent/unavailable.html", journey=journey, state=state)
    response = journey.response
    progress = None if response is None else "sent" if response.is_submitted else "started"
    return render_kept(
        page_key(_survey_key(journey), progress),
        "respondent/welcome.html",
        journey=journey,
        group_slug=request.args.get("group", ""),  # a query string: such a page is not kept
    )


@blueprint.post("/<slug>/begin")
@limit_starting
def begin(slug: str):
    journey = load_journey(slug)
    if consultations.availability(journey.consultation) != "open":
        return redirect(url_for(".welcome", slug=slug))
    resuming = journey.response and not journey.response.is_submitted
    if resuming and request.form.get("fresh") != "1":
        return redirect(_resume_url(journey))
    group = consultations.group_from_link(journey.consultation, request.form.get("group"))
    response, token = responses.start_response(journey.consultation, current_language(), group)
    journey.response = response
    http_response = redirect(_first_step_url(journey))
    set_resume_cookie(http_response, journey.consultation, token)
    return http_response


@blueprint.route("/<slug>/about", methods=["GET", "POST"])
@limit_answering
def about(slug: str):
    journey = _open_journey(slug)
    if not isinstance(journey, Journey):
        return journey
    error = None
    if request.method == "POST":
        error = _save_about(journey)
        if error is None:
            return redirect(_question_url(journey, None))
    asking = asks_group(journey)
    key = None
    if error is None:
        key = _about_page_key(journey, asking)
    page = render_kept(
        key, "respondent/about.html", journey=journey, error=error, asks_group=asking
    )
    return page, (400 if error else 200)


def _about_page_key(journey: Journey, asking: bool):
    """Everything the about page shows: the age bands and, when it asks, the groups, and what
    this phone chose of them (see ``app.page_cache``)."""
    groups, chosen = (), None
    if asking:
        groups = tuple((g.slug, g.public_label, g.name) for g in journey.consultation.groups)
        chosen = journey.response.group.slug if journey.response.group else None
    return page_key(_survey_key(journey), journey.response.age_band, groups, chosen)


def _save_about(journey: Journey) -> str | None:
    band = request.form.get("age_band", "")
    if journey.survey.age_bands and band not in (*journey.survey.age_bands, SKIP_VALUE):
        return _("Choose your age, or choose \u201cI\u2019d rather not say\u201d.")
    group = None
    if asks_group(journey):
        slug = request.form.get("group", "")
        group = consultations.group_from_link(journey.consultation, slug)
        if group is None and slug != SKIP_VALUE:
            return _(
                "Choose the answer that describes you best, or \u201cI\u2019d rather not say\u201d."
            )
    responses.set_about(journey.response, band if band in journey.survey.age_bands else None, group)
    return None


@blueprint.route("/<slug>/q/<question_id>", methods=["GET", "POST"])
@limit_answering
def question(slug: str, question_id: str):
    journey = _open_journey(slug)
    if not isinstance(journey, Journey):
        return journey
    survey, response = journey.survey, journey.response
    current = survey.question(question_id)
    answers = responses.answers_of(response)
    if current is None or not logic.is_shown(current, answers, response.age_band):
        return redirect(_resume_url(journey))
    # Only a "places" or "map" question offers named places: other pages skip their queries.
    places = consultations.offered_places(journey.consultation, current)
    error, submitted = None, None
    if request.method == "POST":
        action = request.form.get("action", "next")
        try:
            parsed = parse_answer(current, request.form, action == "skip", places)
        except AnswerError as problem:
            if action != "back":
                error, submitted = str(problem), request.form
        else:
            if action != "back" or not parsed.is_skipped:
                saved = responses.save_answer(response, survey, current.id, parsed)
                if safeguarding.offers_help_now(*saved):
                    return redirect(url_for(".help_now", slug=slug, after=current.id))
            answers = responses.answers_of(response)
        if error is None:
            return redirect(_after(journey, current.id, answers, action))
    position, total = logic.progress(survey, current.id, answers, response.age_band)
    stored = next((a for a in response.answers if a.question_id == current.id), None)
    choices = choices_for(current, places)
    has_previous = bool(
        logic.previous_question(survey, current.id, answers, response.age_band)
    ) or needs_about_page(journey)
    key = None
    if error is None:
        key = _question_page_key(journey, current, choices, stored, (position, total, has_previous))
    page = render_kept(
        key,
        "respondent/question.html",
        journey=journey,
        question=current,
        error=error,
        choices=choices,
        position=position,
        total=total,
        stored=stored,
        submitted=submitted,
        has_previous=has_previous,
    )
    return page, (400 if error else 200)


def _question_page_key(journey: Journey, question, choices, stored, place: tuple):
    """Everything a question page shows (see ``app.page_cache``), or None for a page that shows
    text somebody typed, which is never kept."""
    if stored is not None and question_type(question).partial not in SHOWS_ONLY_CHOICES:
        return None
    # The page ticks only offered values: keep only those in the key, never anything typed.
    offered = {value for value, _label in choices} | {"prefer_not_say"}
    ticked = tuple(value for value in selected_values(stored, None) if value in offered)
    return page_key(
        _survey_key(journey),
        question.id,
        journey.response.age_band,
        tuple(choices),
        ticked,
        place,
    )


def _survey_key(journey: Journey) -> tuple:
    """The survey a kept page shows: its file, version and content (a fix to a file in place)."""
    survey = journey.survey
    return (survey.id, survey.version, survey.content_hash)


@blueprint.route("/<slug>/check", methods=["GET", "POST"])
@limit_answering
def check(slug: str):
    journey = _open_journey(slug)
    if not isinstance(journey, Journey):
        return journey
    if request.method == "POST":
        responses.submit(journey.response)
        return redirect(url_for(".thank_you", slug=slug))
    answers = responses.answers_of(journey.response)
    shown = logic.visible_questions(journey.survey, answers, journey.response.age_band)
    last = shown[-1] if shown else None
    return render_template(
        "respondent/check.html", journey=journey, last=last, answered=len(answers), total=len(shown)
    )


@blueprint.get("/<slug>/thank-you")
def thank_you(slug: str):
    journey = load_journey(slug)
    if journey.response is None or not journey.response.is_submitted:
        return redirect(url_for(".welcome", slug=slug))
    return render_template("respondent/thank_you.html", journey=journey)


@blueprint.get("/<slug>/help")
def get_help(slug: str):
    journey = load_journey(slug)
    return render_template("respondent/help.html", journey=journey)


@blueprint.get("/<slug>/help-now")
def help_now(slug: str):
    """Offered after an answer that may disclose harm; the same kind words whatever was written."""
    journey = _open_journey(slug)
    if not isinstance(journey, Journey):
        return journey
    after = request.args.get("after", "")
    known = journey.survey.question(after) is not None
    carry_on = _question_url(journey, after) if known else _resume_url(journey)
    return render_template("respondent/help_now.html", journey=journey, carry_on=carry_on)


def _open_journey(slug: str):
    """The journey for a page inside the survey, or a redirect to where this device belongs."""
    journey = load_journey(slug)
    if consultations.availability(journey.consultation) != "open":
        return redirect(url_for(".welcome", slug=slug))
    if journey.response is None:
        return redirect(url_for(".welcome", slug=slug))
    if journey.response.is_submitted:
        return redirect(url_for(".thank_you", slug=slug))
    return journey


def _first_step_url(journey: Journey) -> str:
    if needs_about_page(journey):
        return url_for(".about", slug=journey.consultation.slug)
    return _question_url(journey, None)


def _question_url(journey: Journey, after_id: str | None) -> str:
    answers = responses.answers_of(journey.response)
    following = logic.next_question(journey.survey, after_id, answers, journey.response.age_band)
    if following is None:
        return url_for(".check", slug=journey.consultation.slug)
    return url_for(".question", slug=journey.consultation.slug, question_id=following.id)


def _resume_url(journey: Journey) -> str:
    """The first shown question not yet answered or skipped; the check page when all are done."""
    response = journey.response
    if needs_about_page(journey) and not response.answers and response.age_band is None:
        return url_for(".about", slug=journey.consultation.slug)
    done = responses.answered_ids(response)
    answers = responses.answers_of(response)
    for shown in logic.visible_questions(journey.survey, answers, response.age_band):
        if shown.id not in done:
            return url_for(".question", slug=journey.consultation.slug, question_id=shown.id)
    return url_for(".check", slug=journey.consultation.slug)


def _after(journey: Journey, current_id: str, answers: dict, action: str) -> str:
    if action != "back":
        return _question_url(journey, current_id)
    earlier = logic.previous_question(
        journey.survey, current_id, answers, journey.response.age_band
    )
    if earlier is None:
        endpoint = ".about" if needs_about_page(journey) else ".welcome"
        return url_for(endpoint, slug=journey.consultation.slug)
    return url_for(".question", slug=journey.consultation.slug, question_id=earlier.id)
