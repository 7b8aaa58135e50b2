"""GET /api/journeys/<id>/report and GET /api/reports/overview (SPEC §11), on real walks."""
from __future__ import annotations

from datetime import timedelta

import pytest

from backend.extensions import db
from backend.models.events import Event
from tests.backend.report_graphs import ab_journey


def _walk(ws, accounts=8):
    """Enroll ``accounts`` accounts into the A/B journey; half reach the goal 12 hours later."""
    journey_id = ws.journey("ab", ab_journey())
    for i in range(accounts):
        ws.account(f"acct{i}", custom={"logins_30d": 9 if i % 3 == 0 else 1})
    ws.work()
    ws.tick(hours=12)
    for i in range(0, accounts, 2):
        ws.mark(f"acct{i}", "milestone", "first-report")
    ws.work()
    ws.tick(days=2)
    return journey_id


def test_report_counts_a_real_walk(ws, app):
    journey_id = _walk(ws)
    day = ws.clock().date()
    start = (day - timedelta(days=5)).isoformat()
    report = ws.call("GET", f"/api/journeys/{journey_id}/report?from={start}&to={day.isoformat()}")
    assert report["from"] == start and report["bucket"] == "day"
    assert len(report["series"]) == 6
    assert sum(p["enrolled"] for p in report["series"]) == 8
    assert sum(p["goal_achieved"] for p in report["series"]) == 4
    enrolled_day = next(p for p in report["series"] if p["enrolled"])
    assert enrolled_day["t"] == "2026-11-24"
    ended = sum(p["completed"] + p["unenrolled"] + p["failed"] for p in report["series"])
    assert ended == 4  # the other four exited on the goal (counted as goals)
    assert report["conversion"]["rate"] == 0.5
    lo, hi = report["conversion"]["ci95"]
    assert lo < 0.5 < hi and round(lo, 4) == 0.2152 and round(hi, 4) == 0.7848
    assert 12 <= report["time_to_goal_hours"]["p50"] <= 13
    nodes = report["nodes"]
    assert {k: nodes["start"][k] for k in ("reached", "goal_after", "type")} == {
        "reached": 8, "goal_after": 4, "type": "entry"}
    assert nodes["ab"]["reached"] == 8
    assert nodes["welcome"]["reached"] + nodes["wait1"]["reached"] == 8
    assert nodes["wait2"]["reached"] == nodes["welcome"]["reached"]  # waiting + done: once
    split = report["splits"]["ab"]
    assert split["a"]["n"] + split["b"]["n"] == 8
    assert split["a"]["goal"] + split["b"]["goal"] == 4
    assert 0 <= split["p_value"] <= 1 or split["p_value"] is None
    assert report["emails"]["welcome"]["sent"] == split["a"]["n"]
    assert report["emails"]["welcome"]["opened"] == 0


def test_a_step_removed_by_a_later_version_keeps_its_name_in_the_report(ws):
    """After publishing a version without a step, the report still lists what reached it — by
    the name it had, not by its id."""
    graph = ab_journey()
    [wait2] = [n for n in graph["nodes"] if n["id"] == "wait2"]
    wait2["label"] = "Give them two days"
    journey_id = ws.journey("ab", graph)
    graph["nodes"] = [n for n in graph["nodes"] if n["id"] != "wait2"]
    graph["edges"] = [e for e in graph["edges"] if "wait2" not in (e["source"], e["target"])] + [
        {"source": "welcome", "target": "used"}]  # the wait taken out of the chain
    draft = ws.call("GET", f"/api/journeys/{journey_id}")["draft_version"]
    ws.call("PUT", f"/api/journeys/{journey_id}", {"graph": graph, "draft_version": draft})
    ws.call("POST", f"/api/journeys/{journey_id}/publish", {})
    node = ws.call("GET", f"/api/journeys/{journey_id}/report")["nodes"]["wait2"]
    assert (node["label"], node["type"]) == ("Give them two days", "wait")


def test_week_buckets_start_on_monday(ws):
    journey_id = _walk(ws, accounts=2)
    report = ws.call("GET", f"/api/journeys/{journey_id}/report?from=2026-11-20&to=2026-12-02&bucket=week")
    assert [p["t"] for p in report["series"]] == ["2026-11-16", "2026-11-23", "2026-11-30"]
    assert sum(p["enrolled"] for p in report["series"]) == 2


