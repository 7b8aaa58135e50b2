"""``GET /api/audit`` (admins): who changed what, and when (SPEC §10)."""
from __future__ import annotations

from flask_smorest import Blueprint

from ..auth import current_principal
from ..errors import Forbidden
from ..schemas.audit import AuditListSchema, AuditQuerySchema
from ..services import audit as service

bp = Blueprint("audit", __name__, description="The audit log: every write by a person or token")


@bp.get("/audit")
@bp.arguments(AuditQuerySchema, location="query")
@bp.response(200, AuditListSchema)
def list_audit(query):
    """Audit entries, newest first, filtered by actor, object (``type`` or ``type:id``),
    action, and a date range; ``limit``/``offset`` page through them. Admins only."""
    principal = current_principal()
    if principal is None or principal.role != "admin":
        raise Forbidden("Only admins may read the audit log.")
    page = service.list_entries(
        actor=query.get("actor"), object_=query.get("object"), target_type=query.get("target_type"),
        target_id=query.get("target_id"), action=query.get("action"), since=query.get("since"),
        until=query.get("until"), limit=query["limit"], offset=query["offset"])
    return {**page, "actors": service.actors()}
