"""The rule language of SPEC §3 as data: properties, operators, value shapes.

Shared by the rule checker (:mod:`graph_engine.rulecheck`) and the compiler
(:mod:`graph_engine.rules`) so both read one definition.

- ``OPS_BY_TYPE`` — operators allowed per attribute type, in SPEC order (the
  first is what a rule builder offers first).
- ``MEMBERSHIP_PROPERTIES`` — ``segment``/``milestone``/``outcome`` → the
  snapshot member holding the set of met keys.
- ``PLAYBOOK_OPS``, ``MEMBERSHIP_OPS``, ``USER_OPS`` (ordered), ``NO_VALUE_OPS``.
- ``NEGATED_OPS`` — each negative operator → the positive one it is ``not`` of
  (``neq`` → ``eq``...): an unset value fails the positive test, so it passes
  the negative one.
- ``split_property(prop)`` → ``(source, name)`` with source in
  ``account custom subscription user segment milestone outcome playbook``
  (or ``("event", (event name, "count" | "last_at"))``, see ``event_rules``),
  or None when the property is not in the language.
- ``infer_type(op, value)`` → the value type an operator/value pair works on
  (``eq``/``neq`` by the value's JSON type, ``between`` by its bounds).
- ``value_problem(type, op, value)`` → an error message, or None if fits.
- ``parse_iso_date(text)`` → ``datetime.date`` or None (strict YYYY-MM-DD).
- ``date_value(value)`` → ``("abs", date)``, ``("rel", days)`` or None.
"""

from __future__ import annotations

import re
from datetime import date

OPS_BY_TYPE = {
    "number": ("eq", "neq", "gt", "gte", "lt", "lte", "between", "is_set", "is_not_set"),
    "text": ("eq", "neq", "contains", "not_contains", "in", "not_in", "is_set", "is_not_set"),
    "date": ("before", "after", "on", "between", "within_next", "within_last", "is_set",
             "is_not_set"),
    "boolean": ("is_true", "is_false", "is_set", "is_not_set"),
}
ALL_FIELD_OPS = frozenset().union(*OPS_BY_TYPE.values())
MEMBERSHIP_PROPERTIES = {"segment": "segments", "milestone": "milestones", "outcome": "outcomes"}
MEMBERSHIP_OPS = ("has_met", "has_not_met")
PLAYBOOK_OPS = ("active_in", "never_enrolled", "has_completed", "is_overdue")
USER_OPS = ("eq", "neq", "is_set", "is_not_set")
NEGATED_OPS = {"neq": "eq", "not_contains": "contains", "not_in": "in", "is_not_set": "is_set"}
USER_FIELDS = frozenset({"csm", "sales_manager"})
NO_VALUE_OPS = frozenset({"is_set", "is_not_set", "is_true", "is_false"})
MAX_RULE_DEPTH = 32

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_TYPE_OF_OP = {
    "gt": "number", "gte": "number", "lt": "number", "lte": "number",
    "contains": "text", "not_contains": "text", "in": "text", "not_in": "text",
    "before": "date", "after": "date", "on": "date", "within_next": "date",
    "within_last": "date", "is_true": "boolean", "is_false": "boolean",
}


def is_number(value) -> bool:
    """True for int/float JSON numbers (bool excluded)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_int(value) -> bool:
    """True for JSON integers (bool excluded)."""
    return isinstance(value, int) and not isinstance(value, bool)


def parse_iso_date(text) -> date | None:
    """``YYYY-MM-DD`` → date; None for anything else (2026-02-30 included)."""
    if not isinstance(text, str) or not _ISO.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def date_value(value):
    """A rule date value → ``("abs", date)`` | ``("rel", n_days)`` | None."""
    if isinstance(value, str):
        parsed = parse_iso_date(value)
        return ("abs", parsed) if parsed else None
    if isinstance(value, dict) and set(value) == {"days_from_now"} and is_int(value["days_from_now"]):
        return ("rel", value["days_from_now"])
    return None


def split_property(prop):
    """Property string → (source, name) or None if not in the language."""
    if not isinstance(prop, str):
        return None
    if prop in MEMBERSHIP_PROPERTIES or prop == "playbook":
        return (prop, None)
    if prop.startswith("event."):  # event.<name>.count | event.<name>.last_at (SPEC §7)
        from .event_rules import parse_event_property
        parsed = parse_event_property(prop)
        return ("event", parsed) if parsed else None
    source, dot, name = prop.partition(".")
    if not dot or not name:
        return None
    if source == "user":
        return ("user", name) if name in USER_FIELDS else None
    if source in ("account", "custom", "subscription"):
        return (source, name)
    return None


def infer_type(op, value) -> str | None:
    """The attribute type an op/value pair compares as (``any`` for is_set)."""
    if op in ("is_set", "is_not_set"):
        return "any"
    if op in _TYPE_OF_OP:
        return _TYPE_OF_OP[op]
    if op in ("eq", "neq"):
        if is_number(value):
            return "number"
        return "text" if isinstance(value, str) else None
    if op == "between" and isinstance(value, list) and len(value) == 2:
        if all(is_number(v) for v in value):
            return "number"
        return "date"
    return None


def value_problem(vtype: str, op: str, value) -> str | None:
    """Why ``value`` does not fit ``op`` on a ``vtype`` attribute (None: fits)."""
    if op in NO_VALUE_OPS:
        return None if value is None else f"{op} takes no value"
    if vtype == "number":
        if op == "between":
            ok = isinstance(value, list) and len(value) == 2 and all(is_number(v) for v in value)
            return None if ok else "between needs [low, high] numbers"
        return None if is_number(value) else f"{op} needs a number"
    if vtype == "text":
        if op in ("in", "not_in"):
            ok = isinstance(value, list) and value and all(isinstance(v, str) for v in value)
            return None if ok else f"{op} needs a non-empty list of texts"
        return None if isinstance(value, str) else f"{op} needs a text"
    if vtype == "date":
        if op in ("within_next", "within_last"):
            ok = isinstance(value, dict) and set(value) == {"days"} and is_int(value["days"]) \
                and value["days"] >= 0
            return None if ok else f'{op} needs {{"days": N}} with N >= 0'
        if op == "between":
            ok = isinstance(value, list) and len(value) == 2 and all(date_value(v) for v in value)
            return None if ok else "between needs [from, to] dates"
        ok = date_value(value) is not None
        return None if ok else f'{op} needs an ISO date or {{"days_from_now": N}}'
    return f"{op} does not apply to {vtype}"
