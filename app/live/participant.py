"""A participant's phone (or the tablet passed round): join by code, answer, wait, finish.

Each phone keeps a random resume token in a cookie named after the session, so a phone that
locks, loses wi-fi or reloads comes back to its own response. Every page works without
JavaScript; live.js makes the waiting shorter and keeps answers that could not be sent yet in the
browser's storage, sending them again (with the ``X-Live-Queue`` header, answered in JSON) until
the server has them.
"""

from flask import abort, current_app, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.live import blueprint
from app.models import LiveSession, Response
from app.questionnaire.answers import choices_for, parse_answer
from app.questionnaire.types import AnswerError
from app.respondent.journey import current_language
from app.security import limit_answering, limit_joining
from app.services import consultations, responses, safeguarding
from app.services import live as live_sessions

COOKIE_DAYS = 2
QUEUE_HEADER = "X-Live-Queue"


def cookie_name(session: LiveSession) -> str:
    return f"sv_live_{session.id}"


def session_or_404(code: str) -> LiveSession:
    session = live_sessions.find(code)
    if session is None:
        abort(404)
    return session


def this_phone(session: LiveSession) -> Response | None:
    return live_sessions.participant(session, request.cookies.get(cookie_name(session)))


@blueprint.get("/join")
@limit_joining
def join_form():
    code = live_sessions.normalise_code(request.args.get("code", ""))
    if not code:
        return render_template("live/join_form.html", error=None)
    session = live_sessions.find(code)
    if session is None or session.state == live_sessions.ENDED:
        error = _("We could not find a session with that code. Check it with your youth worker.")
        return render_template("live/join_form.html", error=error, code=code), 404
    return redirect(url_for(".join", code=session.code))