def test_email_engagement_comes_from_product_events(ws, app):
    journey_id = _walk(ws, accounts=4)
    with app.app_context():
        from backend.models.accounts import Account

        accounts = db.session.query(Account.id).order_by(Account.id).all()
        at = ws.clock()
        for (account_id,), name in zip(accounts, ("email.opened", "email.opened", "email.clicked",
                                                   "email.opened")):
            props = {"journey": journey_id, "node": "welcome", "template": "welcome"}
            db.session.add(Event(account_id=account_id, name=name, at=at, properties=props,
                                 received_at=at))
        db.session.add(Event(account_id=accounts[0][0], name="email.opened", at=at, received_at=at,
                             properties={"journey": journey_id, "node": "welcome"}))  # same person
        db.session.add(Event(account_id=accounts[1][0], name="email.opened", at=at, received_at=at,
                             properties={"journey": journey_id + 1, "node": "welcome"}))
        db.session.commit()
    report = ws.call("GET", f"/api/journeys/{journey_id}/report")
    assert report["emails"]["welcome"]["opened"] == 3
    assert report["emails"]["welcome"]["clicked"] == 1


@pytest.mark.parametrize("query, field", [
    ("from=2026-11-10&to=2026-11-01", "from"),
    ("from=2024-01-01&to=2026-11-01", "to"),
    ("bucket=month", "bucket"),
    ("from=2026-13-01", "from"),
    ("from=20261101", "from"),
    ("to=1900-01-01", "to"),
])
def test_bad_ranges_are_422(ws, query, field):
    journey_id = ws.journey("ab", ab_journey())
    body = ws.call("GET", f"/api/journeys/{journey_id}/report?{query}", expect=422)
    assert body["error"]["code"] in ("invalid", "validation_error", "unprocessable_entity")
    assert field in str(body["error"]["details"])


def test_unknown_journey_is_404(ws):
    ws.call("GET", "/api/journeys/999999/report", expect=404)


def test_every_role_reads_reports(ws, client, support_headers, csm_headers):
    journey_id = _walk(ws, accounts=2)
    for headers in (support_headers, csm_headers):
        assert client.get(f"/api/journeys/{journey_id}/report", headers=headers).status_code == 200
        assert client.get("/api/reports/overview", headers=headers).status_code == 200
    assert client.get("/api/reports/overview").status_code == 401


def test_overview_lists_every_journey(ws):
    journey_id = _walk(ws, accounts=4)
    other = ws.journey("quiet", ab_journey(), enable=False)
    overview = ws.call("GET", "/api/reports/overview")
    rows = {row["id"]: row for row in overview["journeys"]}
    assert set(rows) >= {journey_id, other}
    assert rows[journey_id]["enrolled"] == 4 and rows[journey_id]["goal_achieved"] == 2
    assert rows[journey_id]["conversion"]["rate"] == 0.5
    assert rows[journey_id]["active"] == sum(
        1 for i in range(4) for e in ws.timeline(f"acct{i}") if e["status"] == "active")
    assert rows[other] | {"conversion": None} == rows[other] | {
        "enrolled": 0, "active": 0, "goal_achieved": 0, "completed": 0, "conversion": None}
    assert rows[other]["conversion"] == {"rate": None, "ci95": None}
    ws.call("GET", "/api/reports/overview?from=2026-12-10&to=2026-12-01", expect=422)


