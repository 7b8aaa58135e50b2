"""The email outbox: the list query, the email JSON and the resend body."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..models.outbox import OUTBOX_STATUSES
from .common import AccountRefSchema, CleanSchema, JourneyKeyRefSchema, PageSchema, StepRefSchema


class OutboxQuerySchema(PageSchema):
    status = fields.String(validate=validate.OneOf(OUTBOX_STATUSES))
    account = fields.String(metadata={"description": "account external_id"})


class OutboxEmailSchema(Schema):
    id = fields.Integer()
    to = fields.String()
    from_ = fields.String(data_key="from", attribute="from")
    subject = fields.String()
    body = fields.String()
    html_body = fields.String(allow_none=True, metadata={"description": "the HTML part, when there is one"})
    status = fields.String()
    error = fields.String(allow_none=True)
    created_at = fields.DateTime()
    sent_at = fields.DateTime(allow_none=True)
    account = fields.Nested(AccountRefSchema, allow_none=True)
    journey = fields.Nested(JourneyKeyRefSchema, allow_none=True, metadata={
        "description": "the journey whose step put it in the outbox (null for a test email)"})
    step = fields.Nested(StepRefSchema, allow_none=True, metadata={
        "description": "that step, as the version the enrollment walked drew it"})


class OutboxListSchema(Schema):
    items = fields.List(fields.Nested(OutboxEmailSchema))


class ResendSchema(CleanSchema):
    """``{"confirm": true}``: the caller knows the recipient may get the email twice."""

    confirm = fields.Boolean(load_default=False, metadata={
        "description": "Required (true) for an uncertain or failed email: it may already have "
                       "reached the recipient."})
