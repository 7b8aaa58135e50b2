"""Product events in rules (SPEC §7): ``event.<name>.count`` and ``event.<name>.last_at``.

A condition on an event property::

    {"property": "event.login.count", "within": {"days": 7}, "op": "gte", "value": 3,
     "where": {"all": [{"property": "properties.plan", "op": "eq", "value": "pro"}]}}

Snapshot member ``events``: ``{name: ((at, properties), ...)}`` — aware UTC
datetimes, oldest first, holding at least the events the rules need (a name
missing means no events), and ``now`` (aware datetime) — the moment windows
count back from; without it, the end of ``today`` (UTC midnight after it).

Semantics (the SQL compiler in ``backend.segments`` has the same):

- ``count`` — how many events of that name match ``where`` with
  ``at > now - within.days`` (no ``within``: every kept event). Never unset
  (0 when none): number ops; ``is_set`` is always true.
- ``last_at`` — the UTC calendar day of the latest matching event (any
  time); unset when none. Date ops. ``within`` only applies to ``count``.
- ``where`` — ``all``/``any``/``not`` groups over conditions
  ``{"property": "properties.<key>", "op", "value"}``; ops ``eq neq in
  not_in contains gt gte lt lte is_set``. The type comes from the value: a
  number compares numbers (``eq``/``neq``/``gt``...), a text compares texts
  with ASCII case folded (``eq``/``neq``/``contains``/``in``/``not_in``), a
  boolean ``eq``/``neq`` booleans. A property of another type, missing, or
  null is unset: positive ops false, ``neq``/``not_in`` true.

Public: ``parse_event_property(prop) -> (name, field) | None``,
``where_problems(where, path) -> [message]``, ``where_predicate(where)``,
``count_events``, ``last_event_day``, ``rule_event_windows(rule)`` and
``merge_windows`` (what a snapshot must hold), ``EVENT_NAME``.
"""

from __future__ import annotations

import json
import re
import string
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache

from .rulespec import is_int, is_number

