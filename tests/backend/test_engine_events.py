"""Journeys driven by product events, through the API and the real worker (SPEC §7)."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from backend.extensions import db
from backend.models.segments import Segment, SegmentMembership
from tests.backend.engine_helpers import Workspace


@pytest.fixture()
def ws(app, client, admin_headers):
    workspace = Workspace(app, client, admin_headers)
    workspace.setup_catalog()
    workspace.account("acme", csm="asha@example.com")
    workspace.account("globex", csm="asha@example.com")
    yield workspace
    workspace.close()


def send(ws, *events):
    result = ws.call("POST", "/api/events", {"events": list(events)})
    assert result["errors"] == [], result
    ws.work()
    return result


def now(ws, **delta) -> str:
    return (ws.clock() + timedelta(**delta)).isoformat()


def trial_graph():
    return {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "config": {
            "events": [{"name": "trial_started", "where": {"all": [
                {"property": "properties.plan", "op": "in", "value": ["pro", "team"]}]}}],
            "reenroll": {"mode": "never"}, "enroll_existing": False}},
        {"id": "wait", "type": "wait", "config": {"until_event": {
            "name": "report.exported", "timeout": {"days": 3}}}},
        {"id": "call", "type": "action", "config": {"action": "create_task", "title": "Exported!",
                                                    "assignee": "csm", "due_in_days": 1, "priority": "low"}},
        {"id": "done", "type": "end"},
        {"id": "exit", "type": "exit", "config": {"on_goal": "complete",
                                                  "on_enroll_unenroll_from": {"mode": "none"},
                                                  "on_segment_exit": "unenroll", "blacklist": None}}],
        "edges": [{"source": "start", "target": "wait"},
                  {"source": "wait", "target": "call", "branch": "met"},
                  {"source": "wait", "target": "done", "branch": "timeout"}]}


def test_an_event_enrolls_and_a_later_event_ends_the_wait(ws):
    ws.journey("trial", trial_graph())
    send(ws, {"account": "globex", "name": "trial_started", "properties": {"plan": "free"}},
         {"id": "t-1", "account": "acme", "name": "trial_started", "at": now(ws, minutes=-1),
          "properties": {"plan": "Team"}})
    assert ws.timeline("globex") == []  # its plan does not match the entry's where
    [enrollment] = ws.timeline("acme")
    entered, waiting = enrollment["steps"][:2]
    assert entered["outcome"] == "entered"
    assert entered["detail"]["event"] == {"name": "trial_started", "at": now(ws, minutes=-1), "id": "t-1"}
    assert (waiting["node_id"], waiting["outcome"]) == ("wait", "waiting")

    send(ws, {"account": "acme", "name": "report.exported", "at": now(ws, hours=-2)})  # before arrival
    send(ws, {"account": "acme", "name": "trial_started", "properties": {"plan": "pro"}})  # never re-enrolls
    [enrollment] = ws.timeline("acme")
    assert enrollment["status"] == "active" and len(enrollment["steps"]) == 2

    ws.clock.advance(hours=5)
    send(ws, {"account": "acme", "name": "report.exported", "properties": {"rows": 4}})
    [enrollment] = ws.timeline("acme")
    met = enrollment["steps"][2]
    assert (met["node_id"], met["outcome"]) == ("wait", "met")
    assert met["detail"]["event"]["properties"] == {"rows": 4}
    assert enrollment["steps"][3]["node_id"] == "call" and enrollment["status"] == "completed"
    tasks = ws.call("GET", "/api/tasks?account=acme")
    assert [t["title"] for t in tasks["items"]] == ["Exported!"]


def test_the_wait_times_out_without_the_event(ws):
    ws.journey("trial", trial_graph())
    send(ws, {"account": "acme", "name": "trial_started", "properties": {"plan": "pro"}})
    ws.tick(days=3, minutes=1)
    [enrollment] = ws.timeline("acme")
    assert [s["outcome"] for s in enrollment["steps"]][-2:] == ["timeout", "completed"]


def test_goal_on_event_counts(ws):
    graph = {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "config": {"segments": ["new-accounts"], "reenroll": {"mode": "never"},
                                                    "enroll_existing": True}},
        {"id": "hold", "type": "wait", "config": {"for": {"days": 30}}},
        {"id": "goal", "type": "goal", "config": {"rule": {"all": [
            {"property": "event.login.count", "within": {"days": 7}, "op": "gte", "value": 2}]}}}],
        "edges": [{"source": "start", "target": "hold"}]}
    ws.journey("activation", graph)
    ws.work()
    send(ws, {"account": "acme", "name": "login", "at": now(ws, days=-8)},
         {"account": "acme", "name": "login", "at": now(ws, hours=-1)})
    [enrollment] = ws.timeline("acme")
    assert enrollment["goal_achieved_at"] is None  # one of the two is outside the window
    send(ws, {"account": "acme", "name": "login"})
    [enrollment] = ws.timeline("acme")
    assert enrollment["goal_achieved_at"] is not None and enrollment["status"] == "goal_exited"
    goal = [s for s in enrollment["steps"] if s["node_id"] == "goal"][0]
    assert goal["detail"]["rule"]["all"][0]["actual"] == 2


def members(app, key: str) -> set[str]:
    from backend.models.accounts import Account

    with app.app_context():
        return set(db.session.scalars(select(Account.external_id).join(
            SegmentMembership, SegmentMembership.account_id == Account.id).join(
            Segment, Segment.id == SegmentMembership.segment_id).where(Segment.key == key)))


def test_segments_follow_events_in_and_out_of_their_window(ws, app):
    ws.call("POST", "/api/segments", {"key": "active", "name": "Active", "rule": {"all": [
        {"property": "event.login.count", "within": {"days": 1}, "op": "gte", "value": 1}]}})
    assert members(app, "active") == set()
    send(ws, {"account": "acme", "name": "login", "at": now(ws, hours=-20)})
    assert members(app, "active") == {"acme"}  # at once, on ingest
    ws.tick(hours=3)
    assert members(app, "active") == {"acme"}
    ws.tick(hours=2)  # the login is now 25 hours old
    assert members(app, "active") == set()


def test_simulate_takes_events_on_a_day(ws):
    journey_id = ws.journey("trial", trial_graph(), enable=False)
    result = ws.call("POST", f"/api/journeys/{journey_id}/simulate", {
        "account": "acme", "days": 5,
        "changes": [{"at_day": 2, "events": [{"name": "report.exported", "properties": {"rows": 9}}]}]})
    waits = [s for s in result["steps"] if s["node_id"] == "wait"]
    assert [(s["outcome"], s["day"]) for s in waits] == [("waiting", 0), ("met", 2)]
    assert result["status"] == "completed"
    bad = ws.call("POST", f"/api/journeys/{journey_id}/simulate", {
        "account": "acme", "days": 5, "changes": [{"at_day": 2, "events": [{"name": "Bad Name"}]}]}, expect=422)
    assert "name must match" in str(bad)


def test_simulating_a_draft_loads_the_events_its_own_rules_read(ws):
    """No live rule reads feature.used: the stored account's events must still reach the draft's
    condition (loaded by the draft's windows, not the live versions')."""
    draft = {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "config": {"segments": ["new-accounts"], "reenroll": {"mode": "never"},
                                                    "enroll_existing": False}},
        {"id": "check", "type": "condition", "config": {"rule": {"all": [
            {"property": "event.feature.used.count", "within": {"days": 3}, "op": "gte", "value": 2,
             "where": {"all": [{"property": "properties.feature", "op": "eq", "value": "sso"}]}}]}}},
        {"id": "busy", "type": "end"}, {"id": "quiet", "type": "end"}],
        "edges": [{"source": "start", "target": "check"}, {"source": "check", "target": "busy", "branch": "yes"},
                  {"source": "check", "target": "quiet", "branch": "no"}]}
    send(ws, *({"account": "acme", "name": "feature.used", "at": now(ws, days=-d), "properties": {"feature": "sso"}}
               for d in (1, 2, 5)),
         {"account": "globex", "name": "feature.used", "at": now(ws, days=-1), "properties": {"feature": "sso"}})
    created = ws.call("POST", "/api/journeys", {"key": "draft", "name": "Draft", "graph": draft})
    for account, end in (("acme", "busy"), ("globex", "quiet")):
        result = ws.call("POST", f"/api/journeys/{created['id']}/simulate", {"account": account, "days": 1})
        assert [s["node_id"] for s in result["steps"]][-1] == end, (account, result["steps"])
