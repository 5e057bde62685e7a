"""The presenter screen for the projector: join code and QR, how many joined, the answers so far.

Public by code, so it shows only what a room may see: counts once ``MIN_SHOWN_ANSWERS`` people
have answered a question, and free text the worker chose, redacted and never flagged.
"""

from flask import jsonify, render_template
from flask_babel import gettext as _

from app.live import blueprint
from app.live.console import join_url, with_etag
from app.live.participant import session_or_404
from app.models import LiveSession
from app.services import distribution
from app.services import live as live_sessions
from app.services.map_results import LiveMap


def _screen_context(session: LiveSession) -> dict:
    joined, finished = live_sessions.counts(session)
    by_id = {r.question_id: r for r in live_sessions.results(session)}
    return {
        "live": session,
        "joined": joined,
        "finished": finished,
        "current": live_sessions.current_question(session),
        "result": by_id.get(session.current_question_id or ""),
        "min_shown": live_sessions.MIN_SHOWN_ANSWERS,
    }


@blueprint.get("/live/<code>/present")
def present(code: str):
    session = session_or_404(code)
    url = join_url(session)
    return render_template(
        "live/present.html",
        join_url=url,
        qr=distribution.qr_data_uri(url),
        **_screen_context(session),
    )


@blueprint.get("/live/<code>/present/screen")
def present_screen(code: str):
    """The changing part of the presenter page, for live.js to swap in; 304 while unchanged."""
    session = session_or_404(code)
    html = render_template("live/_screen.html", **_screen_context(session))
    return with_etag(html, "text/html")


@blueprint.get("/live/<code>/results.json")
def results_json(code: str):
    """The same aggregates as the screen, for every question, as data."""
    session = session_or_404(code)
    joined, finished = live_sessions.counts(session)
    payload = {
        "code": session.code,
        "state": session.state,
        "version": session.version,
        "current_question_id": session.current_question_id,
        "joined": joined,
        "finished": finished,
        "min_shown": live_sessions.MIN_SHOWN_ANSWERS,
        "questions": [_result_data(result) for result in live_sessions.results(session)],
    }
    return jsonify(payload)


def _result_data(result: live_sessions.QuestionResult) -> dict:
    """A map question's figures are all in ``map`` (its ``counts`` stay empty), see README."""
    data = {
        "id": result.question_id,
        "type": result.type,
        "text": _(result.text),
        "answered": result.answered,
        "is_hidden": result.is_hidden,
        "counts": [{"value": v, "label": _(label), "count": n} for v, label, n in result.counts],
        "shown_texts": list(result.shown_texts),
    }
    if result.type == "map":
        data["map"] = None if result.map is None else _map_data(result.map)
    return data


def _map_data(board: LiveMap) -> dict:
    """The heat map's cells (only those with enough pins) and the named places' counts."""
    return {
        "grid_size": board.heatmap.size,
        "min_pins_per_cell": board.heatmap.threshold,
        "pins": dict(board.heatmap.total),
        "cells": [
            {"column": c.column, "row": c.row, "feeling": c.feeling, "count": c.count}
            for c in board.heatmap.cells
        ],
        "places": [{"slug": p.slug, "name": _(p.name), "counts": p.counts} for p in board.places],
    }
