"""Liveness check for load balancers and uptime monitors."""

from flask import Blueprint

blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
def healthz():
    return {"status": "ok"}