EVENT_NAME = re.compile(r"[a-z0-9_.\-]{1,64}\Z")
PROPERTY_KEY = re.compile(r"[A-Za-z0-9_.\-]{1,64}\Z")
EVENT_FIELDS = ("count", "last_at")
WHERE_OPS = ("eq", "neq", "in", "not_in", "contains", "gt", "gte", "lt", "lte", "is_set")
MAX_WINDOW_DAYS = 3653
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_NUM_OPS = frozenset({"eq", "neq", "gt", "gte", "lt", "lte"})
_TEXT_OPS = frozenset({"eq", "neq", "contains", "in", "not_in"})


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters only (what both databases' SQL can do identically)."""
    return text.translate(_ASCII_LOWER)


def parse_event_property(prop) -> tuple[str, str] | None:
    """``event.<name>.count`` / ``event.<name>.last_at`` → ``(name, field)``; else None."""
    if not isinstance(prop, str) or not prop.startswith("event."):
        return None
    for field in EVENT_FIELDS:
        if prop.endswith("." + field):
            name = prop[len("event."):-len(field) - 1]
            return (name, field) if EVENT_NAME.match(name) else None
    return None


def where_type(op, value) -> str | None:
    """The type a where condition compares as (``any`` for is_set), or None if it fits none."""
    if op == "is_set":
        return "any"
    if op in ("in", "not_in"):
        ok = isinstance(value, list) and value and all(isinstance(v, str) for v in value)
        return "text" if ok else None
    if isinstance(value, bool):
        return "boolean" if op in ("eq", "neq") else None
    if is_number(value):
        return "number" if op in _NUM_OPS else None
    if isinstance(value, str):
        return "text" if op in _TEXT_OPS else None
    return None


def where_problems(where, path: str = "where") -> list[str]:
    """Messages for what is wrong in a ``where`` (empty: fine)."""
    out: list[str] = []
    _check_where(where, path, 0, out)
    return out


def _check_where(node, path, depth, out) -> None:
    if depth > 16:
        out.append(f"{path}: nested too deep")
        return
    if not isinstance(node, dict):
        out.append(f"{path}: must be an object")
        return
    for group in ("all", "any"):
        if group in node:
            if set(node) != {group} or not isinstance(node[group], list):
                out.append(f"{path}: {group} must be the only key and hold a list")
                return
            for i, child in enumerate(node[group]):
                _check_where(child, f"{path}.{group}[{i}]", depth + 1, out)
            return
    if "not" in node:
        if set(node) != {"not"}:
            out.append(f"{path}: not must be the only key")
            return
        _check_where(node["not"], f"{path}.not", depth + 1, out)
        return
    extra = set(node) - {"property", "op", "value"}
    if extra:
        out.append(f"{path}: unknown key {sorted(extra)[0]!r}")
    prop, op = node.get("property"), node.get("op")
    if not isinstance(prop, str) or not prop.startswith("properties.") \
            or not PROPERTY_KEY.match(prop[len("properties."):]):
        out.append(f"{path}: property must be properties.<key> (letters, digits, _ . -)")
        return
    if op not in WHERE_OPS:
        out.append(f"{path}: op must be one of {', '.join(WHERE_OPS)}")
        return
    value = node.get("value")
    if op == "is_set":
        if value is not None:
            out.append(f"{path}: is_set takes no value")
        return
    if where_type(op, value) is None:
        out.append(f"{path}: {op} cannot compare {json.dumps(value)[:40]}")
    elif is_number(value) and not (-1e15 <= value <= 1e15):
        out.append(f"{path}: the number is out of range")


def window_problem(within) -> str | None:
    """Why a ``within`` is not ``{"days": N}`` with 1 <= N <= MAX_WINDOW_DAYS (None: fine)."""
    ok = isinstance(within, dict) and set(within) == {"days"} and is_int(within["days"]) \
        and 1 <= within["days"] <= MAX_WINDOW_DAYS
    return None if ok else f'within must be {{"days": N}} with 1 <= N <= {MAX_WINDOW_DAYS}'


# -- evaluation ---------------------------------------------------------------
def where_predicate(where):
    """``where`` (validated, or None) → ``fn(properties) -> bool`` (cached)."""
    if where is None:
        return None
    return _where_cached(json.dumps(where, sort_keys=True))


@lru_cache(maxsize=2048)
def _where_cached(key: str):
    return _build_where(json.loads(key))


def _build_where(node):
    if "all" in node:
        kids = [_build_where(c) for c in node["all"]]
        return lambda p: all(k(p) for k in kids)
    if "any" in node:
        kids = [_build_where(c) for c in node["any"]]
        return lambda p: any(k(p) for k in kids)
    if "not" in node:
        kid = _build_where(node["not"])
        return lambda p: not kid(p)
    key = node["property"][len("properties."):]
    op, value = node["op"], node.get("value")
    negate = op in ("neq", "not_in")
    test = _positive({"neq": "eq", "not_in": "in"}.get(op, op), value)
    if negate:
        return lambda p: not test(p.get(key))
    return lambda p: test(p.get(key))


def _positive(op, value):
    kind = where_type(op, value)
    if kind == "any":
        return lambda v: v is not None
    if kind == "boolean":
        return lambda v: v.__class__ is bool and v == value
    if kind == "number":
        compare = {"eq": lambda v: v == value, "gt": lambda v: v > value, "gte": lambda v: v >= value,
                   "lt": lambda v: v < value, "lte": lambda v: v <= value}[op]
        return lambda v: is_number(v) and compare(v)
    if op == "in":
        wanted = frozenset(ascii_fold(v) for v in value)
        return lambda v: v.__class__ is str and ascii_fold(v) in wanted
    folded = ascii_fold(value)
    if op == "contains":
        return lambda v: v.__class__ is str and folded in ascii_fold(v)
    return lambda v: v.__class__ is str and ascii_fold(v) == folded


def snapshot_now(snapshot, today: date) -> datetime:
    """The moment event windows count back from (see module docstring)."""
    now = snapshot.get("now")
    if now is not None:
        return now
    return datetime.combine(today + timedelta(days=1), time(0), tzinfo=timezone.utc)


def count_events(snapshot, today: date, name: str, days, where_fn) -> int:
    """How many ``name`` events match (see module docstring)."""
    events = (snapshot.get("events") or _EMPTY).get(name) or ()
    if days is not None:
        since = snapshot_now(snapshot, today) - timedelta(days=days)
        events = [e for e in events if e[0] > since]
    if where_fn is None:
        return len(events)
    return sum(1 for _, props in events if where_fn(props or _EMPTY))


def last_event_day(snapshot, name: str, where_fn) -> date | None:
    """The UTC day of the latest matching ``name`` event, or None."""
    events = (snapshot.get("events") or _EMPTY).get(name) or ()
    latest = None
    for at, props in events:
        if (where_fn is None or where_fn(props or _EMPTY)) and (latest is None or at > latest):
            latest = at
    return latest.astimezone(timezone.utc).date() if latest is not None else None


_EMPTY: dict = {}


# -- what a snapshot must hold ---------------------------------------------------
ALL_HISTORY = None


def merge_windows(into: dict, name: str, days) -> None:
    """Widen ``into[name]`` to cover ``days`` (None: all history)."""
    if name in into and (into[name] is None or (days is not None and into[name] >= days)):
        return
    into[name] = days


def rule_event_windows(rule, into: dict | None = None) -> dict:
    """``{event name: days of history the rule reads (None: all)}`` for a rule."""
    out = {} if into is None else into
    stack = [rule]
    while stack:
        item = stack.pop()
        if not isinstance(item, dict):
            continue
        for group in ("all", "any"):
            if isinstance(item.get(group), list):
                stack.extend(item[group])
        if isinstance(item.get("not"), dict):
            stack.append(item["not"])
        parsed = parse_event_property(item.get("property"))
        if parsed is None:
            continue
        name, field = parsed
        within = item.get("within")
        days = within.get("days") if field == "count" and isinstance(within, dict) else None
        merge_windows(out, name, days)
    return out


def uses_events(rule) -> bool:
    """Whether a rule reads any event property."""
    return bool(rule_event_windows(rule))


def first_event_since(snapshot, name: str, since: datetime, where_fn):
    """The earliest ``(at, properties)`` of ``name`` at or after ``since`` matching, or None."""
    best = None
    for at, props in (snapshot.get("events") or _EMPTY).get(name) or ():
        if at >= since and (where_fn is None or where_fn(props or _EMPTY)) \
                and (best is None or at < best[0]):
            best = (at, props)
    return best
