"""Bounds: a graph that validates never makes the engine overflow (issue 18).

Each row puts one out-of-range number into the full graph and expects its code on
its node; the edge of each bound (exactly ten years, ±1e15) stays valid, and every
graph that validates can be advanced by the interpreter's date arithmetic.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from ge_helpers import CATALOG, full_graph

from graph_engine import validate
from graph_engine.bounds import MAX_DAYS, MAX_NUMBER, MAX_RULE_DAYS, rule_bound_problems
from graph_engine.interpreter_wait import duration


def _with(node_id, change):
    g = full_graph()
    for n in g["nodes"]:
        if n["id"] == node_id:
            change(n["config"])
    return g


def _set(key, value):
    def change(cfg):
        cfg.clear() if key == "*" else None
        cfg.update(value) if key == "*" else cfg.__setitem__(key, value)
    return change


TOO_BIG = [
    ("wait", _set("for", {"days": 10 ** 9}), "wait_too_long"),
    ("wait", _set("for", {"days": MAX_DAYS, "minutes": 1}), "wait_too_long"),
    ("wait", _set("for", {"hours": (MAX_DAYS + 1) * 24}), "wait_too_long"),
    ("wait", _set("*", {"until_date": {"property": "account.next_billing_on", "offset": {"days": 999_999_999}}}),
     "offset_too_large"),
    ("wait", _set("*", {"until_date": {"property": "account.next_billing_on", "offset": {"days": -MAX_DAYS - 1}}}),
     "offset_too_large"),
    ("until", lambda c: c["until_rule"].__setitem__("timeout", {"days": 10 ** 12}), "wait_too_long"),
    ("task", _set("due_in_days", MAX_DAYS + 1), "due_too_late"),
    ("task", _set("due_in_days", 10 ** 30), "due_too_late"),
    ("start", _set("reenroll", {"mode": "after_days", "days": 10 ** 9}), "reenroll_too_long"),
    ("set", _set("*", {"action": "increase_attribute", "attribute": "custom.nps", "by": float("inf")}),
     "number_out_of_range"),
    ("set", _set("*", {"action": "increase_attribute", "attribute": "custom.nps", "by": float("nan")}),
     "number_out_of_range"),
    ("set", _set("*", {"action": "increase_attribute", "attribute": "custom.nps", "by": 2 * MAX_NUMBER}),
     "number_out_of_range"),
    ("set", _set("*", {"action": "increase_attribute", "attribute": "custom.nps", "by": -(10 ** 400)}),
     "number_out_of_range"),
    ("set", _set("*", {"action": "set_attribute", "attribute": "custom.nps", "value": 10 ** 20}),
     "number_out_of_range"),
    ("set", _set("*", {"action": "set_attribute", "attribute": "custom.qbr_on",
                       "value": {"days_from_now": 10 ** 9}}), "days_out_of_range"),
    ("ab", _set("weights", {"a": 1e308, "b": 1e308}), "weight_out_of_range"),
    ("ab", _set("weights", {"a": float("inf"), "b": 1}), "weight_out_of_range"),
    ("cond", _set("rule", {"property": "custom.nps", "op": "gte", "value": 10 ** 19}), "rule_value_out_of_range"),
    ("cond", _set("rule", {"property": "custom.nps", "op": "gte", "value": float("inf")}),
     "rule_value_out_of_range"),
    ("cond", _set("rule", {"property": "account.next_billing_on", "op": "within_next", "value": {"days": 10 ** 9}}),
     "rule_value_out_of_range"),
    ("goal", _set("rule", {"property": "account.next_billing_on", "op": "before",
                           "value": {"days_from_now": -(10 ** 7)}}), "rule_value_out_of_range"),
    ("until", lambda c: c["until_rule"].__setitem__("rule", {"property": "custom.nps", "op": "between",
                                                           "value": [0, 1e300]}),
     "rule_value_out_of_range"),
    ("exit", _set("blacklist", {"property": "custom.nps", "op": "lt", "value": -1e16}), "rule_value_out_of_range"),
]


@pytest.mark.parametrize("node_id,change,code", TOO_BIG, ids=[f"{r[0]}-{r[2]}-{i}" for i, r in enumerate(TOO_BIG)])
def test_every_number_in_a_graph_is_bounded(node_id, change, code):
    problems = validate(_with(node_id, change), CATALOG)
    assert (code, node_id) in {(p.code, p.node_id) for p in problems}, problems
    assert all(p.message for p in problems)


AT_THE_EDGE = [
    ("wait", _set("for", {"days": MAX_DAYS})),
    ("wait", _set("*", {"until_date": {"property": "account.next_billing_on", "offset": {"days": -MAX_DAYS}}})),
    ("task", _set("due_in_days", MAX_DAYS)),
    ("start", _set("reenroll", {"mode": "after_days", "days": MAX_DAYS})),
    ("set", _set("*", {"action": "increase_attribute", "attribute": "custom.nps", "by": -MAX_NUMBER})),
    ("set", _set("*", {"action": "set_attribute", "attribute": "custom.nps", "value": 0.5})),
    ("ab", _set("weights", {"a": 0, "b": 1e6})),
    ("cond", _set("rule", {"property": "account.next_billing_on", "op": "within_next",
                           "value": {"days": MAX_RULE_DAYS}})),
]


@pytest.mark.parametrize("node_id,change", AT_THE_EDGE, ids=[f"{r[0]}-{i}" for i, r in enumerate(AT_THE_EDGE)])
def test_the_bounds_themselves_are_valid(node_id, change):
    assert validate(_with(node_id, change), CATALOG) == []


def test_a_valid_wait_never_overflows_date_arithmetic():
    """The largest wait and offset that validate still fit a datetime from today's far future."""
    far = datetime(2200, 1, 1, tzinfo=timezone.utc)
    assert far + duration({"days": MAX_DAYS, "hours": 0, "minutes": 0}) > far
    assert date(2200, 1, 1) + timedelta(days=MAX_RULE_DAYS) < date.max


def test_rule_bounds_walk_deep_rules_without_recursion():
    rule = {"property": "custom.nps", "op": "gte", "value": 10 ** 30}
    for _ in range(5000):
        rule = {"not": rule}
    problems = rule_bound_problems(rule)
    assert [p.code for p in problems] == ["rule_value_out_of_range"]