def test_overview_counts_failed_and_unenrolled_and_has_no_rate_without_a_goal(ws, app):
    """A journey whose enrollments failed or were unenrolled says so; one with no goal step has
    no conversion (null, has_goal false), not a 0% with an interval."""
    journey_id = _walk(ws, accounts=4)
    graph = ab_journey()
    graph["nodes"] = [n for n in graph["nodes"] if n["type"] != "goal"]
    no_goal = ws.journey("nogoal", graph, enable=False)
    for i in (4, 5):  # two more, waiting in the journey
        ws.account(f"acct{i}")
    ws.work()
    with app.app_context():
        from backend.models.enrollments import Enrollment

        rows = db.session.query(Enrollment).filter(Enrollment.journey_id == journey_id,
                                                   Enrollment.status == "active").order_by(Enrollment.id).all()
        assert len(rows) >= 2
        failed, unenrolled = rows[0].id, rows[1].id
        rows[0].status, rows[0].ended_at, rows[0].error = "failed", ws.clock(), "SMTP down"
        db.session.commit()
    ws.call("POST", f"/api/enrollments/{unenrolled}/unenroll", {})
    rows = {row["id"]: row for row in ws.call("GET", "/api/reports/overview")["journeys"]}
    assert (rows[journey_id]["failed"], rows[journey_id]["failed_now"], rows[journey_id]["unenrolled"]) == (1, 1, 1)
    assert rows[journey_id]["has_goal"] is True and round(rows[journey_id]["conversion"]["rate"], 4) == round(2 / 6, 4)
    assert rows[no_goal]["has_goal"] is False and rows[no_goal]["conversion"] is None
    assert (rows[no_goal]["failed"], rows[no_goal]["failed_now"], rows[no_goal]["unenrolled"]) == (0, 0, 0)
    ws.call("POST", f"/api/enrollments/{failed}/retry", {})
    row = next(r for r in ws.call("GET", "/api/reports/overview")["journeys"] if r["id"] == journey_id)
    assert (row["failed"], row["failed_now"]) == (0, 0)  # retried: no longer a failure to look at


def test_rebuild_command_recounts_and_is_audited(ws, app):
    journey_id = _walk(ws, accounts=4)
    with app.app_context():
        from backend.extensions import db as _db
        from backend.models.reporting import ReportRollup
        from backend.services.reporting_rollups import rollup_counts

        kept = rollup_counts(journey_id)
        _db.session.query(ReportRollup).filter(ReportRollup.journey_id == journey_id).delete()
        _db.session.commit()
        assert rollup_counts(journey_id) == {}
    result = app.test_cli_runner().invoke(args=["reports", "rebuild", "--journey", str(journey_id)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Rebuilt {len(kept)} rollup rows for journey {journey_id}")
    with app.app_context():
        assert rollup_counts(journey_id) == kept
    [entry] = ws.call("GET", "/api/audit?action=reports.rebuild")["items"]
    assert entry["object"] == f"journey:{journey_id}"
    missing = app.test_cli_runner().invoke(args=["reports", "rebuild", "--journey", "999999"])
    assert missing.exit_code != 0 and "not found" in missing.output



def test_an_email_that_went_to_no_one_is_not_counted_as_emailed(ws):
    """An account with no contacts passes the email step without an email: its step reads
    "skipped" on the timeline, the step still counts as passed on the canvas and reached in
    the report, and the report's "Accounts emailed" leaves it out."""
    graph = {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "config": {"segments": ["new-accounts"], "reenroll": {"mode": "never"},
                                                    "enroll_existing": False}},
        {"id": "welcome", "type": "action", "config": {"action": "send_email", "template": "welcome",
                                                       "to": {"contacts": "all"}}},
        {"id": "done", "type": "end"}],
        "edges": [{"source": "start", "target": "welcome"}, {"source": "welcome", "target": "done"}]}
    journey_id = ws.journey("hello", graph)
    ws.account("ann")
    ws.account("bob")
    ws.account("nobody", contacts=[])
    ws.work()
    [email] = [s for s in ws.timeline("nobody")[0]["steps"] if s["node_id"] == "welcome"]
    assert email["outcome"] == "skipped" and email["detail"]["result"]["skipped"].startswith("no recipient")
    assert ws.timeline("nobody")[0]["status"] == "completed"
    assert [s["outcome"] for s in ws.timeline("ann")[0]["steps"] if s["node_id"] == "welcome"] == ["done"]
    day = ws.clock().date().isoformat()
    report = ws.call("GET", f"/api/journeys/{journey_id}/report?from={day}&to={day}")
    assert report["emails"]["welcome"]["sent"] == 2
    assert report["nodes"]["welcome"]["reached"] == 3
    assert ws.call("GET", f"/api/journeys/{journey_id}/stats")["nodes"]["welcome"]["passed"] == 3
