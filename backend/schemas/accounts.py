"""Account JSON (SPEC §5): request bodies and responses.

Strict on input: unknown fields, wrong JSON types (a string where a number
is due, a number where text is due), impossible dates (2026-02-30) and NUL
characters are 422s naming the field. Custom values are checked against
the attributes' declared types by the service (it knows the definitions).
"""
from __future__ import annotations

import math
from datetime import date

from marshmallow import Schema, ValidationError, fields, validate

from graph_engine.catalog import SUBSCRIPTION_FIELDS


class StrictNumber(fields.Field):
    """A JSON number (int or float, not bool, finite); loads as float."""

    default_error_messages = {"invalid": "Not a valid number."}

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, (int, float)) \
                or not math.isfinite(value):
            raise self.make_error("invalid")
        return float(value)

    def _serialize(self, value, attr, obj, **kwargs):
        return value


class Text(fields.String):
    """A string without NUL characters (PostgreSQL cannot store them)."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in text:
            raise ValidationError("Must not contain NUL characters.")
        return text


class JsonValue(fields.Field):
    """Any JSON value on input; dates become ISO strings on output."""

    def _deserialize(self, value, attr, data, **kwargs):
        return value

    def _serialize(self, value, attr, obj, **kwargs):
        return value.isoformat() if isinstance(value, date) else value


def _text(max_len: int = 1000, **kw):
    return Text(allow_none=True, validate=validate.Length(max=max_len), **kw)


class ContactSchema(Schema):
    name = _text(300)
    email = fields.Email(required=True, validate=validate.Length(max=254))
    role = _text(100)


def _subscription_fields() -> dict:
    kinds = {"text": lambda: _text(), "number": lambda: StrictNumber(allow_none=True),
             "date": lambda: fields.Date(allow_none=True)}
    return {name: kinds[kind]() for name, kind in SUBSCRIPTION_FIELDS.items()}


SubscriptionSchema = Schema.from_dict(_subscription_fields(), name="SubscriptionSchema")


class AccountSchema(Schema):
    """An account as written by PUT/PATCH/bulk (``external_id`` optional except in bulk)."""

    external_id = Text(validate=validate.Length(min=1, max=200))
    name = _text()
    mrr = StrictNumber(allow_none=True)
    amount = StrictNumber(allow_none=True)
    licenses = StrictNumber(allow_none=True)
    created_on = fields.Date(allow_none=True)
    next_billing_on = fields.Date(allow_none=True)
    stage = _text(200)
    status = _text(200)
    csm = fields.Email(allow_none=True)
    sales_manager = fields.Email(allow_none=True)
    custom = fields.Dict(keys=fields.String(), values=JsonValue(allow_none=True))
    subscriptions = fields.List(fields.Nested(SubscriptionSchema))
    contacts = fields.List(fields.Nested(ContactSchema))


class AccountOutSchema(Schema):
    external_id = fields.String()
    name = fields.String(allow_none=True)
    mrr = fields.Float(allow_none=True)
    amount = fields.Float(allow_none=True)
    licenses = fields.Float(allow_none=True)
    created_on = fields.Date(allow_none=True)
    next_billing_on = fields.Date(allow_none=True)
    stage = fields.String(allow_none=True)
    status = fields.String(allow_none=True)
    csm = fields.String(allow_none=True)
    sales_manager = fields.String(allow_none=True)
    custom = fields.Dict(keys=fields.String(), values=JsonValue())
    subscriptions = fields.List(fields.Dict(keys=fields.String(), values=JsonValue()))
    contacts = fields.List(fields.Nested(ContactSchema))
    segments = fields.List(fields.String())
    milestones = fields.List(fields.String())
    outcomes = fields.List(fields.String())
    playbooks = fields.Dict(keys=fields.String(),
                            values=fields.Dict(keys=fields.String(), values=JsonValue()))
    updated_at = fields.DateTime()


class AccountListSchema(Schema):
    items = fields.List(fields.Nested(AccountOutSchema))
    total = fields.Integer()


class AccountQuerySchema(Schema):
    q = fields.String(validate=validate.Length(max=200))
    segment = fields.String()
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=1000))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0))


class BulkSchema(Schema):
    """``{"accounts": [...]}``: rows stay raw here; each is validated on its own."""

    accounts = fields.List(fields.Raw(), required=True,
                           validate=validate.Length(max=10_000))


class BulkErrorSchema(Schema):
    index = fields.Integer()
    external_id = fields.Raw(allow_none=True)
    error = fields.Dict()


class BulkResultSchema(Schema):
    created = fields.Integer()
    updated = fields.Integer()
    errors = fields.List(fields.Nested(BulkErrorSchema))


class MarkSchema(Schema):
    key = fields.String()
    met = fields.Boolean()
    met_at = fields.DateTime(allow_none=True)


class PlaybookEnrollSchema(Schema):
    playbook = fields.String(required=True)


class PlaybookEnrollmentSchema(Schema):
    playbook = fields.String()
    status = fields.String()
    overdue = fields.Boolean()
    enrolled_at = fields.DateTime()
    due_on = fields.Date(allow_none=True)
    completed_at = fields.DateTime(allow_none=True)


class PlaybookEnrollmentListSchema(Schema):
    items = fields.List(fields.Nested(PlaybookEnrollmentSchema))


class PlaybookUpdateSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(("active", "completed")))
