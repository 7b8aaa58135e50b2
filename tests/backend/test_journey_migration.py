"""Publishing with ``migrate: move`` (SPEC §10): accounts at waits, at conditions and not
started yet move onto the new version exactly once, in one transaction, recorded in
their step logs; unmapped nodes are a 422 that changes nothing; the preview counts."""
from __future__ import annotations

import copy
from datetime import datetime, timedelta

from sqlalchemy import func, select

from backend.extensions import db
from backend.models.audit import AuditEntry
from backend.models.enrollments import Enrollment, StepLog
from backend.models.journeys import JourneyVersion


def drip() -> dict:
    """start → welcome email → wait 3 days → logins ≥ 5? yes: +1 touch / no: call task → done."""
    return {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "config": {"segments": ["new-accounts"],
                                                     "reenroll": {"mode": "never"}, "enroll_existing": False}},
        {"id": "welcome", "type": "action", "config": {"action": "send_email", "template": "welcome",
                                                       "to": {"contacts": "all"}}},
        {"id": "wait3", "type": "wait", "label": "Three days", "config": {"for": {"days": 3}}},
        {"id": "used", "type": "condition", "config": {"rule": {"all": [
            {"property": "custom.logins_30d", "op": "gte", "value": 5}]}}},
        {"id": "call", "type": "action", "config": {"action": "create_task", "title": "Call {{ account.name }}",
                                                    "assignee": "csm", "due_in_days": 2, "priority": "high"}},
        {"id": "count", "type": "action", "config": {"action": "increase_attribute",
                                                     "attribute": "custom.touches", "by": 1}},
        {"id": "done", "type": "end"},
    ], "edges": [
        {"source": "start", "target": "welcome"}, {"source": "welcome", "target": "wait3"},
        {"source": "wait3", "target": "used"}, {"source": "used", "target": "count", "branch": "yes"},
        {"source": "used", "target": "call", "branch": "no"}, {"source": "call", "target": "done"},
        {"source": "count", "target": "done"},
    ]}


def node(graph: dict, node_id: str) -> dict:
    return next(n for n in graph["nodes"] if n["id"] == node_id)


def rename(graph: dict, old: str, new: str) -> dict:
    """The graph with node ``old`` called ``new`` (edges follow)."""
    graph = copy.deepcopy(graph)
    node(graph, old)["id"] = new
    for edge in graph["edges"]:
        for end in ("source", "target"):
            if edge[end] == old:
                edge[end] = new
    return graph


def draft(ws, journey_id: int, graph: dict) -> None:
    current = ws.call("GET", f"/api/journeys/{journey_id}")
    ws.call("PUT", f"/api/journeys/{journey_id}", {"graph": graph, "draft_version": current["draft_version"]})


def rows(app, journey_id: int) -> dict[int, Enrollment]:
    with app.app_context():
        found = {e.id: e for e in db.session.scalars(select(Enrollment).where(Enrollment.journey_id == journey_id))}
        db.session.expunge_all()
        return found


def migration_steps(app, enrollment_id: int) -> list[StepLog]:
    with app.app_context():
        steps = list(db.session.scalars(select(StepLog).where(StepLog.enrollment_id == enrollment_id,
                                                              StepLog.type == "migration")))
        db.session.expunge_all()
        return steps


def at_wait(ws, *names: str, **custom) -> int:
    """A live drip journey with these accounts waiting at wait3; returns its id."""
    journey_id = ws.journey("onboarding", drip())
    for name in names:
        ws.account(name, csm="asha@example.com", custom=custom or {"logins_30d": 1})
    ws.work()
    return journey_id


