"""Secrets (admin; values write-only) and outbound webhook calls (SPEC §9)."""
from __future__ import annotations

from flask_smorest import Blueprint

from ..auth import readers, roles
from ..schemas.webhooks import (SecretInSchema, SecretListSchema, SecretSchema, SigningSecretSchema,
                                WebhookCallListSchema, WebhookCallQuerySchema, WebhookCallSchema,
                                WebhookTestResultSchema, WebhookTestSchema)
from ..services import secrets as secret_service
from ..services import webhook_calls as service

bp = Blueprint("webhooks", __name__, description="Webhook calls and the secrets their headers use")


@bp.get("/secrets")
@readers("admin")
@bp.response(200, SecretListSchema)
def list_secrets():
    """Secret names and dates (values are never returned), and whether a signing secret exists."""
    return secret_service.list_secrets()


@bp.post("/secrets")
@bp.arguments(SecretInSchema)
@bp.response(201, SecretSchema)
def put_secret(data):
    """Create or replace a secret (admin). Its value is encrypted at rest and never returned;
    header values use it as ``{{ secret.NAME }}``."""
    item, _ = secret_service.put_secret(data["name"], data["value"], data.get("description"))
    return item


@bp.delete("/secrets/<string(maxlength=64):name>")
@bp.response(204)
def delete_secret(name):
    """Delete a secret (admin); webhooks that use it fail until it is added again."""
    secret_service.delete_secret(name)


@bp.post("/secrets/signing")
@bp.response(201, SigningSecretSchema)
def rotate_signing():
    """Make a new signing secret for ``X-Journeys-Signature`` (admin); the value is shown in
    this answer only. The previous one stops working at once."""
    return secret_service.rotate_signing()


@bp.get("/webhook-calls")
@bp.arguments(WebhookCallQuerySchema, location="query")
@bp.response(200, WebhookCallListSchema)
def list_calls(query):
    """Outbound webhook calls, newest first, filtered by status, host, journey and account."""
    return {"items": service.list_calls(query.get("status"), query.get("host"), query.get("journey"),
                                        query.get("account"), query["limit"], query["offset"])}


@bp.post("/webhook-calls/<int(max=2147483647):call_id>/retry")
@roles("admin", "csm")
@bp.response(200, WebhookCallSchema)
def retry_call(call_id):
    """Queue a failed call again, with a fresh 24 h of retries (409 for any other status)."""
    return service.retry_call(call_id)


@bp.post("/webhooks/test")
@roles("admin", "csm")
@bp.arguments(WebhookTestSchema)
@bp.response(200, WebhookTestResultSchema)
def test_request(data):
    """Send a webhook node's config once, now, for an account (or a sample), through the same
    egress checks as the engine; returns the request (secrets masked) and the response."""
    return service.test_request(data["config"], data.get("account"))
