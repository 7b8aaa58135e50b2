"""Waits, retries, versions and re-enrollment: the engine over (injected) time."""
from __future__ import annotations

from datetime import timedelta

import pytest

from backend.extensions import db
from backend.models.outbox import OutboxEmail
from backend.jobs.ticks import disable_failing_journeys


def graph(*middle: dict, edges: list | None = None, reenroll=None, enroll_existing=False) -> dict:
    nodes = [{"id": "start", "type": "entry", "config": {
        "segments": ["new-accounts"], "reenroll": reenroll or {"mode": "never"},
        "enroll_existing": enroll_existing}}, *middle, {"id": "done", "type": "end"}]
    if edges is None:
        ids = [n["id"] for n in nodes]
        edges = [{"source": a, "target": b} for a, b in zip(ids, ids[1:])]
    return {"format": "journey/v1", "nodes": nodes, "edges": edges}


TASK = {"id": "task", "type": "action", "config": {"action": "create_task", "title": "Follow up",
                                                   "assignee": "csm", "due_in_days": 0, "priority": "low"}}


def _node_ids(ws, external_id, index=0):
    return [s["node_id"] for s in ws.timeline(external_id)[index]["steps"]]


def test_until_date_waits_for_a_date_relative_to_the_account(ws):
    billing = ws.clock().date() + timedelta(days=10)
    wait = {"id": "before", "type": "wait", "config": {"until_date": {
        "property": "account.next_billing_on", "offset": {"days": -7}}}}
    ws.journey("renewal", graph(wait, TASK))
    ws.account("renew", next_billing_on=billing.isoformat())
    ws.work()
    assert _node_ids(ws, "renew") == ["start", "before"]
    ws.tick(days=2)
    assert _node_ids(ws, "renew") == ["start", "before"]
    ws.tick(days=1)
    assert _node_ids(ws, "renew")[-2:] == ["task", "done"]


def test_until_date_in_the_past_continues_at_once(ws):
    wait = {"id": "before", "type": "wait", "config": {"until_date": {
        "property": "account.next_billing_on", "offset": {"days": -7}}}}
    ws.journey("renewal", graph(wait, TASK))
    ws.account("late", next_billing_on=ws.clock().date().isoformat())
    ws.work()
    assert ws.timeline("late")[0]["status"] == "completed"


def _until_rule_graph():
    wait = {"id": "hold", "type": "wait", "config": {"until_rule": {
        "rule": {"all": [{"property": "custom.logins_30d", "op": "gte", "value": 10}]},
        "timeout": {"days": 5}}}}
    met = {"id": "cheer", "type": "action", "config": {"action": "increase_attribute",
                                                       "attribute": "custom.touches", "by": 1}}
    edges = [{"source": "start", "target": "hold"}, {"source": "hold", "target": "cheer", "branch": "met"},
             {"source": "hold", "target": "task", "branch": "timeout"}, {"source": "cheer", "target": "done"},
             {"source": "task", "target": "done"}]
    return graph(wait, met, TASK, edges=edges)


def test_until_rule_met_the_moment_the_data_changes(ws):
    ws.journey("engage", _until_rule_graph())
    ws.account("eager", custom={"logins_30d": 1})
    ws.work()
    ws.tick(days=1)
    assert _node_ids(ws, "eager") == ["start", "hold"]
    ws.patch("eager", custom={"logins_30d": 12})
    ws.work()
    steps = ws.timeline("eager")[0]["steps"]
    hold = [s for s in steps if s["node_id"] == "hold"]
    assert hold[-1]["outcome"] == "met"
    assert [s["node_id"] for s in steps][-2:] == ["cheer", "done"]


def test_until_rule_times_out(ws):
    ws.journey("engage", _until_rule_graph())
    ws.account("sleepy", custom={"logins_30d": 1})
    ws.work()
    ws.tick(days=4, hours=23)
    assert _node_ids(ws, "sleepy") == ["start", "hold"]
    ws.tick(hours=1)
    steps = ws.timeline("sleepy")[0]["steps"]
    assert [s["outcome"] for s in steps if s["node_id"] == "hold"][-1] == "timeout"
    assert [s["node_id"] for s in steps][-2:] == ["task", "done"]


