"""The email outbox: the list query, the email JSON and the resend body."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..models.outbox import OUTBOX_STATUSES
from .common import (MAX_INT, AccountRefSchema, CleanSchema, JourneyKeyRefSchema, PageSchema, StepRefSchema,
                     TextLength)


class OutboxQuerySchema(PageSchema):
    status = fields.String(validate=validate.OneOf(OUTBOX_STATUSES))
    account = fields.String(metadata={"description": "account external_id"})
    q = fields.String(validate=TextLength(max=254), metadata={
        "description": "search: emails to a recipient address starting with this (case-insensitive), or "
                       "to an account whose name or external id contains it (as the Accounts search)",
        "example": "ann@acme"})
    journey = fields.Integer(validate=validate.Range(min=1, max=MAX_INT), metadata={
        "description": "only the emails this journey's steps sent (journey id)"})


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
    opened_at = fields.DateTime(allow_none=True, metadata={
        "description": "when the recipient first opened it (its open pixel loaded, or a link in it was followed)"})
    clicked_at = fields.DateTime(allow_none=True, metadata={"description": "when a link in it was first followed"})
    account = fields.Nested(AccountRefSchema, allow_none=True)
    journey = fields.Nested(JourneyKeyRefSchema, allow_none=True, metadata={
        "description": "the journey whose step put it in the outbox (null for a test email)"})
    step = fields.Nested(StepRefSchema, allow_none=True, metadata={
        "description": "that step, as the version the enrollment walked drew it"})


class OutboxListSchema(Schema):
    items = fields.List(fields.Nested(OutboxEmailSchema))
    total = fields.Integer(metadata={"description": "emails matching the filters in all (items is one page), "
                                                    "counted up to 10,000"})
    total_is_more = fields.Boolean(metadata={"description": "true when more than 10,000 match (total is then 10,000)"})


class ResendSchema(CleanSchema):
    """``{"confirm": true}``: the caller knows the recipient may get the email twice."""

    confirm = fields.Boolean(load_default=False, metadata={
        "description": "Required (true) for an uncertain or failed email: it may already have "
                       "reached the recipient."})