@blueprint.route("/join/<code>", methods=["GET", "POST"])
@limit_joining
def join(code: str):
    session = live_sessions.find(code)
    if session is None:
        return redirect(url_for(".join_form", code=code))
    phone = this_phone(session)
    if session.state == live_sessions.ENDED:
        place = ".done" if phone is not None else ".join_form"
        return redirect(url_for(place, code=session.code))
    if phone is not None and (
        not phone.is_submitted or live_sessions.rejoins_finished(session, phone)
    ):
        return redirect(url_for(".where_now", code=session.code))
    if request.method == "GET":
        return render_template("live/join.html", live=session, journey=_journey(session))
    response, token = live_sessions.join(session, current_language())
    http_response = redirect(url_for(".where_now", code=session.code))
    http_response.set_cookie(
        cookie_name(session),
        token,
        max_age=60 * 60 * 24 * COOKIE_DAYS,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return http_response


def _journey(session: LiveSession) -> dict:
    # the respondent page layout needs the consultation for its "Get help" link
    return {"consultation": session.consultation, "survey": live_sessions.survey_of(session)}


@blueprint.get("/live/<code>/")
def where_now(code: str):
    """Send the phone to the page it belongs on now."""
    session = session_or_404(code)
    phone = this_phone(session)
    if phone is None:
        return redirect(url_for(".join", code=session.code))
    return redirect(_place_for(session, phone))


def _place_for(session: LiveSession, phone: Response) -> str:
    if session.state == live_sessions.ENDED or phone.is_submitted:
        return url_for(".done", code=session.code)
    if session.state != live_sessions.RUNNING:
        return url_for(".wait", code=session.code)
    question = live_sessions.next_for(session, phone)
    if question is None:
        return url_for(".finish", code=session.code)
    answered = question.id in responses.answered_ids(phone)
    if session.pacing == live_sessions.WORKER_PACED and answered:
        return url_for(".wait", code=session.code)
    return url_for(".question", code=session.code, question_id=question.id)


@blueprint.route("/live/<code>/q/<question_id>", methods=["GET", "POST"])
@limit_answering
def question(code: str, question_id: str):
    session = session_or_404(code)
    phone = this_phone(session)
    current = live_sessions.survey_of(session).question(question_id)
    if request.method == "POST" and request.headers.get(QUEUE_HEADER) == "1":
        return _queued_answer(session, phone, current)
    if phone is None:
        return redirect(url_for(".join", code=session.code))
    if current is None or phone.is_submitted or not live_sessions.accepts_answers(session):
        return redirect(_place_for(session, phone))
    error, submitted = None, None
    if request.method == "POST":
        error, submitted, needs_help = _save(session, phone, current)
        if needs_help:
            return redirect(url_for(".help_now", code=session.code))
        if error is None:
            return redirect(_after_answer(session, phone, current.id))
    elif not _may_see(session, current.id):
        return redirect(_place_for(session, phone))
    return _question_page(session, phone, current, error, submitted)


def _queued_answer(session: LiveSession, phone: Response | None, current):
    """An answer live.js kept until it could be sent. JSON tells the phone whether to forget it
    (stored, or refused for good, with the reason to show) or to keep trying."""
    if phone is None or current is None:
        error = _("This phone is no longer in the session, so this answer could not be sent.")
        return jsonify(saved=False, error=error), 409
    if phone.is_submitted or not live_sessions.accepts_answers(session):
        error = _("The session ended before this answer could be sent.")
        return jsonify(saved=False, error=error), 409
    error, _sent, needs_help = _save(session, phone, current)
    if error is not None:
        return jsonify(saved=False, error=error), 400
    if needs_help:
        return jsonify(saved=True, help=True, place=url_for(".help_now", code=session.code))
    return jsonify(saved=True, place=_after_answer(session, phone, current.id))


def _may_see(session: LiveSession, question_id: str) -> bool:
    if session.state != live_sessions.RUNNING:
        return False
    return session.pacing == live_sessions.SELF_PACED or session.current_question_id == question_id


def _save(session: LiveSession, phone: Response, question) -> tuple[str | None, object, bool]:
    """(error, what was sent, whether to offer help); late answers from a phone that was
    offline count too."""
    action = request.form.get("action", "next")
    if action == "back":
        return None, None, False
    places = consultations.offered_places(session.consultation, question)
    try:
        parsed = parse_answer(question, request.form, action == "skip", places)
    except AnswerError as problem:
        return str(problem), request.form, False
    saved = live_sessions.save_answer(session, phone, question.id, parsed)
    return None, None, safeguarding.offers_help_now(*saved)


def _after_answer(session: LiveSession, phone: Response, question_id: str) -> str:
    if request.form.get("action") == "back":
        earlier = live_sessions.previous_for(session, question_id)
        if earlier is not None and session.pacing == live_sessions.SELF_PACED:
            return url_for(".question", code=session.code, question_id=earlier.id)
    return _place_for(session, phone)


def _question_page(session, phone, current, error, submitted):
    stored = next((a for a in phone.answers if a.question_id == current.id), None)
    places = consultations.offered_places(session.consultation, current)
    has_previous = session.pacing == live_sessions.SELF_PACED and bool(
        live_sessions.previous_for(session, current.id)
    )
    return _phone_page(
        "live/question.html",
        session,
        phone,
        question=current,
        error=error,
        submitted=submitted,
        stored=stored,
        choices=choices_for(current, places),
        has_previous=has_previous,
    ), (400 if error else 200)


@blueprint.get("/live/<code>/help-now")
def help_now(code: str):
    """The respondent pages' kind words after a worrying answer, then back to the session."""
    session = session_or_404(code)
    return render_template(
        "respondent/help_now.html",
        journey=_journey(session),
        carry_on=url_for(".where_now", code=session.code),
    )


@blueprint.get("/live/<code>/wait")
def wait(code: str):
    session = session_or_404(code)
    phone = this_phone(session)
    if phone is None:
        return redirect(url_for(".join", code=session.code))
    place = _place_for(session, phone)
    if place != url_for(".wait", code=session.code):
        return redirect(place)
    current = live_sessions.current_question(session)
    return _phone_page("live/wait.html", session, phone, current=current)


def _phone_page(template: str, session: LiveSession, phone: Response, **context) -> str:
    """A page of this phone's journey, with what live.js needs to keep its unsent answers."""
    return render_template(
        template,
        live=session,
        journey=_journey(session),
        queue_key=live_sessions.queue_key(phone),
        **context,
    )


@blueprint.route("/live/<code>/finish", methods=["GET", "POST"])
@limit_answering
def finish(code: str):
    """The end of a self-paced run: send, and on a tablet make room for the next child."""
    session = session_or_404(code)
    phone = this_phone(session)
    if phone is None:
        return redirect(url_for(".join", code=session.code))
    if request.method == "GET":
        if phone.is_submitted:
            return redirect(_place_for(session, phone))
        return _phone_page("live/finish.html", session, phone)
    live_sessions.finish(phone)
    if not session.is_tablet:
        return redirect(url_for(".done", code=session.code))
    http_response = redirect(url_for(".next_person", code=session.code))
    http_response.delete_cookie(cookie_name(session))
    return http_response


@blueprint.get("/live/<code>/next-person")
def next_person(code: str):
    session = session_or_404(code)
    return render_template("live/next_person.html", live=session, journey=_journey(session))


@blueprint.get("/live/<code>/done")
def done(code: str):
    session = session_or_404(code)
    phone = this_phone(session)
    has_finished = phone is not None and phone.is_submitted
    return render_template(
        "live/done.html", live=session, journey=_journey(session), has_finished=has_finished
    )


@blueprint.get("/live/<code>/state.json")
def state(code: str):
    """What the phones poll: cheap, and a 304 while nothing changed."""
    session = session_or_404(code)
    etag = f"v{session.version}"
    if etag in request.if_none_match:
        return "", 304, {"ETag": f'"{etag}"', "Cache-Control": "no-cache"}
    body = jsonify(
        version=session.version,
        state=session.state,
        pacing=session.pacing,
        question_id=session.current_question_id,
    )
    body.set_etag(etag)
    body.headers["Cache-Control"] = "no-cache"
    return body
