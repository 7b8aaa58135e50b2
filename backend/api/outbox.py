"""The email outbox: ``/api/outbox``."""
from __future__ import annotations

from flask_smorest import Blueprint

from ..schemas.outbox import OutboxListSchema, OutboxQuerySchema
from ..services import outbox as service

bp = Blueprint("outbox", __name__, description="Emails sent, queued, failed or kept")


@bp.get("/outbox")
@bp.arguments(OutboxQuerySchema, location="query")
@bp.response(200, OutboxListSchema)
def list_outbox(query):
    """Emails, newest first, filtered by status and account."""
    return {"items": service.list_outbox(query.get("status"), query.get("account"),
                                         query["limit"], query["offset"])}
