"""Probes for load balancers and orchestrators, and the Prometheus scrape page."""
from flask import Response, jsonify

from webapp.operations import exposition, readiness
from webapp.operations.blueprint import bp


@bp.route("/healthz")
def healthz():
    """Liveness: the process answers (nothing else is checked, so it is never slow)."""
    return {"status": "ok"}


@bp.route("/readyz")
def readyz():
    """Readiness: database reachable, migrations at head, scheduler alive; BioTrack reported."""
    ready, checks = readiness.readiness()
    body = {"status": "ready" if ready else "unavailable", "checks": checks}
    return jsonify(body), 200 if ready else 503


@bp.route("/metrics")
def metrics():
    """Prometheus text format, for a bearer of METRICS_TOKEN only."""
    allowed, why = exposition.authorized()
    if not allowed:
        return jsonify(error={"code": "unauthenticated", "message": why}), 401, \
            {"WWW-Authenticate": 'Bearer realm="metrics"'}
    payload, content_type = exposition.render()
    return Response(payload, content_type=content_type, headers={"Cache-Control": "no-store"})
