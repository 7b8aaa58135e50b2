"""Simulate (SPEC §5 shape) and snapshots from account JSON."""

from __future__ import annotations

import copy
import json
from datetime import date, datetime

import pytest
from ge_helpers import CATALOG, edge, entry, exit_node, graph, leaf, load_example, node

from graph_engine import GraphError, SimulationError, simulate, snapshot_from_json
from graph_engine.snapshot import set_values

START = datetime(2026, 1, 1, 9)


def account(**extra):
    snap, problems = snapshot_from_json({"name": "Acme", "mrr": 100, "next_billing_on": "2026-03-01",
                                         **extra}, CATALOG)
    assert problems == []
    return snap


def test_onboarding_drip_low_usage_gets_a_call_task():
    result = simulate(load_example("onboarding-drip.json"), account(), days=10, start=START)
    assert set(result) == {"status", "goal_achieved", "steps"}
    assert result["status"] == "completed" and result["goal_achieved"] is False
    steps = [(s["node_id"], s["day"], s["outcome"]) for s in result["steps"]]
    assert steps == [("start", 0, "entered"), ("welcome", 0, "done"), ("wait3", 0, "waiting"),
                     ("wait3", 3, "done"), ("used", 3, "no"), ("call", 3, "done"), ("done", 3, "completed")]
    for step in result["steps"]:
        assert set(step) == {"node_id", "type", "day", "outcome", "detail"}
    assert result["steps"][4]["detail"]["rule"]["all"][0]["actual"] is None
    assert result["steps"][5]["detail"]["kind"] == "create_task"
    json.dumps(result)


def test_changes_apply_on_their_day():
    changes = [{"at_day": 2, "set": {"custom.logins_30d": 12}}]
    result = simulate(load_example("onboarding-drip.json"), account(), days=10, changes=changes, start=START)
    assert ("used", "yes") in [(s["node_id"], s["outcome"]) for s in result["steps"]]


def test_goal_reached_by_a_change():
    changes = [{"at_day": 1, "set": {"milestones": ["first-report"]}}]
    result = simulate(load_example("onboarding-drip.json"), account(), days=10, changes=changes, start=START)
    assert result["status"] == "goal_exited" and result["goal_achieved"] is True
    assert result["steps"][-1]["node_id"] == "goal" and result["steps"][-1]["day"] == 1


def test_blacklist_by_a_change_and_days_limit():
    changes = [{"at_day": 2, "set": {"account.status": "churned"}}]
    result = simulate(load_example("onboarding-drip.json"), account(), days=10, changes=changes, start=START)
    assert result["status"] == "unenrolled" and result["steps"][-1]["detail"]["reason"] == "blacklist"
    short = simulate(load_example("onboarding-drip.json"), account(), days=2, start=START)
    assert short["status"] == "active" and short["steps"][-1]["outcome"] == "waiting"


def test_renewal_until_date_and_attribute_effects_apply():
    result = simulate(load_example("renewal-90-days.json"), account(custom={"nps": 9, "logins_30d": 9}),
                      days=90, start=START)
    steps = [(s["node_id"], s["day"], s["outcome"]) for s in result["steps"]]
    assert ("health", 0, "no") in steps and ("tag", 0, "done") in steps
    # 2026-02-22 00:00 UTC is 51 whole days after 2026-01-01 09:00
    assert ("before", 51, "done") in steps and ("remind", 51, "done") in steps
    assert result["status"] == "completed"


def test_segment_exit_in_simulation():
    g = graph([entry(segments=["trial"]), node("w", "wait", **{"for": {"days": 5}}),
               exit_node(segment_exit="unenroll")], [edge("start", "w")])
    kept = simulate(g, account(), days=3, start=START)
    assert kept["status"] == "active"  # the account is taken to be in the tracked segment
    left = simulate(g, account(), days=3, changes=[{"at_day": 1, "set": {"segments": []}}], start=START)
    assert left["status"] == "unenrolled" and left["steps"][-1]["day"] == 1


def test_increase_attribute_feeds_later_conditions():
    g = graph([entry(), node("inc", "action", action="increase_attribute", attribute="custom.touches", by=2),
               node("c", "condition", rule=leaf("custom.touches", "eq", 3)), node("y", "end")],
              [edge("start", "inc"), edge("inc", "c"), edge("c", "y", "yes")])
    result = simulate(g, account(custom={"touches": 1}), days=1, start=START)
    assert [s["outcome"] for s in result["steps"]][-2:] == ["yes", "completed"]


