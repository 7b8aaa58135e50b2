"""Email templates: bodies, responses and the preview request."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields

from .common import CleanSchema, Name, TextLength

_body = TextLength(max=100_000)


class TemplateSchema(CleanSchema):
    key = fields.String(required=True, validate=TextLength(min=1, max=100),
                        metadata={"example": "onboarding-1"})
    subject = Name(required=True, max_length=500, what="Subject")
    body = fields.String(required=True, validate=_body,
                         metadata={"description": "the text part (and the whole email when there is no HTML)"})
    html_body = fields.String(allow_none=True, load_default=None, validate=_body, metadata={
        "description": "optional HTML part: the email goes out as multipart/alternative"})
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


class TemplateUpdateSchema(CleanSchema):
    subject = Name(max_length=500, what="Subject")
    body = fields.String(validate=_body)
    html_body = fields.String(allow_none=True, validate=_body,
                              metadata={"description": "empty or null: no HTML part"})


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
    html_body = fields.String(allow_none=True)


class TestSendSchema(CleanSchema):
    account = fields.String(required=True, validate=TextLength(min=1, max=200),
                            metadata={"description": "a stored account's external_id: rendered for it "
                                                     "(its first contact)"})
    to = fields.String(validate=TextLength(min=3, max=254), metadata={
        "description": "a staff user's email; default: the signed-in user (required for API tokens)"})


class TestSendContentSchema(TestSendSchema):
    subject = Name(required=True, max_length=500, what="Subject")
    body = fields.String(required=True, validate=_body)
    html_body = fields.String(allow_none=True, validate=_body)


class TestSentSchema(Schema):
    id = fields.Integer(metadata={"description": "the outbox email"})
    to = fields.String()
    subject = fields.String()
    status = fields.String(metadata={"description": "queued (delivered shortly) or kept (no SMTP_URL)"})
