"""API tokens: ``GET /api/tokens`` and ``DELETE /api/tokens/<id>`` (admins only).

Tokens are created with ``flask --app backend token create`` (the secret is shown
once, then stored hashed); here an admin sees who has one, when each was last used,
and revokes one.
"""
from __future__ import annotations

from flask_smorest import Blueprint

from ..auth import current_principal, readers
from ..schemas.tokens import TokenListSchema
from ..services import users as service

bp = Blueprint("tokens", __name__, description="API tokens: list (never the secret) and revoke; admins only")


@bp.get("/tokens")
@readers("admin")
@bp.response(200, TokenListSchema)
def list_tokens():
    """Every token, oldest first, with its role, when it was created, last used (to the
    minute) and revoked; never the secret."""
    return {"items": service.list_tokens()}


@bp.delete("/tokens/<int(max=2147483647):token_id>")
@bp.response(204)
def revoke_token(token_id):
    """Revoke a token: it is refused from the next request on (idempotent; 409 for the
    token this request is using)."""
    principal = current_principal()
    service.revoke_token(token_id, in_use_id=principal.token_id if principal else None)