def test_a_wait_mapped_onto_a_wait_of_the_same_kind_keeps_its_wake_time(ws, app):
    journey_id = at_wait(ws, "acme", "birch")
    before = rows(app, journey_id)
    wakes = {e.id: e.wake_at for e in before.values()}
    assert {e.current_node for e in before.values()} == {"wait3"}

    ws.tick(days=1)
    longer = rename(drip(), "wait3", "pause")
    node(longer, "pause")["config"] = {"for": {"days": 5}}   # a longer wait: the wake time stays
    draft(ws, journey_id, longer)
    result = ws.call("POST", f"/api/journeys/{journey_id}/publish",
                     {"note": "Give them longer", "migrate": {"mode": "move", "map": {"wait3": "pause"}}})
    assert result["published_version"] == 2
    assert result["migration"]["moved"] == 2

    after = rows(app, journey_id)
    for enrollment in after.values():
        assert (enrollment.version, enrollment.current_node, enrollment.status) == (2, "pause", "active")
        assert enrollment.wake_at == wakes[enrollment.id]
        assert enrollment.state["node_id"] == "pause"
        assert datetime.fromisoformat(enrollment.state["wake_at"]) == wakes[enrollment.id]
        # the new wait's 5 days end when the old 3 days did
        started = datetime.fromisoformat(enrollment.state["wait_started_at"])
        assert started + timedelta(days=5) == wakes[enrollment.id]
        with app.app_context():
            version = db.session.get(JourneyVersion, enrollment.journey_version_id)
            assert (version.version, version.note) == (2, "Give them longer")
        [step] = migration_steps(app, enrollment.id)
        assert (step.node_id, step.outcome) == ("pause", "moved")
        assert step.detail["from"] == {"version": 1, "node_id": "wait3"}
        assert step.detail["to"] == {"version": 2, "node_id": "pause"}
        assert step.detail["message"] == "moved from v1 · wait3 to v2 · pause"
        assert step.detail["wait"] == "kept"

    ws.tick(days=1, hours=23)                                # still before the old wake time
    assert {e.status for e in rows(app, journey_id).values()} == {"active"}
    ws.tick(hours=2)                                         # past it: walks on, on version 2
    timeline = ws.timeline("acme")[0]
    assert timeline["status"] == "completed" and timeline["version"] == 2
    assert [s["node_id"] for s in timeline["steps"]] == \
        ["start", "welcome", "wait3", "pause", "pause", "used", "call", "done"]
    assert [s["type"] for s in timeline["steps"]][3] == "migration"
    assert len(ws.call("GET", "/api/tasks")["items"]) == 2  # one task each, exactly once


def test_recount_counts_a_shortened_wait_from_when_the_accounts_began_waiting(ws, app):
    """``waits: recount``: the 3-day wait shortened to 2 days lets go at once an account that
    has waited 2 days (one walk, no second email), and the preview says so beforehand."""
    journey_id = at_wait(ws, "acme")
    [before] = rows(app, journey_id).values()
    ws.tick(days=2, hours=1)
    shorter = drip()
    node(shorter, "wait3")["config"] = {"for": {"days": 2}}
    draft(ws, journey_id, shorter)
    body = {"mode": "move", "waits": "recount"}
    preview = ws.call("POST", f"/api/journeys/{journey_id}/publish/preview", {"migrate": body})
    assert preview["waits"] == "recount"
    assert [(g["node_id"], g["wait"]) for g in preview["nodes"]] == [("wait3", "recounted")]
    kept = ws.call("POST", f"/api/journeys/{journey_id}/publish/preview", {"migrate": {"mode": "move"}})
    assert [g["wait"] for g in kept["nodes"]] == ["kept"]  # SPEC §10's default is unchanged

    ws.call("POST", f"/api/journeys/{journey_id}/publish", {"migrate": body})
    [step] = migration_steps(app, before.id)
    assert step.detail["wait"] == "recounted"
    ws.tick(minutes=1)  # the scheduler's next tick: it waited 2 days already
    [timeline] = ws.timeline("acme")
    assert timeline["status"] == "completed" and timeline["version"] == 2
    assert [s["node_id"] for s in timeline["steps"]] == [
        "start", "welcome", "wait3", "wait3", "wait3", "used", "call", "done"]
    assert [s["outcome"] for s in timeline["steps"]][3:5] == ["moved", "done"]
    assert len(ws.call("GET", "/api/outbox")["items"]) == 1  # the welcome, once


def test_recount_keeps_a_lengthened_wait_going_from_when_it_began(ws, app):
    journey_id = at_wait(ws, "acme")
    [before] = rows(app, journey_id).values()
    started = datetime.fromisoformat(before.state["wait_started_at"])
    ws.tick(days=1)
    longer = drip()
    node(longer, "wait3")["config"] = {"for": {"days": 5}}
    draft(ws, journey_id, longer)
    ws.call("POST", f"/api/journeys/{journey_id}/publish", {"migrate": {"mode": "move", "waits": "recount"}})
    [after] = rows(app, journey_id).values()
    assert after.wake_at == started + timedelta(days=5)  # not the old 3 days' end
    assert datetime.fromisoformat(after.state["wait_started_at"]) == started
    ws.tick(days=3, hours=1)  # past the old end (day 3): still waiting
    assert [e.status for e in rows(app, journey_id).values()] == ["active"]
    ws.tick(days=1)           # day 5 passed
    assert ws.timeline("acme")[0]["status"] == "completed"