def test_simulate_touches_nothing_outside():
    snap = account(custom={"touches": 1})
    before = copy.deepcopy(snap)
    data = load_example("new-account-round-robin.json")
    frozen = copy.deepcopy(data)
    simulate(data, snap, days=5, start=START)
    assert snap == before and data == frozen


@pytest.mark.parametrize("days, changes", [
    (-1, []), (4000, []), ("10", []), (10, {"at_day": 1}), (10, [{"at_day": 11, "set": {}}]),
    (10, [{"at_day": 1}]), (10, [{"at_day": 1, "set": {"account.created_on": "2026-02-30"}}]),
    (10, [{"at_day": 1, "set": {"planet": "mars"}}]), (10, [{"at_day": 1, "set": {"custom.ghost": 1}}]),
])
def test_bad_simulation_input(days, changes):
    with pytest.raises(SimulationError) as info:
        simulate(load_example("onboarding-drip.json"), account(), days=days, changes=changes, start=START,
                 catalog=CATALOG)
    assert info.value.problems


def test_unparseable_graph():
    with pytest.raises(GraphError):
        simulate({"nodes": "x"}, account(), days=1, start=START)


def test_snapshot_from_json_types_everything():
    snap, problems = snapshot_from_json({
        "external_id": "a1", "name": "Acme", "mrr": 10.5, "created_on": "2025-12-01", "csm": "asha@example.com",
        "custom": {"qbr_on": "2026-04-01", "nps": 7, "renewal_risk": "2026-01-01"},
        "subscriptions": [{"status": "active", "trial_ends_on": "2026-01-15", "mrr": 10}],
        "contacts": [{"name": "Ann", "email": "ann@acme.io", "role": "admin"}],
        "segments": ["trial"], "milestones": ["first-report"], "outcomes": [],
        "playbooks": ["onboarding", {"key": "renewal-rescue", "status": "completed", "due_on": "2026-01-02"}],
        "id": 17, "updated_at": "whenever"}, CATALOG)
    assert problems == []
    assert snap["account"] == {"external_id": "a1", "name": "Acme", "mrr": 10.5, "created_on": date(2025, 12, 1)}
    assert snap["custom"] == {"qbr_on": date(2026, 4, 1), "nps": 7, "renewal_risk": "2026-01-01"}
    assert snap["subscriptions"][0]["trial_ends_on"] == date(2026, 1, 15)
    assert snap["user"] == {"csm": "asha@example.com", "sales_manager": None}
    assert snap["segments"] == frozenset({"trial"}) and snap["outcomes"] == frozenset()
    assert snap["playbooks"] == {"onboarding": {"status": "active", "due_on": None},
                                 "renewal-rescue": {"status": "completed", "due_on": date(2026, 1, 2)}}


@pytest.mark.parametrize("bad, code", [
    ({"next_billing_on": "2026-02-30"}, "bad_date"),
    ({"created_on": "yesterday"}, "bad_date"),
    ({"mrr": "lots"}, "wrong_type"),
    ({"custom": {"nps": "high"}}, "wrong_type"),
    ({"custom": {"qbr_on": "2026-13-01"}}, "bad_date"),
    ({"subscriptions": [{"ends_on": "2026-02-29"}]}, "bad_date"),
    ({"segments": "trial"}, "wrong_type"),
    ({"playbooks": [{"key": "p", "status": "paused"}]}, "bad_value"),
    ({"custom": [1]}, "wrong_type"),
    ("acme", "wrong_type"),
])
def test_snapshot_from_json_reports_problems(bad, code):
    snap, problems = snapshot_from_json(bad, CATALOG)
    assert snap is None and code in [p.code for p in problems]


def test_custom_dates_guessed_without_a_catalog():
    snap, _ = snapshot_from_json({"custom": {"qbr_on": "2026-04-01", "note": "hi"}})
    assert snap["custom"] == {"qbr_on": date(2026, 4, 1), "note": "hi"}


def test_set_values_unsets_and_does_not_mutate():
    snap = account(custom={"nps": 5})
    new, problems = set_values(snap, {"custom.nps": None, "user.csm": "bruno@example.com"})
    assert problems == [] and "nps" not in new["custom"] and snap["custom"] == {"nps": 5}
    assert new["user"]["csm"] == "bruno@example.com"
