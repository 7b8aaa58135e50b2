"""Segments, custom attributes, milestones, outcomes and playbooks."""
from __future__ import annotations

from marshmallow import fields, validate

from .common import CleanSchema, Name, TextLength

KEY = TextLength(min=1, max=100)


class SegmentJourneySchema(CleanSchema):
    key = fields.String()
    name = fields.String()
    status = fields.String(metadata={"description": "live, disabled or draft, as GET /api/journeys says it"})


class SegmentSchema(CleanSchema):
    key = fields.String(required=True, validate=KEY)
    name = Name(required=True)
    rule = fields.Dict(required=True)
    accounts = fields.Integer(dump_only=True)
    journeys = fields.List(fields.Nested(SegmentJourneySchema), dump_only=True,
                           metadata={"description": "GET one segment: the journeys naming it"})


class SegmentUpdateSchema(CleanSchema):
    name = Name()
    rule = fields.Dict()


class SegmentListSchema(CleanSchema):
    items = fields.List(fields.Nested(SegmentSchema))


class AttributeSchema(CleanSchema):
    key = fields.String(required=True, validate=KEY)
    label = Name(required=True, what="Label")
    type = fields.String(required=True, validate=validate.OneOf(("number", "text", "date", "boolean")))


class AttributeUpdateSchema(CleanSchema):
    label = Name(what="Label")
    type = fields.String(validate=validate.OneOf(("number", "text", "date", "boolean")))


class AttributeListSchema(CleanSchema):
    items = fields.List(fields.Nested(AttributeSchema))


class NamedSchema(CleanSchema):
    key = fields.String(required=True, validate=KEY)
    name = Name(required=True)


class NamedUpdateSchema(CleanSchema):
    name = Name()


class NamedListSchema(CleanSchema):
    items = fields.List(fields.Nested(NamedSchema))


class PlaybookSchema(NamedSchema):
    due_in_days = fields.Integer(required=True, validate=validate.Range(min=0, max=3650))


class PlaybookUpdateSchema(NamedUpdateSchema):
    due_in_days = fields.Integer(validate=validate.Range(min=0, max=3650))


class PlaybookListSchema(CleanSchema):
    items = fields.List(fields.Nested(PlaybookSchema))


class SegmentPreviewSchema(CleanSchema):
    rule = fields.Dict(required=True)
    key = fields.String(validate=KEY,
                        metadata={"description": "The segment being edited, so the rule gets the checks saving it would"})


class PreviewAccountSchema(CleanSchema):
    external_id = fields.String()
    name = fields.String(allow_none=True)


class SegmentPreviewResultSchema(CleanSchema):
    count = fields.Integer()
    sample = fields.List(fields.Nested(PreviewAccountSchema))