def test_an_unknown_waits_choice_is_a_422_and_nothing_changes(ws, app):
    journey_id = at_wait(ws, "acme")
    draft(ws, journey_id, drip())
    answer = ws.call("POST", f"/api/journeys/{journey_id}/publish",
                     {"migrate": {"mode": "move", "waits": "restart"}}, expect=422)
    assert "waits" in str(answer["error"])
    assert ws.call("GET", f"/api/journeys/{journey_id}")["published_version"] == 1


def test_same_ids_map_to_themselves_and_nothing_is_redone(ws, app, smtp_server):
    app.config["SMTP_URL"] = smtp_server.url
    try:
        journey_id = at_wait(ws, "acme")
        wake = next(iter(rows(app, journey_id).values())).wake_at
        changed = drip()
        node(changed, "call")["config"]["title"] = "Phone {{ account.name }}"
        draft(ws, journey_id, changed)
        preview = ws.call("POST", f"/api/journeys/{journey_id}/publish/preview", {"migrate": {"mode": "move"}})
        assert preview["can_publish"] and preview["moving"] == 1 and preview["unmapped"] == []
        [group] = preview["nodes"]
        assert (group["node_id"], group["to"], group["mapped_by"], group["wait"], group["count"]) == \
            ("wait3", "wait3", "same_id", "kept", 1)
        ws.call("POST", f"/api/journeys/{journey_id}/publish", {"migrate": {"mode": "move"}})
        [enrollment] = rows(app, journey_id).values()
        assert (enrollment.version, enrollment.wake_at) == (2, wake)
        ws.tick(days=3, minutes=1)
        [timeline] = ws.timeline("acme")
        assert timeline["status"] == "completed"
        [task] = ws.call("GET", "/api/tasks")["items"]
        assert task["title"] == "Phone Acme"                 # the fixed version's text
        assert len(smtp_server.messages) == 1                # the welcome email was not sent again
    finally:
        app.config["SMTP_URL"] = None


def test_a_wait_mapped_elsewhere_is_due_now_and_a_new_wait_starts_at_the_move(ws, app):
    journey_id = at_wait(ws, "acme", "birch")
    ws.tick(days=1)
    graph = drip()
    node(graph, "wait3")["config"] = {"until_rule": {"rule": {"all": [
        {"property": "custom.logins_30d", "op": "gte", "value": 5}]}, "timeout": {"days": 2}}}
    graph["edges"] = [e for e in graph["edges"] if e["source"] != "wait3"] + [
        {"source": "wait3", "target": "used", "branch": "met"},
        {"source": "wait3", "target": "used", "branch": "timeout"}]
    draft(ws, journey_id, graph)
    moved_at = ws.clock()
    ws.call("POST", f"/api/journeys/{journey_id}/publish", {"migrate": {"mode": "move"}})
    for enrollment in rows(app, journey_id).values():
        assert enrollment.wake_at == moved_at                # due now: the new wait starts at the move
        assert enrollment.state["wait_started_at"] is None and enrollment.state["node_id"] == "wait3"
        assert migration_steps(app, enrollment.id)[0].detail["wait"] is None
    ws.tick()
    for enrollment in rows(app, journey_id).values():
        assert enrollment.wake_at == moved_at + timedelta(days=2)   # the 2-day timeout from the move
    ws.patch("acme", custom={"logins_30d": 7})
    ws.work()
    assert ws.timeline("acme")[0]["status"] == "completed"
    assert ws.timeline("birch")[0]["status"] == "active"


def test_accounts_at_a_condition_move_and_the_new_rule_decides(ws, app):
    journey_id = at_wait(ws, "acme", logins_30d=3)
    # A walk cut short right before the condition (the step cap, or a worker killed after an
    # account-changing step): the state is at "used", due now.
    with app.app_context():
        enrollment = db.session.scalar(select(Enrollment).where(Enrollment.journey_id == journey_id))
        enrollment.state = {**enrollment.state, "node_id": "used", "wake_at": None, "wait_started_at": None}
        enrollment.current_node, enrollment.wake_at = "used", None
        db.session.commit()
    graph = rename(drip(), "used", "engaged")
    node(graph, "engaged")["config"]["rule"]["all"][0]["value"] = 2     # 3 logins is enough now
    draft(ws, journey_id, graph)
    refused = ws.call("POST", f"/api/journeys/{journey_id}/publish", {"migrate": {"mode": "move"}}, expect=422)
    assert refused["error"]["code"] == "unmapped_nodes"
    assert [(p["node_id"], p["count"]) for p in refused["error"]["details"]] == [("used", 1)]
    ws.call("POST", f"/api/journeys/{journey_id}/publish",
            {"migrate": {"mode": "move", "map": {"used": "engaged"}}})
    [enrollment] = rows(app, journey_id).values()
    assert (enrollment.current_node, enrollment.version) == ("engaged", 2)
    assert enrollment.wake_at is not None                 # due now
    ws.tick()
    [timeline] = ws.timeline("acme")
    assert timeline["status"] == "completed"
    decided = next(s for s in timeline["steps"] if s["node_id"] == "engaged" and s["type"] == "condition")
    assert decided["outcome"] == "yes"
    assert ws._accounts("get_account", "acme")["custom"]["touches"] == 1


