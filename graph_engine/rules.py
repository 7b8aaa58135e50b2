"""Rules (SPEC §3): compile once to a predicate; explain for support staff.

Public functions
----------------
``compile_rule(rule) -> Predicate``
    ``rule`` is rule JSON. Returns ``pred(snapshot, today) -> bool``.
    Compiled predicates are cached by the rule's canonical JSON, so calling
    this per step is cheap. Raises :class:`~graph_engine.errors.RuleError`
    (``.problems``) when the rule is not well-formed; names are not looked
    up (use ``validate_rule`` with a catalog for that).
``evaluate(rule, snapshot, today) -> bool``
    ``compile_rule(rule)(snapshot, today)``.
``explainer(rule) -> fn(snapshot, today) -> dict``
    The cached explain function of one rule (the interpreter keeps it).
``explain(rule, snapshot, today) -> dict``
    ``{"verdict": bool, "rule": node}`` where a group node is
    ``{"all"|"any": [node, ...], "verdict": bool}`` or
    ``{"not": node, "verdict": bool}`` and a condition node is
    ``{"property", "op", "value", "actual", "verdict"}``. Every condition is
    evaluated (no short-circuit) so each shows its actual value.
    JSON-serialisable: dates become ISO strings, sets sorted lists. For
    ``subscription.*`` ``actual`` is the list of the subscriptions' values;
    for ``segment``/``milestone``/``outcome`` whether the key is met; for
    ``playbook`` the enrollment ``{"status", "due_on"}`` or None. Raises
    RuleError like ``compile_rule``.

The account snapshot
--------------------
A plain dict; every member is optional (missing means unset/empty)::

    {"account": {"external_id", "name", "stage", "status": str,
                 "mrr", "amount", "licenses": int | float | Decimal,
                 "created_on", "next_billing_on": datetime.date},
     "custom": {key: int | float | Decimal | str | bool | datetime.date},
     "subscriptions": [{<SUBSCRIPTION_FIELDS>: same value types}],
     "segments": set/frozenset of segment keys the account is in,
     "milestones": set of met milestone keys, "outcomes": set of met outcome keys,
     "playbooks": {key: {"status": "active" | "completed" | "overdue",
                         "due_on": datetime.date | None}},   # latest enrollment
     "user": {"csm": email | None, "sales_manager": email | None},
     "contacts": [{"name", "email", "role"}]}

Build one from account JSON with ``graph_engine.snapshot.snapshot_from_json``.

Semantics
---------
A missing key or None is *unset*, and so is a value of the wrong type for
the operator (a text where a number is compared, a ``datetime`` where a
``date`` is expected). On unset values positive operators are false and
``neq``, ``not_contains``, ``not_in``, ``is_not_set`` are true. Texts compare
case-insensitively (``str.lower``); ``between`` is inclusive. Date values are
ISO dates or ``{"days_from_now": N}`` counted from ``today``;
``within_next {"days": N}`` means ``today <= d <= today + N``,
``within_last`` ``today - N <= d <= today``. ``subscription.<field>`` holds
when any subscription satisfies the condition; with no subscriptions it is
judged as if unset. Playbook: ``active_in`` — status active or overdue;
``has_completed`` — completed; ``is_overdue`` — status overdue, or active
with ``due_on`` before ``today``; ``never_enrolled`` — no record. ``user.*``
``eq``/``neq`` compare emails case-insensitively. ``{"all": []}`` is true,
``{"any": []}`` false.

Predicates are generated Python functions (one expression per rule, values
bound as constants, no rule text ever becomes code), which is what makes
them run near the speed of a hand-written expression.
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from typing import Any, Callable, Mapping

from .errors import RuleError
from .event_rules import count_events, last_event_day, where_predicate
from .frozen import freeze, thaw
from .rulecheck import validate_rule
from .rulecodegen import compile_leaf, compile_tree
from .rulespec import MEMBERSHIP_PROPERTIES, split_property

Predicate = Callable[[Mapping, date], bool]
_EMPTY: Mapping = {}


def _canonical(rule) -> str:
    try:
        return json.dumps(rule, sort_keys=True, separators=(",", ":"))
    except (TypeError, ValueError) as exc:
        raise RuleError(f"rule is not JSON: {exc}") from None


@lru_cache(maxsize=4096)
def _compiled(key: str) -> Predicate:
    rule = json.loads(key)
    problems = validate_rule(rule, None)
    if problems:
        raise RuleError(f"bad rule: {problems[0].message}", problems)
    return compile_tree(rule)


def compile_rule(rule) -> Predicate:
    """Return the cached predicate ``pred(snapshot, today) -> bool`` for ``rule``."""
    return _compiled(_canonical(rule))


def evaluate(rule, snapshot: Mapping, today: date) -> bool:
    """Evaluate ``rule`` against ``snapshot`` on ``today``."""
    return compile_rule(rule)(snapshot, today)


def explain(rule, snapshot: Mapping, today: date) -> dict:
    """Return ``{"verdict", "rule"}`` with each condition's actual value and verdict."""
    return explainer(rule)(snapshot, today)


