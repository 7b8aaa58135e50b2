"""``GET /api/health``: is the database, Redis, a worker and the scheduler up?

200 with ``{"status": "ok", "checks": {...}}`` when all are up; 503 with
``"status": "degraded"`` and each failing check's ``error`` otherwise. Open to
everyone (load balancers and the UI header call it before login).
"""
from __future__ import annotations

from flask import jsonify
from flask_smorest import Blueprint

from ..auth import public

from ..services.health import check_all

bp = Blueprint("health", __name__, description="Liveness of the database, Redis, workers and scheduler")


@bp.get("/health")
@public
def health():
    """Report database, Redis, worker and scheduler health (200 or 503)."""
    checks = check_all()
    ok = all(c["ok"] for c in checks.values())
    return jsonify({"status": "ok" if ok else "degraded", "checks": checks}), 200 if ok else 503
