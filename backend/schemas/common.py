"""A base schema for request bodies and queries: text may not hold NUL characters.

PostgreSQL text columns cannot store ``\\x00`` (the driver raises), and no
legitimate input needs it, so ``CleanSchema`` refuses it up front with a 422
naming the problem, on SQLite and PostgreSQL alike. The walk is iterative, so
deeply nested JSON cannot exhaust the stack.
"""
from __future__ import annotations

from collections.abc import Mapping

from marshmallow import Schema, ValidationError, pre_load


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
