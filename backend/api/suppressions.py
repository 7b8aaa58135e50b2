"""The suppression list (SPEC §8): ``/api/suppressions``; admins add and lift, everyone reads.

An address on it gets no non-transactional journey email (the step says "skipped:
unsubscribed"). People add themselves through the unsubscribe links (``api.email_links``).
"""
from __future__ import annotations

from flask_smorest import Blueprint

from ..schemas.suppressions import (SuppressionCreateSchema, SuppressionListSchema,
                                    SuppressionQuerySchema, SuppressionSchema)
from ..services import suppressions as service

bp = Blueprint("suppressions", __name__,
               description="Addresses that get no journey email (unsubscribed or added by an admin)")


@bp.get("/suppressions")
@bp.arguments(SuppressionQuerySchema, location="query")
@bp.response(200, SuppressionListSchema)
def list_suppressions(query):
    """Suppressed addresses, newest first; ``q`` matches part of the address, ``account``
    keeps an account's contacts (404 for an unknown account)."""
    return service.list_suppressions(query.get("q"), query.get("account"), query["limit"],
                                     query["offset"])


@bp.post("/suppressions")
@bp.arguments(SuppressionCreateSchema)
@bp.response(201, SuppressionSchema)
def add_suppression(data):
    """Suppress an address (422 when it is not an email address, 409 when already there)."""
    return service.add(data["address"], data.get("note"))


@bp.delete("/suppressions/<address>")
@bp.response(204)
def remove_suppression(address):
    """Lift a suppression: the address gets journey emails again (404 when not suppressed)."""
    service.remove(address)
