"""Product events in graph_engine (SPEC §7): event rules, entry by event, until_event, simulate."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

import graph_engine as ge
from graph_engine.event_windows import graph_event_windows
from graph_engine.event_rules import rule_event_windows

from ge_helpers import CATALOG, edge, email, exit_node, node

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)
TODAY = NOW.date()


def snap(**events):
    """A snapshot with ``events`` {name: [(days ago, properties)]}, ``now`` = NOW."""
    return {"now": NOW, "events": {name: tuple(sorted(((NOW - timedelta(days=d), p) for d, p in items),
                                                      key=lambda e: e[0]))
                                   for name, items in events.items()}}


LOGINS = snap(login=[(0.5, {"plan": "Pro", "seats": 3}), (1, {"plan": "free"}), (2, {}),
                     (8, {"plan": "PRO", "seats": 10}), (40, {"flag": True})])


@pytest.mark.parametrize("rule, expected", [
    ({"property": "event.login.count", "within": {"days": 7}, "op": "gte", "value": 3}, True),
    ({"property": "event.login.count", "within": {"days": 7}, "op": "gte", "value": 4}, False),
    ({"property": "event.login.count", "within": {"days": 1}, "op": "eq", "value": 1}, True),
    ({"property": "event.login.count", "op": "eq", "value": 5}, True),
    ({"property": "event.missing.count", "op": "eq", "value": 0}, True),
    ({"property": "event.missing.count", "op": "is_set"}, True),
    ({"property": "event.login.count", "op": "eq", "value": 2,
      "where": {"all": [{"property": "properties.plan", "op": "eq", "value": "pro"}]}}, True),
    ({"property": "event.login.count", "op": "eq", "value": 3,
      "where": {"all": [{"property": "properties.plan", "op": "neq", "value": "pro"}]}}, True),
    ({"property": "event.login.count", "op": "eq", "value": 1,
      "where": {"all": [{"property": "properties.seats", "op": "gt", "value": 5}]}}, True),
    ({"property": "event.login.count", "op": "eq", "value": 3,
      "where": {"all": [{"property": "properties.plan", "op": "is_set"}]}}, True),
    ({"property": "event.login.count", "op": "eq", "value": 1,
      "where": {"all": [{"property": "properties.flag", "op": "eq", "value": True}]}}, True),
    ({"property": "event.login.count", "op": "eq", "value": 1,
      "where": {"any": [{"property": "properties.plan", "op": "contains", "value": "RE"}]}}, True),
    ({"property": "event.login.last_at", "op": "on", "value": TODAY.isoformat()}, True),
    ({"property": "event.login.last_at", "op": "within_last", "value": {"days": 7}}, True),
    ({"property": "event.login.last_at", "op": "before", "value": TODAY.isoformat(),
      "where": {"all": [{"property": "properties.seats", "op": "gte", "value": 10}]}}, True),
    ({"property": "event.missing.last_at", "op": "is_not_set"}, True),
    ({"property": "event.missing.last_at", "op": "within_last", "value": {"days": 700}}, False),
])
def test_event_rules(rule, expected):
    assert ge.validate_rule(rule, CATALOG) == []
    assert ge.evaluate(rule, LOGINS, TODAY) is expected
    assert ge.evaluate({"not": rule}, LOGINS, TODAY) is (not expected)


def test_window_counts_back_from_now_not_the_day():
    rule = {"property": "event.login.count", "within": {"days": 7}, "op": "eq", "value": 1}
    edge_event = snap(login=[(7 - 1 / 24, {})])
    assert ge.evaluate(rule, edge_event, TODAY)
    later = {**edge_event, "now": NOW + timedelta(hours=2)}  # it left the window an hour ago
    assert not ge.evaluate(rule, later, TODAY)


def test_explain_shows_the_count_and_the_window():
    rule = {"property": "event.login.count", "within": {"days": 7}, "op": "gte", "value": 3}
    leaf = ge.explain(rule, LOGINS, TODAY)["rule"]
    assert leaf["actual"] == 3 and leaf["within"] == {"days": 7} and leaf["verdict"] is True


@pytest.mark.parametrize("rule, message", [
    ({"property": "event.login.last_at", "within": {"days": 7}, "op": "is_set"}, "counts only"),
    ({"property": "event.login.count", "within": {"days": 0}, "op": "gt", "value": 1}, "within"),
    ({"property": "event.login.count", "op": "before", "value": "2026-01-01"}, "does not apply"),
    ({"property": "event.Login!.count", "op": "gt", "value": 1}, "unknown property"),
    ({"property": "event.login.count", "op": "gt", "value": 1,
      "where": {"all": [{"property": "plan", "op": "eq", "value": "x"}]}}, "properties.<key>"),
    ({"property": "event.login.count", "op": "gt", "value": 1,
      "where": {"all": [{"property": "properties.plan", "op": "between", "value": [1, 2]}]}}, "op must"),
    ({"property": "event.login.count", "op": "gt", "value": 1,
      "where": {"all": [{"property": "properties.plan", "op": "gt", "value": "x"}]}}, "cannot compare"),
    ({"property": "custom.nps", "within": {"days": 3}, "op": "gt", "value": 1}, "unknown key"),
])
def test_bad_event_rules_are_named(rule, message):
    problems = ge.validate_rule(rule, CATALOG)
    assert problems and message in " ".join(p.message for p in problems)


def test_windows_the_rules_need():
    rule = {"all": [{"property": "event.login.count", "within": {"days": 7}, "op": "gte", "value": 3},
                    {"not": {"property": "event.login.count", "within": {"days": 30}, "op": "gt", "value": 9}},
                    {"property": "event.export.last_at", "op": "is_set"}]}
    assert rule_event_windows(rule) == {"login": 30, "export": None}


def event_graph(wait_timeout=3, entry_events=({"name": "trial_started"},), segments=()):
    nodes = [node("start", "entry", segments=list(segments), events=list(entry_events),
                  reenroll={"mode": "never"}, enroll_existing=False),
             node("wait", "wait", until_event={"name": "report.exported", "timeout": {"days": wait_timeout},
                                              "where": {"all": [{"property": "properties.rows", "op": "gt",
                                                                 "value": 10}]}}),
             email("thanks"), email("nudge", "onboarding-1"),
             exit_node(segment_exit="unenroll")]
    edges = [edge("start", "wait"), edge("wait", "thanks", "met"), edge("wait", "nudge", "timeout")]
    return {"format": "journey/v1", "nodes": nodes, "edges": edges}


def test_entry_by_event_and_until_event_validate():
    assert ge.validate(event_graph(), CATALOG) == []
    graph, _ = ge.parse_graph(event_graph())
    assert graph_event_windows(graph) == {"report.exported": 4}
    bad = event_graph(entry_events=())
    assert any(p.code == "wrong_type" and p.node_id == "start" for p in ge.validate(bad, CATALOG))
    bad = event_graph(entry_events=({"name": "Bad Name"},))
    assert any("name must match" in p.message for p in ge.validate(bad, CATALOG))
    no_branch = event_graph()
    no_branch["edges"] = no_branch["edges"][:2]
    assert any(p.code == "missing_branch" for p in ge.validate(no_branch, CATALOG))


def run(graph, snapshot, now, state=None):
    parsed, _ = ge.parse_graph(graph)
    return ge.advance(parsed, state or ge.EnrollmentState.new("7").evolve(
        entered_via={"name": "trial_started", "at": NOW.isoformat()}), snapshot, now)


def test_until_event_counts_only_events_after_arrival():
    before = snap(**{"report.exported": [(1, {"rows": 50})]})
    first = run(event_graph(), before, NOW)
    entered = first.steps[0]
    assert entered.outcome == "entered" and entered.detail["event"]["name"] == "trial_started"
    assert first.state.node_id == "wait" and first.state.status == "active"  # segment_exit: none tracked
    assert first.state.wake_at == NOW + timedelta(days=3)
    small = {**before, "events": {"report.exported": before["events"]["report.exported"] + (
        (NOW + timedelta(hours=1), {"rows": 5}),)}}
    assert run(event_graph(), small, NOW + timedelta(hours=2), first.state).steps == ()
    big = {**small, "events": {"report.exported": small["events"]["report.exported"] + (
        (NOW + timedelta(hours=3), {"rows": 11}),)}}
    met = run(event_graph(), big, NOW + timedelta(hours=4), first.state)
    assert [s.outcome for s in met.steps][:1] == ["met"]
    assert met.steps[0].detail["event"]["properties"] == {"rows": 11}
    assert met.state.status == "completed"
    late = run(event_graph(), small, NOW + timedelta(days=3), first.state)
    assert late.steps[0].outcome == "timeout" and late.steps[1].node_id == "nudge"


def test_simulate_with_events_on_a_day():
    changes = [{"at_day": 1, "events": [{"name": "report.exported", "properties": {"rows": 3}}]},
               {"at_day": 2, "events": [{"name": "report.exported", "properties": {"rows": 30}, "hour": 5}]}]
    result = ge.simulate(event_graph(), {}, days=5, changes=changes, start=NOW)
    waited = [s for s in result["steps"] if s["node_id"] == "wait"]
    assert [s["outcome"] for s in waited] == ["waiting", "met"] and waited[1]["day"] == 2
    none = ge.simulate(event_graph(), {}, days=5, start=NOW)
    assert [s["outcome"] for s in none["steps"] if s["node_id"] == "wait"] == ["waiting", "timeout"]
    with pytest.raises(ge.SimulationError):
        ge.simulate(event_graph(), {}, days=5, changes=[{"at_day": 1, "events": [{"name": "A B"}]}], start=NOW)


def test_condition_on_events_sees_the_moment_of_the_call():
    graph = {"format": "journey/v1", "nodes": [
        node("start", "entry", segments=["trial"], reenroll={"mode": "never"}, enroll_existing=False),
        node("cond", "condition", rule={"property": "event.login.count", "within": {"days": 1},
                                        "op": "gte", "value": 1}),
        email("yes"), email("no", "onboarding-1")],
        "edges": [edge("start", "cond"), edge("cond", "yes", "yes"), edge("cond", "no", "no")]}
    events = snap(login=[(0.9, {})])
    events.pop("now")  # the interpreter supplies its own moment
    assert run(graph, events, NOW).steps[1].outcome == "yes"
    assert run(graph, events, NOW + timedelta(hours=3)).steps[1].outcome == "no"
