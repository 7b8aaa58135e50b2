"""The email outbox: ``/api/outbox``; resending an uncertain or failed email (admins, CSMs)."""
from __future__ import annotations

from flask_smorest import Blueprint

from ..auth import roles
from ..schemas.outbox import OutboxEmailSchema, OutboxListSchema, OutboxQuerySchema, ResendSchema
from ..services import outbox as service

bp = Blueprint("outbox", __name__, description="Emails sent, queued, failed or kept")


@bp.get("/outbox")
@bp.arguments(OutboxQuerySchema, location="query")
@bp.response(200, OutboxListSchema)
def list_outbox(query):
    """Emails, newest first, filtered by status, account, a search (``q``: recipient address or
    account) and journey; ``total`` counts them all, for paging with ``limit``/``offset``."""
    return service.list_outbox(query.get("status"), query.get("account"), query["limit"], query["offset"],
                               query.get("q"), query.get("journey"))


@bp.post("/outbox/<int(max=2147483647):email_id>/resend")
@roles("admin", "csm")
@bp.arguments(ResendSchema)
@bp.response(200, OutboxEmailSchema)
def resend(data, email_id):
    """Send an email whose delivery is uncertain (it may have arrived) or failed again: needs
    ``{"confirm": true}`` (else 409); any other status is a 409. It is queued with its
    attempts reset and delivered as usual."""
    return service.resend(email_id, data["confirm"])
