"""The suppression list: the list query, a suppression, and the body that adds one."""
from __future__ import annotations

from marshmallow import Schema, fields

from .common import CleanSchema, JourneyKeyRefSchema, PageSchema, StepRefSchema, TextLength


class SuppressionQuerySchema(PageSchema):
    q = fields.String(validate=TextLength(max=254),
                      metadata={"description": "part of the address"})
    account = fields.String(validate=TextLength(min=1, max=200),
                            metadata={"description": "an account's external_id: its contacts' addresses"})


class SuppressionSchema(Schema):
    address = fields.String()
    reason = fields.String(metadata={"description": "unsubscribed | manual"})
    source = fields.String(metadata={"description": "link | one_click | api"})
    note = fields.String(allow_none=True)
    journey = fields.Nested(JourneyKeyRefSchema, allow_none=True,
                            metadata={"description": "the journey whose email the person unsubscribed from"})
    step = fields.Nested(StepRefSchema, allow_none=True, metadata={
        "description": "the step that sent that email, named as the outbox names it (its label on "
                       "the canvas, as the version the enrollment walked drew it)"})
    node_id = fields.String(allow_none=True, metadata={"description": "that step's node id (also `step.id`)"})
    created_by = fields.String(allow_none=True)
    created_at = fields.DateTime()


class SuppressionListSchema(Schema):
    items = fields.List(fields.Nested(SuppressionSchema))
    total = fields.Integer()


class SuppressionCreateSchema(CleanSchema):
    address = fields.String(required=True, validate=TextLength(min=3, max=254),
                            metadata={"example": "ana@customer.example"})
    note = fields.String(allow_none=True, validate=TextLength(max=1000))