def test_enrollments_keep_their_version(ws):
    wait = {"id": "hold", "type": "wait", "config": {"for": {"days": 1}}}
    journey_id = ws.journey("pinned", graph(wait, TASK))
    ws.account("v1-acct")
    ws.work()
    draft = ws.call("GET", f"/api/journeys/{journey_id}")
    v2 = graph(wait)  # version 2 drops the task
    ws.call("PUT", f"/api/journeys/{journey_id}", {"graph": v2, "draft_version": draft["draft_version"]})
    ws.call("POST", f"/api/journeys/{journey_id}/publish")
    ws.account("v2-acct")
    ws.work()
    ws.tick(days=1)
    first, second = ws.timeline("v1-acct")[0], ws.timeline("v2-acct")[0]
    assert (first["version"], second["version"]) == (1, 2)
    assert "task" in [s["node_id"] for s in first["steps"]]
    assert "task" not in [s["node_id"] for s in second["steps"]]


@pytest.mark.parametrize("mode, days_later, expected", [
    ({"mode": "every_time"}, 0, 2), ({"mode": "after_days", "days": 30}, 10, 1),
    ({"mode": "after_days", "days": 30}, 31, 2), ({"mode": "never"}, 60, 1)])
def test_reenrollment_rules(ws, mode, days_later, expected):
    ws.journey("again", graph(TASK, reenroll=mode))
    ws.account("loop")
    ws.work()
    ws.patch("loop", stage="live")
    ws.work()
    ws.clock.advance(days=days_later)
    ws.patch("loop", stage="new")
    ws.work()
    assert len(ws.timeline("loop")) == expected


def test_enroll_existing_on_enable(ws):
    for name in ("old-1", "old-2"):
        ws.account(name)
    ws.work()
    ws.journey("existing", graph(TASK, enroll_existing=True))
    ws.work()
    assert [len(ws.timeline(n)) for n in ("old-1", "old-2")] == [1, 1]
    ws.journey("not-existing", graph(TASK))
    ws.work()
    assert [len(ws.timeline(n)) for n in ("old-1", "old-2")] == [1, 1]


def test_smtp_down_retries_with_backoff_then_fails_and_retry_sends(ws, app, smtp_server):
    from backend.redis_server import free_port

    mail = {"id": "mail", "type": "action", "config": {"action": "send_email", "subject": "Hi",
                                                       "body": "Hello {{ contact.name }}",
                                                       "to": {"contacts": "all"}}}
    ws.journey("mailer", graph(mail))
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{free_port()}"  # nobody listens: transient failures
    try:
        ws.account("offline")
        ws.work()
        with app.app_context():
            [email] = db.session.scalars(db.select(OutboxEmail)).all()
            assert (email.status, email.attempts) == ("queued", 1)
        for _ in range(6):
            ws.tick(hours=1)
        [enrollment] = ws.timeline("offline")
        assert enrollment["status"] == "failed"
        with app.app_context():
            [email] = db.session.scalars(db.select(OutboxEmail)).all()
            assert email.status == "failed" and email.attempts == 5
        app.config["SMTP_URL"] = smtp_server.url  # the server is back
        ws.call("POST", f"/api/enrollments/{enrollment['id']}/retry")
        ws.work()
        assert ws.timeline("offline")[0]["status"] == "completed"
        assert [m["To"] for m in smtp_server.messages] == ["ana@offline.example"]
    finally:
        app.config["SMTP_URL"] = None


def test_a_journey_failing_over_10_percent_disables_itself(ws, app):
    action = {"id": "set", "type": "action", "config": {"action": "set_attribute",
                                                        "attribute": "custom.touches", "value": 1}}
    journey_id = ws.journey("fragile", graph(action))
    with app.app_context():
        from backend.models.attributes import AttributeDefinition
        db.session.execute(db.delete(AttributeDefinition).where(AttributeDefinition.key == "touches"))
        db.session.commit()
    ws.bulk([{"external_id": f"f-{i}", "name": f"F {i}", "stage": "new"} for i in range(12)])
    ws.work()
    with app.app_context():
        assert disable_failing_journeys(ws.clock()) == [journey_id]
    journey = ws.call("GET", f"/api/journeys/{journey_id}")
    assert journey["enabled"] is False
    assert "12 of 12 enrollments failed" in journey["disabled_reason"]


