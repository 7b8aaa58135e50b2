"""Secrets (write-only values) and outbound webhook calls (SPEC §9)."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..models.statuses import WebhookStatus, values
from .common import MAX_INT, AccountRefSchema, CleanSchema, PageSchema, TextLength


class SecretInSchema(CleanSchema):
    name = fields.String(required=True, validate=validate.Regexp(
        r"^[A-Za-z0-9][A-Za-z0-9_]{0,63}$", error="1–64 letters, digits and underscores"))
    value = fields.String(required=True, load_only=True, validate=TextLength(min=1, max=10_000),
                          metadata={"description": "write-only: never returned"})
    description = fields.String(load_default=None, allow_none=True, validate=TextLength(max=500))


class SecretSchema(Schema):
    name = fields.String()
    description = fields.String(allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class SigningStateSchema(Schema):
    exists = fields.Boolean()
    created_at = fields.DateTime(allow_none=True)


class SecretListSchema(Schema):
    items = fields.List(fields.Nested(SecretSchema))
    signing = fields.Nested(SigningStateSchema)


class SigningSecretSchema(Schema):
    value = fields.String(metadata={"description": "shown this once"})
    created_at = fields.DateTime()


class WebhookJourneySchema(Schema):
    id = fields.Integer()
    key = fields.String()
    name = fields.String()


class WebhookRequestSchema(Schema):
    headers = fields.Dict(keys=fields.String(), values=fields.String())
    body = fields.String(allow_none=True)


class WebhookCallSchema(Schema):
    id = fields.Integer()
    status = fields.String()
    method = fields.String()
    url = fields.String()
    host = fields.String()
    attempts = fields.Integer(metadata={"description": "requests made so far (0 before the first)"})
    next_attempt_at = fields.DateTime(allow_none=True, metadata={
        "description": "queued: when the next try goes out; sending: when its lease ends"})
    retry_until = fields.DateTime(allow_none=True, metadata={
        "description": "when retrying stops: a call still failing then is `failed` (gives up)"})
    response_status = fields.Integer(allow_none=True)
    response_excerpt = fields.String(allow_none=True)
    duration_ms = fields.Integer(allow_none=True)
    error = fields.String(allow_none=True, metadata={
        "description": "the last attempt's error (kept while the call waits to retry)"})
    saved = fields.Dict(allow_none=True)
    created_at = fields.DateTime()
    completed_at = fields.DateTime(allow_none=True)
    node_id = fields.String(allow_none=True)
    enrollment_id = fields.Integer(allow_none=True)
    journey = fields.Nested(WebhookJourneySchema, allow_none=True)
    account = fields.Nested(AccountRefSchema, allow_none=True)
    request = fields.Nested(WebhookRequestSchema)


class WebhookCallListSchema(Schema):
    items = fields.List(fields.Nested(WebhookCallSchema))


class WebhookCallQuerySchema(PageSchema):
    status = fields.String(validate=validate.OneOf(values(WebhookStatus)))
    host = fields.String(validate=TextLength(max=300))
    journey = fields.Integer(validate=validate.Range(min=1, max=MAX_INT))
    account = fields.String(validate=TextLength(max=200), metadata={"description": "account external_id"})


class WebhookTestSchema(CleanSchema):
    config = fields.Dict(required=True, metadata={"description": "a webhook action's config (SPEC §9)"})
    account = fields.String(load_default=None, allow_none=True, validate=TextLength(max=200))


class WebhookTestResultSchema(Schema):
    request = fields.Dict()
    verdict = fields.String()
    status = fields.Integer(allow_none=True)
    duration_ms = fields.Integer()
    response = fields.String(allow_none=True)
    error = fields.String(allow_none=True)
