"""Event conditions (SPEC §7) → SQL over ``events``, with ``graph_engine.event_rules``' semantics.

``event_condition(name, field, rule, op, now, today, test)`` returns the
two-valued SQL for one ``event.<name>.count`` / ``event.<name>.last_at``
condition; ``op`` is the positive operator and the caller negates.

- ``count``: a correlated ``count(*)`` over ``(account_id, name, at)`` (the
  ``ix_events_account_name_at`` index) with ``at > now - within``; never NULL.
- ``last_at``: ``max(at)`` of the matching events; the rule's date tests become
  ranges of UTC midnights (``on d`` → ``d <= last < d + 1``), so no date
  function is needed and both databases agree with Python's calendar days.
- ``where``: typed JSON reads — ``json_typeof(properties -> key)`` and
  ``properties ->> key`` on PostgreSQL, ``json_type``/``json_extract`` on
  SQLite; texts fold ASCII case only (``translate`` / SQLite's ``lower``), as
  ``event_rules.ascii_fold`` does.
"""
from __future__ import annotations

import string
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import Float, and_, case, cast, false, func, literal, not_, or_, select, true
from sqlalchemy.sql.elements import ColumnElement

from graph_engine.event_rules import ascii_fold, where_type
from graph_engine.rulespec import date_value

from ..db.bulk_sql import is_postgresql
from ..models.accounts import Account
from ..models.events import Event

_UPPER, _LOWER = string.ascii_uppercase, string.ascii_lowercase


def event_condition(name: str, field: str, rule: dict, op: str, value, now: datetime, today: date,
                    position, whole: bool = False) -> ColumnElement[bool]:
    """The positive test of one event condition (see module docstring).

    ``whole``: the expression is evaluated for every account (a segment's full
    recompute): a count test that zero fails becomes ``id IN (SELECT account_id …
    GROUP BY account_id HAVING count(*) …)`` — one pass over the window's events
    (``ix_events_name_at``) instead of one index probe per account.
    """
    if whole and field == "count" and _excludes_zero(op, value):
        grouped = [Event.name == name]
        if rule.get("where") is not None:
            grouped.append(_where(rule["where"], position))
        if rule.get("within"):
            grouped.append(Event.at > now - timedelta(days=rule["within"]["days"]))
        return Account.id.in_(select(Event.account_id).where(*grouped).group_by(Event.account_id)
                              .having(_number(func.count(), op, value)))
    matching = [Event.account_id == Account.id, Event.name == name]
    where = rule.get("where")
    if where is not None:
        matching.append(_where(where, position))
    if field == "count":
        within = rule.get("within")
        if within:
            matching.append(Event.at > now - timedelta(days=within["days"]))
        count = select(func.count()).select_from(Event).where(*matching).correlate(Account) \
            .scalar_subquery()
        return _number(count, op, value)
    last = select(func.max(Event.at)).where(*matching).correlate(Account).scalar_subquery()
    if op == "is_set":
        return last.is_not(None)
    lo, hi = _day_range(op, value, today)
    tests = [last.is_not(None)]
    if lo is not None:
        tests.append(last >= _midnight(lo))
    if hi is not None:
        tests.append(last < _midnight(hi + timedelta(days=1)))
    return and_(*tests)


def _excludes_zero(op, value) -> bool:
    """Whether a count of 0 fails ``op value`` (then accounts without events need no look)."""
    if op == "between":
        return value[0] > 0
    if op not in ("gt", "gte", "eq"):
        return False
    return {"gt": value >= 0, "gte": value > 0, "eq": value != 0}[op]


def _number(col, op, value):
    if op == "is_set":
        return true()
    if op == "between":
        return and_(col >= value[0], col <= value[1])
    return {"eq": col == value, "gt": col > value, "gte": col >= value, "lt": col < value,
            "lte": col <= value}[op]


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=timezone.utc)


def _day(value, today: date) -> date:
    kind, amount = date_value(value)
    return amount if kind == "abs" else today + timedelta(days=amount)


def _day_range(op, value, today: date) -> tuple[date | None, date | None]:
    """Inclusive ``(first day, last day)`` a date op accepts (None: open)."""
    if op == "within_next":
        return today, today + timedelta(days=value["days"])
    if op == "within_last":
        return today - timedelta(days=value["days"]), today
    if op == "between":
        return _day(value[0], today), _day(value[1], today)
    day = _day(value, today)
    return {"before": (None, day - timedelta(days=1)), "after": (day + timedelta(days=1), None),
            "on": (day, day)}[op]


# -- where over the properties -------------------------------------------------
def _where(node, position) -> ColumnElement[bool]:
    if "all" in node:
        parts = [_where(c, position) for c in node["all"]]
        return and_(*parts) if parts else true()
    if "any" in node:
        parts = [_where(c, position) for c in node["any"]]
        return or_(*parts) if parts else false()
    if "not" in node:
        return not_(_where(node["not"], position))
    key = node["property"][len("properties."):]
    op, value = node["op"], node.get("value")
    positive = {"neq": "eq", "not_in": "in"}.get(op, op)
    test = _property_test(key, positive, value, position)
    return not_(test) if positive != op else test


def _property_test(key: str, op: str, value, position) -> ColumnElement[bool]:
    kind, raw = _typed(key)
    vtype = where_type(op, value)
    if vtype == "any":
        return kind.not_in(("", "null"))
    if vtype == "boolean":
        word = "true" if value else "false"
        return and_(kind == "boolean", raw == word) if is_postgresql() else kind == word
    if vtype == "number":
        if is_postgresql():  # cast only numbers: PostgreSQL may evaluate an AND's sides in any order
            number = case((kind == "number", cast(raw, Float)))
            return func.coalesce(_compare(number, op, value), false())
        return and_(kind.in_(("integer", "real")), _compare(raw, op, value))
    text = _fold(raw)
    is_text = kind == ("string" if is_postgresql() else "text")
    if op == "in":
        return and_(is_text, text.in_(sorted({ascii_fold(v) for v in value})))
    if op == "contains":
        return and_(is_text, position(text, ascii_fold(value)) > 0)
    return and_(is_text, text == ascii_fold(value))


def _compare(number, op, value):
    return {"eq": number == value, "gt": number > value, "gte": number >= value,
            "lt": number < value, "lte": number <= value}[op]


def _typed(key: str):
    """``(json type name, raw value)`` of ``properties.<key>`` in this dialect; the type is
    ``''`` for a missing key (never NULL: every test stays two-valued under ``not``)."""
    if is_postgresql():
        node = Event.properties.op("->")(literal(key))
        return func.coalesce(func.json_typeof(node), ""), Event.properties.op("->>")(literal(key))
    path = '$."' + key + '"'  # keys are [A-Za-z0-9_.-]: nothing to escape
    return func.coalesce(func.json_type(Event.properties, path), ""), \
        func.json_extract(Event.properties, path)


def _fold(raw):
    if is_postgresql():
        return func.translate(raw, _UPPER, _LOWER)
    return func.lower(raw)  # SQLite's lower() folds ASCII only