def test_enabling_acts_on_what_changed_while_the_journey_was_disabled(ws, app):
    """SPEC §4: enabling resumes. A wait whose rule became true, a goal met and an account
    that left the segment (on_segment_exit: unenroll) while the journey was off are all acted
    on right after Enable — not when some unrelated write touches the account."""
    waiting = {"id": "hold", "type": "wait", "config": {"until_rule": {
        "rule": {"all": [{"property": "custom.logins_30d", "op": "gte", "value": 5}]},
        "timeout": {"days": 30}}}}
    g = graph(waiting, TASK, edges=[{"source": "start", "target": "hold"},
                                    {"source": "hold", "target": "task", "branch": "met"},
                                    {"source": "hold", "target": "done", "branch": "timeout"},
                                    {"source": "task", "target": "done"}])
    g["nodes"] += [{"id": "goal", "type": "goal", "config": {"rule": {"all": [
                       {"property": "milestone", "op": "has_met", "value": "first-report"}]}}},
                   {"id": "exit", "type": "exit", "config": {
                       "on_goal": "complete", "on_enroll_unenroll_from": {"mode": "none"},
                       "on_segment_exit": "unenroll", "blacklist": None}}]
    journey_id = ws.journey("resume", g)
    for name in ("rule", "goal", "leaver"):
        ws.account(name, custom={"logins_30d": 0})
    ws.work()
    assert {e["status"] for name in ("rule", "goal", "leaver") for e in ws.timeline(name)} == {"active"}
    ws.call("POST", f"/api/journeys/{journey_id}/disable")
    ws.patch("rule", custom={"logins_30d": 9})
    ws.mark("goal", "milestone", "first-report")
    ws.patch("leaver", stage="live")
    ws.work()  # the touch jobs run, but the journey is off: nothing moves
    assert {e["status"] for name in ("rule", "goal", "leaver") for e in ws.timeline(name)} == {"active"}
    ws.call("POST", f"/api/journeys/{journey_id}/enable")
    ws.work()  # no other write, no clock move: Enable alone must do it
    rule, = ws.timeline("rule")
    assert rule["status"] == "completed" and "task" in [s["node_id"] for s in rule["steps"]]
    assert ws.timeline("goal")[0]["status"] == "goal_exited"
    leaver, = ws.timeline("leaver")
    assert (leaver["status"], leaver["reason"]) == ("unenrolled", "segment_exit")


def test_an_unexpected_error_in_a_step_fails_that_enrollment_once(ws, app, monkeypatch):
    """A bug or an unforeseen value in one step fails that enrollment with the reason — never a
    retry loop — and the other enrollments of the batch go on."""
    import graph_engine as ge
    from backend.engine import walker
    from backend.models.journeys import Journey

    real = ge.advance

    def broken(graph, state, snapshot, now, **kwargs):
        if (snapshot.get("account") or {}).get("name") == "Doomed":
            raise OverflowError("date value out of range")
        return real(graph, state, snapshot, now, **kwargs)

    monkeypatch.setattr(walker.ge, "advance", broken)
    ws.journey("fragile", graph(TASK))
    ws.account("doomed", name="Doomed")
    ws.account("fine")
    ws.work()
    doomed, = ws.timeline("doomed")
    assert doomed["status"] == "failed"
    assert "OverflowError: date value out of range" in doomed["error"]
    assert ws.timeline("fine")[0]["status"] == "completed"
    for _ in range(3):  # the scheduler finds nothing due: no retry loop
        ws.tick(minutes=5)
    assert ws.timeline("doomed")[0]["status"] == "failed"
    with app.app_context():
        assert db.session.scalar(db.select(Journey.enabled))  # 1 of 2 < minimum: still enabled
