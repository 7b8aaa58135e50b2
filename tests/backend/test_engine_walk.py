"""The engine walks real accounts through real journeys: enroll, act, wait, decide, goal, exit."""
from __future__ import annotations




def drip(**exit_config) -> dict:
    exit_node = {"on_goal": "complete", "on_enroll_unenroll_from": {"mode": "none"},
                 "on_segment_exit": "nothing", "blacklist": None, **exit_config}
    return {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "config": {"segments": ["new-accounts"],
                                                     "reenroll": {"mode": "never"}, "enroll_existing": False}},
        {"id": "welcome", "type": "action", "config": {"action": "send_email", "template": "welcome",
                                                       "to": {"contacts": "all"}}},
        {"id": "wait3", "type": "wait", "config": {"for": {"days": 3}}},
        {"id": "used", "type": "condition", "config": {"rule": {"all": [
            {"property": "custom.logins_30d", "op": "gte", "value": 5}]}}},
        {"id": "call", "type": "action", "config": {"action": "create_task", "title": "Call {{ account.name }}",
                                                    "assignee": "csm", "due_in_days": 2, "priority": "high"}},
        {"id": "count", "type": "action", "config": {"action": "increase_attribute",
                                                     "attribute": "custom.touches", "by": 1}},
        {"id": "done", "type": "end"},
        {"id": "goal", "type": "goal", "config": {"rule": {"all": [
            {"property": "milestone", "op": "has_met", "value": "first-report"}]}}},
        {"id": "exit", "type": "exit", "config": exit_node},
    ], "edges": [
        {"source": "start", "target": "welcome"}, {"source": "welcome", "target": "wait3"},
        {"source": "wait3", "target": "used"}, {"source": "used", "target": "count", "branch": "yes"},
        {"source": "used", "target": "call", "branch": "no"}, {"source": "call", "target": "done"},
        {"source": "count", "target": "done"},
    ]}


def test_an_account_entering_the_segment_walks_the_whole_journey(ws, smtp_server, app):
    app.config["SMTP_URL"] = smtp_server.url
    try:
        ws.journey("onboarding", drip())
        ws.account("acme", csm="asha@example.com", custom={"logins_30d": 2})
        ws.work()
        [enrollment] = ws.timeline("acme")
        assert enrollment["status"] == "active"
        assert [s["node_id"] for s in enrollment["steps"]] == ["start", "welcome", "wait3"]
        [email] = smtp_server.messages
        assert email["Subject"] == "Welcome, Acme" and email["To"] == "ana@acme.example"
        assert "Asha here" in email.get_content()
        outbox = ws.call("GET", "/api/outbox")["items"]
        assert [o["status"] for o in outbox] == ["sent"]

        ws.tick(days=2, hours=23)  # not due yet
        assert len(ws.timeline("acme")[0]["steps"]) == 3
        ws.tick(hours=1)
        [enrollment] = ws.timeline("acme")
        assert enrollment["status"] == "completed"
        steps = {s["node_id"]: s for s in enrollment["steps"]}
        assert steps["used"]["outcome"] == "no"
        assert "call" in steps and "count" not in steps
        [task] = ws.call("GET", "/api/tasks")["items"]
        assert task["title"] == "Call Acme" and task["priority"] == "high"
        assert task["assignee"] in ("asha@example.com", {"email": "asha@example.com", "name": "Asha"}) or \
            "asha@example.com" in str(task["assignee"])
        assert len(smtp_server.messages) == 1  # nothing sent twice
    finally:
        app.config["SMTP_URL"] = None


def test_goal_met_by_a_data_change_exits_at_once(ws):
    ws.journey("onboarding", drip())
    ws.account("globex")
    ws.work()
    assert ws.timeline("globex")[0]["status"] == "active"
    ws.mark("globex", "milestone", "first-report")
    ws.work()
    [enrollment] = ws.timeline("globex")
    assert enrollment["status"] == "goal_exited"
    assert enrollment["goal_achieved_at"]