def explainer(rule) -> Callable[[Mapping, date], dict]:
    """The cached function behind ``explain`` for one rule (compile once, explain often)."""
    return _explainer(_canonical(rule))


@lru_cache(maxsize=4096)
def _explainer(key: str):
    _compiled(key)  # raises RuleError when malformed
    tree = _build(json.loads(key))

    def run(snapshot, today):
        node = tree(snapshot, today)
        return {"verdict": node["verdict"], "rule": node}
    return run


def _build(rule):
    for group, combine in (("all", all), ("any", any)):
        if group in rule:
            kids = [_build(child) for child in rule[group]]

            def run_group(s, t, kids=kids, group=group, combine=combine):
                children = [kid(s, t) for kid in kids]
                return {group: children, "verdict": combine(c["verdict"] for c in children)}
            return run_group
    if "not" in rule:
        kid = _build(rule["not"])

        def run_not(s, t):
            child = kid(s, t)
            return {"not": child, "verdict": not child["verdict"]}
        return run_not
    prop, op, value = rule["property"], rule["op"], rule.get("value")
    pred, frozen_value = compile_leaf(rule), freeze(value)
    if split_property(prop)[0] == "event":
        return _event_leaf(rule, pred)

    def run_leaf(s, t):
        return {"property": prop, "op": op, "value": thaw(frozen_value),
                "actual": actual_value(prop, value, s), "verdict": pred(s, t)}
    return run_leaf


def _event_leaf(rule, pred):
    """Explain an event condition: its ``within``/``where`` and the count or last day."""
    name, field = split_property(rule["property"])[1]
    where = where_predicate(rule.get("where"))
    days = (rule.get("within") or {}).get("days")
    extra = {k: rule[k] for k in ("within", "where") if rule.get(k) is not None}

    def run_event(s, t):
        actual = count_events(s, t, name, days, where) if field == "count" \
            else jsonable(last_event_day(s, name, where))
        return {"property": rule["property"], "op": rule["op"], "value": rule.get("value"), **extra,
                "actual": actual, "verdict": pred(s, t)}
    return run_event


def actual_value(prop: str, value: Any, snapshot: Mapping) -> Any:
    """The JSON-serialisable value ``prop`` has in ``snapshot`` (for explain).

    For segment/milestone/outcome: whether key ``value`` is met; for playbook:
    that playbook's record or None.
    """
    source, name = split_property(prop)
    if source == "event":  # the count over the whole snapshot; explain's leaf passes the rule
        return None
    if source in MEMBERSHIP_PROPERTIES:
        return value in (snapshot.get(MEMBERSHIP_PROPERTIES[source]) or ())
    if source == "playbook":
        return jsonable((snapshot.get("playbooks") or _EMPTY).get(value))
    if source == "subscription":
        return [jsonable(sub.get(name)) for sub in snapshot.get("subscriptions") or ()]
    section = {"account": "account", "custom": "custom", "user": "user"}[source]
    return jsonable((snapshot.get(section) or _EMPTY).get(name))


_SCALARS = frozenset({str, int, float, bool})


def jsonable(value: Any) -> Any:
    """Dates → ISO strings, sets → sorted lists, mappings/lists recursively."""
    if value is None or type(value) in _SCALARS:  # the common case, checked first
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(jsonable(v) for v in value)
    if isinstance(value, Mapping):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if value.__class__.__name__ == "Decimal":
        return float(value)
    return value