def test_not_started_enrollments_start_at_the_new_entry(ws, app):
    journey_id = ws.journey("onboarding", drip())
    ws.account("acme", custom={"logins_30d": 1})
    # enrolled a moment ago, its first walk not yet run: the row enroll_many writes
    with app.app_context():
        from backend.engine.enrolling import enroll_many
        from backend.engine.walker import graph_for
        from backend.models.accounts import Account
        from backend.models.journeys import Journey

        journey = db.session.get(Journey, journey_id)
        version = db.session.scalar(select(JourneyVersion).where(JourneyVersion.journey_id == journey_id))
        account_id = db.session.scalar(select(Account.id).where(Account.external_id == "acme"))
        enroll_many(journey, version, graph_for(version), [account_id], ws.clock())
        db.session.commit()
    [enrollment] = rows(app, journey_id).values()
    assert enrollment.state is None and enrollment.current_node is None
    graph = rename(drip(), "start", "begin")
    draft(ws, journey_id, graph)
    preview = ws.call("POST", f"/api/journeys/{journey_id}/publish/preview", {"migrate": {"mode": "move"}})
    assert [(g["node_id"], g["to"], g["mapped_by"]) for g in preview["nodes"]] == [(None, "begin", "start")]
    ws.call("POST", f"/api/journeys/{journey_id}/publish", {"migrate": {"mode": "move"}})
    [enrollment] = rows(app, journey_id).values()
    assert (enrollment.version, enrollment.state, enrollment.current_node) == (2, None, None)
    [step] = migration_steps(app, enrollment.id)
    assert step.node_id == "begin" and step.detail["from"] == {"version": 1, "node_id": None}
    ws.tick()
    steps = [s["node_id"] for s in ws.timeline("acme")[0]["steps"]]
    assert steps == ["begin", "begin", "welcome", "wait3"]


def test_unmapped_occupied_nodes_are_a_422_and_nothing_changes(ws, app):
    journey_id = at_wait(ws, "acme", "birch", "cedar")
    graph = drip()
    graph["nodes"] = [n for n in graph["nodes"] if n["id"] != "wait3"]
    graph["edges"] = [e for e in graph["edges"] if "wait3" not in (e["source"], e["target"])] + [
        {"source": "welcome", "target": "used"}]
    draft(ws, journey_id, graph)
    before = {i: (e.version, e.current_node, e.state, e.wake_at, e.step_seq) for i, e in rows(app, journey_id).items()}
    with app.app_context():
        audits = db.session.scalar(select(func.count()).select_from(AuditEntry))
        steps = db.session.scalar(select(func.count()).select_from(StepLog))

    preview = ws.call("POST", f"/api/journeys/{journey_id}/publish/preview", {"migrate": {"mode": "move"}})
    assert not preview["can_publish"] and preview["valid"]
    assert [(p["code"], p["node_id"], p["count"]) for p in preview["unmapped"]] == [("unmapped_node", "wait3", 3)]
    refused = ws.call("POST", f"/api/journeys/{journey_id}/publish", {"migrate": {"mode": "move"}}, expect=422)
    error = refused["error"]
    assert error["code"] == "unmapped_nodes"
    assert error["details"] == [{"code": "unmapped_node", "node_id": "wait3", "version": 1, "count": 3,
                                 "message": error["details"][0]["message"]}]
    assert "3 active accounts are at “Three days” (wait3)" in error["details"][0]["message"]
    bad = ws.call("POST", f"/api/journeys/{journey_id}/publish",
                  {"migrate": {"mode": "move", "map": {"wait3": "nowhere"}}}, expect=422)
    assert [p["code"] for p in bad["error"]["details"]] == ["unknown_target"]

    assert ws.call("GET", f"/api/journeys/{journey_id}")["published_version"] == 1
    after = {i: (e.version, e.current_node, e.state, e.wake_at, e.step_seq) for i, e in rows(app, journey_id).items()}
    assert after == before
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == audits
        assert db.session.scalar(select(func.count()).select_from(StepLog)) == steps
        assert db.session.scalar(select(func.count()).select_from(JourneyVersion)) == 1

    # stay publishes anyway: the accounts finish on version 1
    ws.call("POST", f"/api/journeys/{journey_id}/publish", {"migrate": {"mode": "stay"}})
    assert {e.version for e in rows(app, journey_id).values()} == {1}


