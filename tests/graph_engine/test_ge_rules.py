"""Rules: every operator × type × unset case, groups, relative dates, explain."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

import pytest
from ge_helpers import CATALOG, leaf

from graph_engine import Catalog, RuleError, compile_rule, evaluate, explain, validate_rule

TODAY = date(2026, 3, 10)
UNSET = object()  # the key is missing altogether


def D(text):
    return date.fromisoformat(text)


def snap_with(prop, actual):
    """A snapshot where ``prop`` (account.x / custom.x / user.x) has ``actual``."""
    section, _, name = prop.partition(".")
    values = {} if actual is UNSET else {name: actual}
    return {section: values}


NUMBER = [  # (op, value, actual, expected)
    ("eq", 100, 100, True), ("eq", 100, 99, False), ("eq", 100, 100.0, True),
    ("neq", 100, 100, False), ("neq", 100, 99, True),
    ("gt", 100, 101, True), ("gt", 100, 100, False), ("gt", 100, Decimal("150.5"), True),
    ("gte", 100, 100, True), ("gte", 100, 99.9, False),
    ("lt", 100, 99, True), ("lt", 100, 100, False),
    ("lte", 100, 100, True), ("lte", 100, 101, False),
    ("between", [10, 20], 10, True), ("between", [10, 20], 20, True),
    ("between", [10, 20], 21, False), ("between", [10, 20], 9.99, False),
    ("is_set", None, 0, True), ("is_not_set", None, 0, False),
    ("gt", 100, "1000", False), ("neq", 100, "100", True), ("eq", 1, True, False),
]
TEXT = [
    ("eq", "Live", "live", True), ("eq", "Live", "LIVE", True), ("eq", "Live", "trial", False),
    ("neq", "Live", "live", False), ("neq", "Live", "trial", True),
    ("contains", "iV", "Live", True), ("contains", "iv", "Trial", False),
    ("not_contains", "iv", "Live", False), ("not_contains", "iv", "Trial", True),
    ("in", ["Live", "Trial"], "trial", True), ("in", ["Live", "Trial"], "churned", False),
    ("not_in", ["Live", "Trial"], "TRIAL", False), ("not_in", ["Live", "Trial"], "churned", True),
    ("is_set", None, "", True), ("is_not_set", None, "", False),
    ("eq", "5", 5, False), ("contains", "5", 15, False),
]
DATE = [
    ("before", "2026-03-10", D("2026-03-09"), True), ("before", "2026-03-10", D("2026-03-10"), False),
    ("after", "2026-03-10", D("2026-03-11"), True), ("after", "2026-03-10", D("2026-03-10"), False),
    ("on", "2026-03-10", D("2026-03-10"), True), ("on", "2026-03-10", D("2026-03-11"), False),
    ("before", {"days_from_now": -1}, D("2026-03-08"), True),
    ("before", {"days_from_now": -1}, D("2026-03-09"), False),
    ("on", {"days_from_now": 0}, D("2026-03-10"), True),
    ("after", {"days_from_now": 30}, D("2026-04-10"), True),
    ("between", ["2026-03-01", {"days_from_now": 5}], D("2026-03-01"), True),
    ("between", ["2026-03-01", {"days_from_now": 5}], D("2026-03-15"), True),
    ("between", ["2026-03-01", {"days_from_now": 5}], D("2026-03-16"), False),
    ("between", ["2026-03-01", {"days_from_now": 5}], D("2026-02-28"), False),
    ("within_next", {"days": 7}, D("2026-03-10"), True), ("within_next", {"days": 7}, D("2026-03-17"), True),
    ("within_next", {"days": 7}, D("2026-03-18"), False), ("within_next", {"days": 7}, D("2026-03-09"), False),
    ("within_last", {"days": 7}, D("2026-03-03"), True), ("within_last", {"days": 7}, D("2026-03-10"), True),
    ("within_last", {"days": 7}, D("2026-03-02"), False), ("within_last", {"days": 7}, D("2026-03-11"), False),
    ("is_set", None, D("2026-01-01"), True), ("is_not_set", None, D("2026-01-01"), False),
    ("on", "2026-03-10", datetime(2026, 3, 10, 12), False), ("before", "2026-03-10", "2026-03-01", False),
]
BOOLEAN = [
    ("is_true", None, True, True), ("is_true", None, False, False), ("is_true", None, 1, False),
    ("is_false", None, False, True), ("is_false", None, True, False), ("is_false", None, 0, False),
    ("is_set", None, False, True), ("is_not_set", None, False, False),
]
# what every op gives on an unset value (missing key, None, or no subscriptions)
UNSET_VERDICT = {"neq": True, "not_contains": True, "not_in": True, "is_not_set": True}

TYPED = [("account.mrr", "custom.nps", NUMBER), ("account.stage", "custom.renewal_risk", TEXT),
         ("account.next_billing_on", "custom.qbr_on", DATE), (None, "custom.champion", BOOLEAN)]


def _cases():
    for account_prop, custom_prop, table in TYPED:
        for prop in filter(None, (account_prop, custom_prop)):
            for op, value, actual, expected in table:
                yield prop, op, value, actual, expected


CASES = list(_cases())


@pytest.mark.parametrize("prop, op, value, actual, expected", CASES,
                         ids=[f"{c[0]}-{c[1]}-{c[3]!r}" for c in CASES])
def test_operator_on_a_set_value(prop, op, value, actual, expected):
    rule = leaf(prop, op, value)
    assert evaluate(rule, snap_with(prop, actual), TODAY) is expected
    assert explain(rule, snap_with(prop, actual), TODAY)["verdict"] is expected


UNSET_CASES = sorted({(prop, op, json.dumps(value)) for prop, op, value, _, _ in CASES})


@pytest.mark.parametrize("prop, op, value_json", UNSET_CASES)
@pytest.mark.parametrize("how", ["missing key", "none", "no section", "empty snapshot"])
def test_operator_on_an_unset_value(prop, op, value_json, how):
    section = prop.split(".")[0]
    snapshot = {"missing key": snap_with(prop, UNSET), "none": snap_with(prop, None),
                "no section": {section: None}, "empty snapshot": {}}[how]
    expected = UNSET_VERDICT.get(op, False)
    assert evaluate(leaf(prop, op, json.loads(value_json)), snapshot, TODAY) is expected


SUB_CASES = [  # (op, value, subscriptions, expected)
    ("eq", "active", [{"status": "cancelled"}, {"status": "Active"}], True),
    ("eq", "active", [{"status": "cancelled"}], False),
    ("eq", "active", [], False),
    ("neq", "active", [], True),
    ("neq", "active", [{"status": "active"}], False),
    ("neq", "active", [{"status": "active"}, {"status": "cancelled"}], True),
    ("neq", "active", [{"status": "active"}, {}], True),
    ("is_not_set", None, [], True),
    ("is_not_set", None, [{"status": None}, {"status": "a"}], True),
    ("is_not_set", None, [{"status": "a"}], False),
    ("is_set", None, [], False),
    ("not_in", ["active", "trial"], [{"status": "active"}], False),
    ("not_contains", "act", [], True),
]


@pytest.mark.parametrize("op, value, subs, expected", SUB_CASES)
def test_subscription_means_any_subscription(op, value, subs, expected):
    assert evaluate(leaf("subscription.status", op, value), {"subscriptions": subs}, TODAY) is expected


def test_subscription_numbers_and_dates():
    subs = [{"mrr": 10, "trial_ends_on": D("2026-03-12")}, {"mrr": 500}]
    assert evaluate(leaf("subscription.mrr", "gt", 100), {"subscriptions": subs}, TODAY)
    assert evaluate(leaf("subscription.trial_ends_on", "within_next", {"days": 3}), {"subscriptions": subs}, TODAY)
    assert not evaluate(leaf("subscription.mrr", "gt", 1000), {"subscriptions": subs}, TODAY)


MEMBERSHIP = [
    ("segment", "segments"), ("milestone", "milestones"), ("outcome", "outcomes"),
]


@pytest.mark.parametrize("prop, member", MEMBERSHIP)
def test_membership(prop, member):
    met = {member: frozenset({"k"})}
    assert evaluate(leaf(prop, "has_met", "k"), met, TODAY)
    assert not evaluate(leaf(prop, "has_not_met", "k"), met, TODAY)
    for unset in ({}, {member: None}, {member: {"other"}}):
        assert not evaluate(leaf(prop, "has_met", "k"), unset, TODAY)
        assert evaluate(leaf(prop, "has_not_met", "k"), unset, TODAY)


PLAYBOOK = [  # (record or None, active_in, never_enrolled, has_completed, is_overdue)
    (None, False, True, False, False),
    ({"status": "active", "due_on": None}, True, False, False, False),
    ({"status": "active", "due_on": D("2026-03-09")}, True, False, False, True),
    ({"status": "active", "due_on": D("2026-03-10")}, True, False, False, False),
    ({"status": "overdue", "due_on": None}, True, False, False, True),
    ({"status": "completed", "due_on": D("2026-01-01")}, False, False, True, False),
]


@pytest.mark.parametrize("record, active, never, completed, overdue", PLAYBOOK)
def test_playbook_ops(record, active, never, completed, overdue):
    snap = {"playbooks": {"p": record} if record else {}}
    got = [evaluate(leaf("playbook", op, "p"), snap, TODAY)
           for op in ("active_in", "never_enrolled", "has_completed", "is_overdue")]
    assert got == [active, never, completed, overdue]


@pytest.mark.parametrize("csm, op, value, expected", [
    ("asha@example.com", "eq", "Asha@Example.com", True), ("bruno@example.com", "eq", "asha@example.com", False),
    (None, "eq", "asha@example.com", False), (None, "neq", "asha@example.com", True),
    ("bruno@example.com", "neq", "asha@example.com", True), ("asha@example.com", "neq", "asha@example.com", False),
    (None, "is_not_set", None, True), ("a@b.c", "is_set", None, True),
])
def test_user_ops(csm, op, value, expected):
    assert evaluate(leaf("user.csm", op, value), {"user": {"csm": csm}}, TODAY) is expected


def test_groups_nest():
    yes, no = leaf("account.mrr", "gt", 0), leaf("account.mrr", "lt", 0)
    snap = {"account": {"mrr": 5}}
    assert evaluate({"all": [yes, {"any": [no, {"not": no}]}]}, snap, TODAY)
    assert not evaluate({"all": [yes, {"any": [no, {"not": yes}]}]}, snap, TODAY)
    assert evaluate({"all": []}, snap, TODAY) and not evaluate({"any": []}, snap, TODAY)
    assert evaluate({"not": {"any": []}}, snap, TODAY)


def test_relative_dates_follow_the_injected_today():
    rule = leaf("account.created_on", "within_last", {"days": 30})
    snap = {"account": {"created_on": D("2026-03-01")}}
    assert evaluate(rule, snap, D("2026-03-31"))
    assert not evaluate(rule, snap, D("2026-04-01"))


def test_compiled_once_and_cached():
    rule = {"all": [leaf("account.mrr", "gt", 1)]}
    assert compile_rule(rule) is compile_rule(json.loads(json.dumps(rule)))


def test_explain_shape_and_json():
    rule = {"all": [leaf("account.mrr", "gt", 100), {"not": leaf("segment", "has_met", "vip")},
                    {"any": [leaf("account.next_billing_on", "before", {"days_from_now": 5}),
                             leaf("subscription.plan_name", "eq", "pro")]}]}
    snap = {"account": {"mrr": 50, "next_billing_on": D("2026-03-12")}, "segments": {"vip"},
            "subscriptions": [{"plan_name": "Pro"}, {"plan_name": "basic"}]}
    result = explain(rule, snap, TODAY)
    json.dumps(result)
    top = result["rule"]
    assert result["verdict"] is False and top["verdict"] is False
    assert top["all"][0] == {"property": "account.mrr", "op": "gt", "value": 100, "actual": 50, "verdict": False}
    assert top["all"][1]["not"]["actual"] is True and top["all"][1]["verdict"] is False
    nested = top["all"][2]["any"]
    assert nested[0]["actual"] == "2026-03-12" and nested[0]["verdict"] is True
    assert nested[1]["actual"] == ["Pro", "basic"] and nested[1]["verdict"] is True


@pytest.mark.parametrize("bad", [
    None, [], {"all": {}}, {"all": [], "any": []}, {"property": "account.mrr"},
    leaf("account.mrr", "contains", "x"), leaf("account.mrr", "gt", "10"), leaf("planet", "eq", "x"),
    leaf("account.created_on", "before", "2026-02-30"), leaf("account.stage", "in", []),
    {"property": "account.mrr", "op": "gt", "value": 1, "extra": True}, {"all": [1]},
    leaf("account.created_on", "within_next", {"days": -1}), leaf("custom.x", "is_true", True),
])
def test_malformed_rules_raise_rule_error(bad):
    with pytest.raises(RuleError) as info:
        compile_rule(bad)
    assert info.value.problems


@pytest.mark.parametrize("rule, code", [
    (leaf("custom.qbr_on", "gt", 5), "unknown_operator"),
    (leaf("custom.champion", "eq", "yes"), "unknown_operator"),
    (leaf("custom.renewal_risk", "eq", 3), "bad_rule_value"),
    (leaf("custom.ghost", "eq", 3), "unknown_attribute"),
    (leaf("user.csm", "eq", "ghost@example.com"), "unknown_user"),
    (leaf("user.owner", "eq", "asha@example.com"), "unknown_property"),
    (leaf("subscription.colour", "eq", "red"), "unknown_property"),
    (leaf("segment", "is_set"), "unknown_operator"),
    (leaf("milestone", "has_met", "ghost"), "unknown_milestone"),
    (leaf("playbook", "has_met", "onboarding"), "unknown_operator"),
    ({"not": {"not": {"all": [leaf("account.mrr", "between", [1])]}}}, "bad_rule_value"),
])
def test_validate_rule_against_a_catalog(rule, code):
    problems = validate_rule(rule, CATALOG, node_id="n")
    assert (code, "n") in {(p.code, p.node_id) for p in problems}


def test_validate_rule_clean_rules(catalog):
    good = {"all": [leaf("custom.qbr_on", "within_next", {"days": 30}), leaf("custom.champion", "is_true"),
                    leaf("user.csm", "eq", "asha@example.com"), leaf("account.stage", "in", ["live"])]}
    assert validate_rule(good, catalog) == []
    assert validate_rule(leaf("custom.anything", "eq", 3), None) == []
    assert validate_rule(leaf("custom.anything", "eq", 3), Catalog.permissive()) == []


def test_rule_text_never_becomes_code():
    sneaky = "x'); __import__('os').system('false'); ('"
    rule = {"any": [leaf(f"custom.{sneaky}", "eq", sneaky), leaf("account.stage", "in", [sneaky]),
                    leaf("segment", "has_met", sneaky)]}
    assert not evaluate(rule, {}, TODAY)
    assert evaluate(leaf(f"custom.{sneaky}", "eq", sneaky.upper()), {"custom": {sneaky: sneaky}}, TODAY)
