"""Product events' request and response shapes (SPEC §7)."""
from __future__ import annotations

from datetime import date, datetime, time, timezone

from marshmallow import Schema, ValidationError, fields, validate

from .common import CleanSchema, TextLength


class RawList(fields.List):
    """A list kept as sent (documented as an array): each row is checked by the service, and
    10,000 no-op item loads cost a tenth of a bulk request."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, list):
            raise ValidationError("Not a valid list.")
        return value


class EventsInSchema(Schema):
    """``{"events": [...]}``: rows stay raw here; each is checked on its own (its error by index)."""

    events = RawList(fields.Dict(), required=True, validate=validate.Length(max=10_000),
                     metadata={"description": "SPEC §7 events: {id?, account, name, at?, properties?}"})


class EventErrorSchema(Schema):
    index = fields.Integer()
    error = fields.Dict(keys=fields.String(), values=fields.String())


class EventsResultSchema(Schema):
    accepted = fields.Integer()
    duplicates = fields.Integer()
    errors = fields.List(fields.Nested(EventErrorSchema))


class Moment(fields.Field):
    """``YYYY-MM-DD`` (its UTC midnight) or an ISO 8601 date-time (naive = UTC)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str):
            raise ValidationError("Not a date: write YYYY-MM-DD or an ISO 8601 date-time.")
        try:
            moment = datetime.combine(date.fromisoformat(value), time(0)) if len(value) == 10 \
                else datetime.fromisoformat(value)
        except ValueError:
            raise ValidationError("Not a date: write YYYY-MM-DD or an ISO 8601 date-time.") from None
        return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


class EventQuerySchema(CleanSchema):
    account = fields.String(validate=TextLength(min=1, max=200),
                            metadata={"description": "the account's external_id"})
    name = fields.String(validate=TextLength(min=1, max=64))
    since = Moment(metadata={"description": "events at or after this date or moment"})
    before = Moment(metadata={"description": "events before this moment (the next page: next_before)"})
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=1000))


class EventOutSchema(Schema):
    id = fields.String(allow_none=True, metadata={"description": "the sender's id, if it gave one"})
    account = fields.String()
    name = fields.String()
    at = fields.String()
    properties = fields.Dict()


class EventListSchema(Schema):
    items = fields.List(fields.Nested(EventOutSchema))
    next_before = fields.String(allow_none=True)


class EventNameSchema(Schema):
    name = fields.String()
    count_30d = fields.Integer()
    last_at = fields.String(allow_none=True)
    properties = fields.Dict(keys=fields.String(), values=fields.String(),
                             metadata={"description": "key → number | text | boolean | date"})
