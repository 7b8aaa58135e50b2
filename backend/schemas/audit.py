"""The audit log's query and entries (SPEC §10)."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from .common import MAX_INT, CleanSchema, TextLength


class DateOrDateTime(fields.Field):
    """``YYYY-MM-DD`` (a whole day) or an ISO 8601 date-time (naive = UTC)."""

    def _deserialize(self, value, attr, data, **kwargs):
        from datetime import date, datetime

        if not isinstance(value, str):
            raise ValidationError("Not a date: write YYYY-MM-DD or an ISO 8601 date-time.")
        try:
            if len(value) == 10:
                return date.fromisoformat(value)
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise ValidationError("Not a date: write YYYY-MM-DD or an ISO 8601 date-time.") from None


class AuditQuerySchema(CleanSchema):
    actor = fields.String(validate=TextLength(max=254),
                          metadata={"description": "a user's email or a token's name (exact, any case)"})
    object = fields.String(validate=TextLength(max=300),
                           metadata={"description": "target type, or type:id (journey:12)"})
    target_type = fields.String(validate=TextLength(max=40))
    target_id = fields.String(validate=TextLength(max=254))
    action = fields.String(validate=TextLength(max=64),
                           metadata={"description": "exact, or a prefix ending in '.' or '*' (journey.)"})
    since = DateOrDateTime(metadata={"description": "from this date or moment on"})
    until = DateOrDateTime(metadata={"description": "up to this moment (a date: that whole day)"})
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=MAX_INT))

    @validates_schema
    def _range(self, data, **_kwargs):
        since, until = data.get("since"), data.get("until")
        if since is not None and until is not None and type(since) is type(until) and since > until:
            raise ValidationError("since is after until.", field_name="since")


class AuditEntrySchema(Schema):
    id = fields.Integer()
    at = fields.DateTime()
    actor = fields.String()
    actor_type = fields.String(metadata={"enum": ["user", "token", "cli", "system"]})
    action = fields.String(metadata={"example": "journey.publish"})
    target_type = fields.String(metadata={"example": "journey"})
    target_id = fields.String(allow_none=True)
    object = fields.String(metadata={"example": "journey:12"})
    summary = fields.String()
    changes = fields.Raw(allow_none=True, metadata={"description": "before/after ({field: {from, to}}) "
                                                                  "or counts; secrets redacted"})


class AuditListSchema(Schema):
    items = fields.List(fields.Nested(AuditEntrySchema))
    total = fields.Integer()
    limit = fields.Integer()
    offset = fields.Integer()
    actors = fields.List(fields.String(), metadata={"description": "everyone in the log, for filters"})
