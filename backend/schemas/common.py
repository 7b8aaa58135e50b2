"""A base schema for request bodies and queries, and the field types people type into.

PostgreSQL text columns cannot store ``\\x00`` (the driver raises), and no
legitimate input needs it, so ``CleanSchema`` refuses it up front with a 422
naming the problem, on SQLite and PostgreSQL alike. The walk is iterative, so
deeply nested JSON cannot exhaust the stack. A required field left out says
"Required." (not marshmallow's "Missing data for required field.").

``Name`` is the field for what people read as something's name — a name, label,
title or subject: the spaces around it are dropped, and one that is empty or only
spaces is refused ("Name cannot be blank."), so no list shows a row nobody can
click or a form a field without a label. Keys keep their own rules (a slug or an
email); ``TextLength`` says their length problems in words ("Required.", "At most
100 characters.").
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


REQUIRED = "Required."


class TextLength(validate.Length):
    """``validate.Length`` in words: an empty text where one is needed is "Required.", one too
    long "At most 200 characters." (not "Length must be between 1 and 200.")."""

    def __call__(self, value):
        length = len(value)
        if self.min is not None and length < self.min:
            raise ValidationError(REQUIRED if self.min == 1 else f"At least {self.min} characters.")
        if self.max is not None and length > self.max:
            raise ValidationError(f"At most {self.max} characters.")
        return value


class Name(fields.String):
    """A name, label, title or subject people read: loads without the spaces around it; empty,
    only spaces or null is refused with "<What> cannot be blank." (``what``: the field's word,
    "Name", "Label", "Subject"...); longer than ``max_length`` (after the spaces go) is too long."""

    def __init__(self, *, max_length: int = 200, what: str = "Name", **kwargs):
        validators = kwargs.pop("validate", None)
        validators = [validators] if callable(validators) else list(validators or ())
        blank = f"{what} cannot be blank."
        kwargs["error_messages"] = {"blank": blank, "null": blank, **(kwargs.get("error_messages") or {})}
        super().__init__(validate=[TextLength(max=max_length), *validators], **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        if not text:
            raise self.make_error("blank")
        if "\x00" in text:
            raise ValidationError("Must not contain NUL characters.")
        return text


class CleanSchema(Schema):
    """Base for every schema that loads client input (see module docstring)."""

    def on_bind_field(self, field_name, field_obj):
        if field_obj.error_messages.get("required") == fields.Field.default_error_messages["required"]:
            field_obj.error_messages = {**field_obj.error_messages, "required": REQUIRED}

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
