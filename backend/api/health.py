"""``GET /api/health``: is the database, Redis, a worker and the scheduler up?

200 with ``{"status": "ok", "checks": {...}}`` when all are up; 503 with
``"status": "degraded"`` and each failing check's ``error`` otherwise. Open to
everyone (load balancers and the UI header call it before login).
"""
from __future__ import annotations

from flask import Blueprint, jsonify

from ..services.health import check_all

bp = Blueprint("health", __name__)


@bp.get("/health")
def health():
    checks = check_all()
    ok = all(c["ok"] for c in checks.values())
    return jsonify({"status": "ok" if ok else "degraded", "checks": checks}), 200 if ok else 503
