"""Accounts (SPEC §5): upsert, patch, read, search, bulk import, milestone/outcome marks.

Account writes are open to admins and CSMs. Bodies are loaded row by row with
``schemas.accounts.load_rows`` and checked further by ``services.account_writes``
(the same path bulk import and the CLI use), so a bad field gets a 422 naming it
and nothing is written.

GET, PUT and PATCH answer with the account's version as an ``ETag``; PUT and PATCH
take an optional ``If-Match`` with it and answer 412 (nothing written) when the
account changed meanwhile. PATCH (and bulk) take ``{"increase": by}`` for a number
field, standard or custom, added in SQL: concurrent increments all count.
"""
from __future__ import annotations

from flask import request
from flask_smorest import Blueprint

from ..errors import Invalid
from ..auth import current_principal, roles
from ..schemas.accounts import (AccountListSchema, AccountOutSchema, AccountQuerySchema, BulkResultSchema,
                                BulkSchema, MarkSchema, load_rows)
from ..services import accounts as service

bp = Blueprint("accounts", __name__, description="Accounts, their contacts, subscriptions and marks")
MARK_KINDS = {"milestones": "milestone", "outcomes": "outcome"}


_IF_MATCH = {"in": "header", "name": "If-Match", "required": False, "schema": {"type": "string"},
             "description": "The ETag of the account as read: 412 (nothing written) when it has "
                            "changed since; * for any existing account."}


def _if_match() -> tuple[str, ...] | None:
    """The versions an ``If-Match`` header accepts (strong tags; ``"*"`` for any), or None."""
    if "If-Match" not in request.headers:
        return None
    tags = request.if_match
    return ("*",) if tags.star_tag else tuple(tags.as_set())


def _with_etag(account: dict, status: int = 200):
    return account, status, {"ETag": f'"{service.etag(account)}"'}


def _loaded_body(external_id: str) -> tuple[list, list]:
    """The body loaded as the account ``external_id``: ``load_rows``' (rows, errors)."""
    body = request.get_json()  # malformed JSON -> 400
    if not isinstance(body, dict):
        raise Invalid("The body must be a JSON object (an account).")
    return load_rows([body], external_ids=[external_id])


@bp.get("/accounts")
@bp.arguments(AccountQuerySchema, location="query")
@bp.response(200, AccountListSchema)
def list_accounts(query):
    """Search accounts by name or external id (``q``), list a segment's members, or a CSM's
    accounts (``csm``: an email, ``me`` for the logged-in user, ``none`` for unassigned); the
    filters combine."""
    csm = query.get("csm")
    if csm is not None and csm.strip().lower() == "me":
        principal = current_principal()
        if principal is None or not principal.email:
            raise Invalid("csm=me needs a logged-in staff user (a token is none); give an email.",
                          details={"csm": ["'me' needs a logged-in staff user; give an email."]})
        csm = principal.email
    return service.list_accounts(query.get("q"), query.get("segment"), query["limit"], query["offset"],
                                 csm=csm)


@bp.get("/accounts/<external_id>")
@bp.response(200, AccountOutSchema)
def get_account(external_id):
    """One account with its contacts, subscriptions, segments and marks; its version is the ETag."""
    return _with_etag(service.get_account(external_id))


@bp.put("/accounts/<external_id>")
@roles("admin", "csm")
@bp.response(200, AccountOutSchema)
@bp.alt_response(201, schema=AccountOutSchema, description="Created")
@bp.doc(parameters=[_IF_MATCH])
def put_account(external_id):
    """Create or replace an account (fields left out become unset)."""
    account, created = service.save_account(external_id, *_loaded_body(external_id), partial=False,
                                            if_match=_if_match())
    return _with_etag(account, 201 if created else 200)


@bp.patch("/accounts/<external_id>")
@roles("admin", "csm")
@bp.response(200, AccountOutSchema)
@bp.doc(parameters=[_IF_MATCH])
def patch_account(external_id):
    """Change only the fields given (a custom key set to null is removed; a number given as
    ``{"increase": by}`` is increased in SQL, an unset one counting as 0)."""
    account, _ = service.save_account(external_id, *_loaded_body(external_id), partial=True,
                                      if_match=_if_match())
    return _with_etag(account)


@bp.post("/accounts/bulk")
@roles("admin", "csm")
@bp.arguments(BulkSchema)
@bp.response(200, BulkResultSchema)
def bulk(data):
    """Upsert up to 10,000 accounts; valid rows are kept, the others reported by index."""
    return service.import_accounts(*load_rows(data["accounts"]))


@bp.put("/accounts/<external_id>/<any(milestones, outcomes):kind>/<key>")
@roles("admin", "csm")
@bp.response(200, MarkSchema)
def mark(external_id, kind, key):
    """Mark a milestone or outcome as met for the account."""
    return service.set_mark(external_id, MARK_KINDS[kind], key, True)


@bp.delete("/accounts/<external_id>/<any(milestones, outcomes):kind>/<key>")
@roles("admin", "csm")
@bp.response(200, MarkSchema)
def unmark(external_id, kind, key):
    """Unmark a milestone or outcome."""
    return service.set_mark(external_id, MARK_KINDS[kind], key, False)