def test_blacklist_unenrolls_with_the_reason(ws):
    ws.journey("onboarding", drip(blacklist={"any": [
        {"property": "account.status", "op": "eq", "value": "churned"}]}))
    ws.account("initech")
    ws.work()
    ws.patch("initech", status="churned")
    ws.work()
    [enrollment] = ws.timeline("initech")
    assert (enrollment["status"], enrollment["reason"]) == ("unenrolled", "blacklist")


def test_leaving_the_segment_unenrolls_when_the_exit_says_so(ws):
    ws.journey("onboarding", drip(on_segment_exit="unenroll"))
    ws.account("umbrella")
    ws.work()
    ws.patch("umbrella", stage="live")
    ws.work()
    [enrollment] = ws.timeline("umbrella")
    assert (enrollment["status"], enrollment["reason"]) == ("unenrolled", "segment_exit")


def test_no_reenrollment_when_the_rule_says_never(ws):
    ws.journey("onboarding", drip(on_segment_exit="unenroll"))
    ws.account("hooli")
    ws.work()
    ws.patch("hooli", stage="live")
    ws.work()
    ws.patch("hooli", stage="new")
    ws.work()
    assert len(ws.timeline("hooli")) == 1


def test_increase_attribute_changes_the_account_and_is_done_once(ws):
    ws.journey("onboarding", drip())
    ws.account("stark", custom={"logins_30d": 9})
    ws.work()
    ws.tick(days=3)
    ws.tick()  # a second round changes nothing
    account = ws._accounts("get_account", "stark")
    assert account["custom"]["touches"] == 1
    [enrollment] = ws.timeline("stark")
    assert enrollment["status"] == "completed"
    assert [s["node_id"] for s in enrollment["steps"]][-2:] == ["count", "done"]


def test_disabled_journey_pauses_and_enable_fires_overdue_waits(ws):
    journey_id = ws.journey("onboarding", drip())
    ws.account("wayne", custom={"logins_30d": 1})
    ws.work()
    ws.call("POST", f"/api/journeys/{journey_id}/disable")
    ws.tick(days=5)
    assert len(ws.timeline("wayne")[0]["steps"]) == 3
    ws.call("POST", f"/api/journeys/{journey_id}/enable")
    ws.tick()
    assert ws.timeline("wayne")[0]["status"] == "completed"


def test_stats_count_what_the_engine_did(ws):
    journey_id = ws.journey("onboarding", drip())
    ws.account("s1", custom={"logins_30d": 9})
    ws.account("s2", custom={"logins_30d": 1})
    ws.account("s3", custom={"logins_30d": 1})
    ws.work()
    ws.tick(days=3)
    ws.account("s4")
    ws.work()
    stats = ws.call("GET", f"/api/journeys/{journey_id}/stats")
    assert stats["enrolled"] == 4
    assert stats["by_status"]["completed"] == 3 and stats["by_status"]["active"] == 1
    assert stats["nodes"]["wait3"]["now"] == 1
    assert stats["nodes"]["used"]["branches"] == {"yes": 1, "no": 2}
    assert stats["nodes"]["welcome"]["passed"] == 4
    # no mail server: the emails are kept in the outbox, and counted as kept, not as emailed
    emails = stats["nodes"]["welcome"]["emails"]
    assert emails["kept"] > 0 and emails["emailed"] == 0 and emails["queued"] == 0
    assert emails["sent"] == emails["kept"]
    # the Live list of a wait's accounts says until when each one waits there
    waiting = ws.call("GET", f"/api/journeys/{journey_id}/nodes/wait3/accounts")["items"]
    assert [(a["external_id"], a["here"]) for a in waiting if a["here"]] == [("s4", True)]
    assert next(a for a in waiting if a["here"])["wake_at"]
    assert all(a["wake_at"] is None for a in waiting if not a["here"])