def test_enrollments_on_several_older_versions_all_move(ws, app):
    journey_id = at_wait(ws, "acme")
    ws.call("POST", f"/api/journeys/{journey_id}/publish")              # v2, same graph: acme stays on v1
    ws.account("birch", custom={"logins_30d": 1})
    ws.work()
    assert sorted(e.version for e in rows(app, journey_id).values()) == [1, 2]
    preview = ws.call("POST", f"/api/journeys/{journey_id}/publish/preview", {"migrate": {"mode": "move"}})
    assert preview["by_version"] == [{"version": 1, "active": 1}, {"version": 2, "active": 1}]
    assert preview["moving"] == 2 and preview["staying"] == 0
    ws.call("POST", f"/api/journeys/{journey_id}/publish", {"migrate": {"mode": "move"}})
    assert {e.version for e in rows(app, journey_id).values()} == {3}
    versions = ws.call("GET", f"/api/journeys/{journey_id}/versions")["items"]
    assert [(v["version"], v["active"]) for v in versions] == [(3, 2), (2, 0), (1, 0)]


def test_preview_in_stay_mode_counts_without_blocking(ws, app):
    journey_id = at_wait(ws, "acme", "birch")
    graph = drip()
    graph["nodes"] = [n for n in graph["nodes"] if n["id"] != "wait3"]
    graph["edges"] = [e for e in graph["edges"] if "wait3" not in (e["source"], e["target"])] + [
        {"source": "welcome", "target": "used"}]
    draft(ws, journey_id, graph)
    preview = ws.call("POST", f"/api/journeys/{journey_id}/publish/preview", {})
    assert preview["mode"] == "stay" and preview["can_publish"]
    assert (preview["active"], preview["moving"], preview["staying"]) == (2, 0, 2)
    assert [(g["node_id"], g["count"], g["to"], g["label"]) for g in preview["nodes"]] == [("wait3", 2, None, "Three days")]
    assert preview["version"] == 2
    broken = copy.deepcopy(graph)
    broken["nodes"][1]["config"]["template"] = "nope"
    draft(ws, journey_id, broken)
    preview = ws.call("POST", f"/api/journeys/{journey_id}/publish/preview", {"migrate": {"mode": "move"}})
    assert not preview["valid"] and not preview["can_publish"]
    assert [p["code"] for p in preview["problems"]] == ["unknown_template"]


def test_accounts_mid_walk_before_an_action_move_and_it_runs_once_on_the_new_version(ws, app):
    """Mid-batch: a walk cut short right before an action (the step cap, or a worker killed after
    an account-changing step) is due at that action; moved, the new version's action runs once."""
    journey_id = at_wait(ws, "acme", "birch")
    with app.app_context():
        for enrollment in db.session.scalars(select(Enrollment).where(Enrollment.journey_id == journey_id)):
            enrollment.state = {**enrollment.state, "node_id": "call", "wake_at": None, "wait_started_at": None}
            enrollment.current_node, enrollment.wake_at = "call", ws.clock()
        db.session.commit()
    graph = rename(drip(), "call", "phone")
    node(graph, "phone")["config"]["title"] = "Phone {{ account.name }}"
    draft(ws, journey_id, graph)
    preview = ws.call("POST", f"/api/journeys/{journey_id}/publish/preview",
                      {"migrate": {"mode": "move", "map": {"call": "phone"}}})
    assert [(g["node_id"], g["count"], g["to"], g["mapped_by"]) for g in preview["nodes"]] == [("call", 2, "phone", "map")]
    ws.call("POST", f"/api/journeys/{journey_id}/publish", {"migrate": {"mode": "move", "map": {"call": "phone"}}})
    ws.tick()
    ws.tick()  # a second round changes nothing
    titles = sorted(t["title"] for t in ws.call("GET", "/api/tasks")["items"])
    assert titles == ["Phone Acme", "Phone Birch"]
    for name in ("acme", "birch"):
        [timeline] = ws.timeline(name)
        assert (timeline["status"], timeline["version"]) == ("completed", 2)
        assert [s["node_id"] for s in timeline["steps"]][-3:] == ["phone", "phone", "done"]
