"""A base schema for request bodies and queries: text may not hold NUL characters.

PostgreSQL text columns cannot store ``\\x00`` (the driver raises), and no
legitimate input needs it, so ``CleanSchema`` refuses it up front with a 422
naming the problem, on SQLite and PostgreSQL alike. The walk is iterative, so
deeply nested JSON cannot exhaust the stack.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

from marshmallow import Schema, ValidationError, fields, pre_load, validate

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class IsoDate(fields.Date):
    """A date written exactly ``YYYY-MM-DD`` (marshmallow's Date also takes ``20260101``)."""

    default_error_messages = {"invalid": "Not a valid date: write it as YYYY-MM-DD."}

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


def contains_nul(value) -> bool:
    """True if any string (or mapping key) anywhere in ``value`` holds a NUL character."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, Mapping):
            for key, inner in item.items():
                stack.append(key)
                stack.append(inner)
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return False


class CleanSchema(Schema):
    """Base for every schema that loads client input (see module docstring)."""

    @pre_load
    def _refuse_nul(self, data, **_kwargs):
        if contains_nul(data):
            raise ValidationError("Text may not contain NUL (\\u0000) characters.", field_name="_schema")
        return data


MAX_INT = 2**31 - 1  # the databases' INTEGER: no id or version can be larger


class PageSchema(CleanSchema):
    """``limit`` (1–1000, default 200) and ``offset`` query arguments of a list."""

    limit = fields.Integer(load_default=200, validate=validate.Range(min=1, max=1000))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=MAX_INT))


class JourneyKeyRefSchema(Schema):
    """A journey named in another object's JSON (an outbox email's, an entry check's)."""
    id = fields.Integer()
    key = fields.String()
    name = fields.String()


class StepRefSchema(Schema):
    """The journey step that made something (an outbox email, an unsubscribe), as the canvas
    names it (``backend/services/step_origins.py``)."""
    id = fields.String(metadata={"description": "the node id"})
    label = fields.String(allow_none=True, metadata={"description": "its name on the canvas; null: its default name"})
    type = fields.String(allow_none=True, metadata={"description": "node type (null: not in the graph any more)"})
    action = fields.String(allow_none=True, metadata={"description": "the action, for an action node"})


class AccountRefSchema(Schema):
    external_id = fields.String()
    name = fields.String(allow_none=True)