def test_the_outbox_names_the_journey_and_step_an_email_came_from(ws):
    """Two identical emails from two journeys are told apart: each names its journey, and its step
    as the version the enrollment walked drew it (a label, or the type and action to word it by)."""
    named = drip()
    named["nodes"][1]["label"] = "Welcome email"
    first = ws.journey("onboarding", named)
    second = ws.journey("onboarding-copy", drip())
    ws.account("twice")
    ws.work()
    items = ws.call("GET", "/api/outbox?account=twice")["items"]
    origins = sorted((i["journey"]["id"], i["journey"]["name"], i["step"]["id"], i["step"]["label"], i["step"]["type"],
                      i["step"]["action"]) for i in items)
    assert origins == [(first, "onboarding", "welcome", "Welcome email", "action", "send_email"),
                       (second, "onboarding-copy", "welcome", None, "action", "send_email")]
    # a later draft renaming the step does not rename what the walked version sent
    ws.call("PUT", f"/api/journeys/{first}", {"graph": drip(), "draft_version": 1})
    assert {i["step"]["label"] for i in ws.call("GET", "/api/outbox?account=twice")["items"]} == {"Welcome email", None}


def test_stats_count_a_branch_that_has_no_edge(ws):
    """A "no" left unconnected ends the walk there; the canvas still shows how many went that way."""
    graph = drip()
    graph["nodes"] = [n for n in graph["nodes"] if n["id"] != "call"]
    graph["edges"] = [e for e in graph["edges"] if "call" not in (e["source"], e["target"])]
    journey_id = ws.journey("onboarding", graph)
    ws.account("n1", custom={"logins_30d": 9})
    ws.account("n2", custom={"logins_30d": 1})
    ws.work()
    ws.tick(days=3)
    stats = ws.call("GET", f"/api/journeys/{journey_id}/stats")
    assert stats["nodes"]["used"]["branches"] == {"yes": 1, "no": 1}
    assert stats["by_status"]["completed"] == 2


def test_every_data_change_gets_a_job_of_its_own(ws, app):
    """Two quick changes to one account: the second must not be swallowed by the first's job id.
    People's changes go on the interactive lane, which workers drain before bulk work."""
    from backend.jobs import lanes

    ws.account("quick")
    with app.app_context():
        before = len(lanes.queue(lanes.INTERACTIVE))
    ws.patch("quick", name="Quick 2")
    ws.patch("quick", name="Quick 3")
    with app.app_context():
        assert len(lanes.queue(lanes.INTERACTIVE)) == before + 2
        assert len(lanes.queue(lanes.BULK)) == 0


def test_a_bulk_walk_yields_to_interactive_work_and_takes_turns(ws, app, monkeypatch):
    """Between rounds a bulk job gives way: to waiting interactive work (its rest goes back to
    the front of the bulk lane) and, after its time slice, to other bulk work (rest at the back)."""
    from backend.engine import walker
    from backend.jobs import jobs, lanes

    graph = {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "config": {"segments": ["new-accounts"], "reenroll": {"mode": "never"},
                                                     "enroll_existing": False}},
        {"id": "done", "type": "end"}], "edges": [{"source": "start", "target": "done"}]}
    ws.journey("quick", graph)
    ws.bulk([{"external_id": f"y-{i}", "name": f"Y {i}", "stage": "new"} for i in range(6)])
    monkeypatch.setattr(walker, "BATCH", 2)
    with app.app_context():
        from backend.engine.enrolling import process_segment_events
        ids = sorted(process_segment_events())
        from redis import Redis
        Redis.from_url(app.config["REDIS_URL"]).flushdb()
        lanes.enqueue(jobs.recheck_job, [], lane=lanes.INTERACTIVE)  # someone is waiting
        lanes.enqueue(jobs.recheck_job, [], lane=lanes.BULK)         # other bulk work
        jobs._walk_bulk(ids)
        bulk = lanes.queue(lanes.BULK).jobs
        assert bulk[0].func_name.endswith("advance_job") and bulk[0].args == (ids[2:],)  # front
        lanes.queue(lanes.INTERACTIVE).empty()
        lanes.queue(lanes.BULK).empty()
        lanes.enqueue(jobs.recheck_job, [], lane=lanes.BULK)
        monkeypatch.setattr(jobs, "BULK_SLICE_S", -1)  # the slice is used up at once
        jobs._walk_bulk(ids[2:])
        bulk = lanes.queue(lanes.BULK).jobs
        assert bulk[-1].func_name.endswith("advance_job") and bulk[-1].args == (ids[4:],)  # back
        assert bulk[0].func_name.endswith("recheck_job")
