"""Email templates: bodies, responses and the preview request."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate

from .common import CleanSchema

_subject = validate.Length(min=1, max=500)
_body = validate.Length(max=100_000)


class TemplateSchema(CleanSchema):
    key = fields.String(required=True, validate=validate.Length(min=1, max=100),
                        metadata={"example": "onboarding-1"})
    subject = fields.String(required=True, validate=_subject)
    body = fields.String(required=True, validate=_body)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


class TemplateUpdateSchema(CleanSchema):
    subject = fields.String(validate=_subject)
    body = fields.String(validate=_body)


class TemplateListSchema(Schema):
    items = fields.List(fields.Nested(TemplateSchema))


def _account_ref(value):
    if isinstance(value, dict) or (isinstance(value, str) and value.strip()):
        return
    raise ValidationError("an account JSON object, or a stored account's external_id")


class TemplatePreviewSchema(CleanSchema):
    account = fields.Raw(load_default=dict, validate=_account_ref,
                         metadata={"description": "sample account JSON (SPEC §5) or an external_id"})
    contact = fields.Dict(metadata={"description": "{name, email, role}; default: the first contact"})


class RenderedSchema(Schema):
    subject = fields.String()
    body = fields.String()
