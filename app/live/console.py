"""The worker's console: start a session, move the group on, moderate the big screen, summarise."""

import hashlib

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.dashboard.distribution import public_base_url
from app.dashboard.views import consultation_or_404
from app.extensions import db
from app.live import blueprint
from app.live.participant import session_or_404
from app.models import LiveSession
from app.permissions import requires
from app.services import audit, consultations, distribution
from app.services import live as live_sessions

CONTROLS = {
    "start": live_sessions.advance,
    "next": live_sessions.advance,
    "back": live_sessions.back,
    "pause": live_sessions.pause,
    "resume": live_sessions.resume,
    "end": live_sessions.end,
}


def join_url(session: LiveSession) -> str:
    return f"{public_base_url().rstrip('/')}/join/{session.code}"


@blueprint.route("/staff/live/new", methods=["GET", "POST"])
@requires("run_live_sessions")
def new_session():
    consultation_id = request.values.get("consultation_id", type=int)
    if consultation_id is None:
        abort(404)
    consultation = consultation_or_404(consultation_id)
    if consultations.availability(consultation) != "open":
        flash(_("A live session needs a consultation that is accepting answers."), "error")
        return redirect(url_for("dashboard.consultation", consultation_id=consultation.id))
    if request.method == "GET":
        return render_template("live/new_session.html", consultation=consultation)
    pacing = request.form.get("pacing", live_sessions.WORKER_PACED)
    if pacing not in (live_sessions.WORKER_PACED, live_sessions.SELF_PACED):
        abort(400)
    is_tablet = request.form.get("is_tablet") == "1"
    session = live_sessions.start_session(consultation, current_user, pacing, is_tablet)
    audit.record("live_session_started", current_user, target=consultation.slug, code=session.code)
    db.session.commit()
    return redirect(url_for(".console", code=session.code))


@blueprint.get("/staff/live/<code>")
@requires("run_live_sessions")
def console(code: str):
    session = session_or_404(code)
    url = join_url(session)
    return render_template(
        "live/console.html",
        live=session,
        join_url=url,
        qr=distribution.qr_data_uri(url),
        questions=live_sessions.session_questions(live_sessions.survey_of(session)),
        **_panel_context(session),
    )


@blueprint.get("/staff/live/<code>/panel")
@requires("run_live_sessions")
def panel(code: str):
    """The parts of the console that change as people answer, for live.js to swap in."""
    session = session_or_404(code)
    html = render_template("live/_console_panel.html", live=session, **_panel_context(session))
    return with_etag(html, "text/html")


def with_etag(body: str, mimetype: str):
    """A 304 when the poller already has this exact body."""
    etag = hashlib.sha256(body.encode()).hexdigest()[:20]
    if etag in request.if_none_match:
        return "", 304, {"ETag": f'"{etag}"', "Cache-Control": "no-cache"}
    headers = {"ETag": f'"{etag}"', "Cache-Control": "no-cache", "X-Robots-Tag": "noindex"}
    return body, 200, {**headers, "Content-Type": f"{mimetype}; charset=utf-8"}


def _panel_context(session: LiveSession) -> dict:
    joined, finished = live_sessions.counts(session)
    by_id = {r.question_id: r for r in live_sessions.results(session)}
    return {
        "joined": joined,
        "finished": finished,
        "current": live_sessions.current_question(session),
        "current_result": by_id.get(session.current_question_id or ""),
        "queue": live_sessions.moderation_queue(session),
    }


@blueprint.post("/staff/live/<code>/control")
@requires("run_live_sessions")
def control(code: str):
    session = session_or_404(code)
    action = request.form.get("action", "")
    if action == "show-question":
        live_sessions.show_question(session, request.form.get("question_id", ""))
    elif action in CONTROLS:
        CONTROLS[action](session)
        if action == "end":
            audit.record("live_session_ended", current_user, target=session.consultation.slug)
            db.session.commit()
    else:
        abort(400)
    if action == "end":
        return redirect(url_for(".summary", code=session.code))
    return redirect(url_for(".console", code=session.code))


@blueprint.post("/staff/live/<code>/moderate")
@requires("run_live_sessions")
def moderate(code: str):
    session = session_or_404(code)
    answer_id = request.form.get("answer_id", type=int)
    if answer_id is None:
        abort(400)
    if request.form.get("action") == "hide":
        live_sessions.hide_text(session, answer_id)
    elif not live_sessions.show_text(session, answer_id, current_user):
        abort(404)
    return redirect(url_for(".console", code=session.code) + "#moderation")


@blueprint.get("/staff/live/<code>/summary")
@requires("run_live_sessions")
def summary(code: str):
    """One page to discuss with the group afterwards: the same rules as the big screen."""
    session = session_or_404(code)
    joined, finished = live_sessions.counts(session)
    return render_template(
        "live/summary.html",
        live=session,
        joined=joined,
        finished=finished,
        results=live_sessions.results(session),
        min_shown=live_sessions.MIN_SHOWN_ANSWERS,
    )
