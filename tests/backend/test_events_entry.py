"""Entry by event is durable and exactly once (SPEC §7, issue 13), on SQLite and PostgreSQL.

Ingest records the entry work (``event_entry_batches``) with the events; the job claims a
batch in the transaction of its enrollments; the scheduler re-finds batches no job claimed.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
from redis import Redis
from rq import Queue
from sqlalchemy import func, select

from backend.extensions import db
from backend.models.enrollments import Enrollment
from backend.models.events import EventEntryBatch


@pytest.fixture()
def accounts(ws):
    for name in ("acme", "globex", "initech"):
        ws.account(name, csm="asha@example.com")
    return ws


def instant_graph(mode: str = "every_time") -> dict:
    """Enters on trial_started and ends at once, so only exactly-once stops a second entry."""
    return {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "config": {"events": [{"name": "trial_started"}],
                                                    "reenroll": {"mode": mode}, "enroll_existing": False}},
        {"id": "done", "type": "end"}],
        "edges": [{"source": "start", "target": "done"}]}


def post(ws, *events):
    result = ws.call("POST", "/api/events", {"events": list(events)})
    assert result["errors"] == [], result
    return result


def enrollments(app, journey_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Enrollment)
                                 .where(Enrollment.journey_id == journey_id))


def batches(app) -> list[tuple[int, bool]]:
    with app.app_context():
        return [(b.id, b.processed_at is not None)
                for b in db.session.scalars(select(EventEntryBatch).order_by(EventEntryBatch.id))]


def test_flushall_after_ingest_the_scheduler_still_enrolls(accounts, app, redis_url):
    ws = accounts
    journey_id = ws.journey("trial", instant_graph("never"))
    post(ws, {"account": "acme", "name": "trial_started"}, {"account": "globex", "name": "trial_started"},
         {"account": "initech", "name": "login"})
    Redis.from_url(redis_url).flushall()  # the entry job (and every mark) is gone
    ws.work()
    assert enrollments(app, journey_id) == 0
    ws.tick(seconds=1)  # within the grace the immediate job may still be coming
    assert enrollments(app, journey_id) == 0
    ws.tick(seconds=2)
    assert enrollments(app, journey_id) == 2
    assert [s["outcome"] for s in ws.timeline("acme")[0]["steps"]][0] == "entered"
    assert ws.timeline("initech") == []
    assert [done for _, done in batches(app)] == [True]
    ws.tick(seconds=5)
    assert enrollments(app, journey_id) == 2


def test_the_entry_job_run_twice_enrolls_once_per_event(accounts, app):
    from backend.jobs.jobs import event_entry_job

    ws = accounts
    journey_id = ws.journey("trial", instant_graph("every_time"))
    post(ws, {"account": "acme", "name": "trial_started"}, {"account": "globex", "name": "trial_started"})
    ws.work()
    assert enrollments(app, journey_id) == 2
    [(batch_id, done)] = batches(app)
    assert done
    with app.app_context():
        assert event_entry_job(batch_id, True) == 0  # run again (a retried or duplicated job)
    ws.tick(seconds=5)
    assert enrollments(app, journey_id) == 2
    ws.clock.advance(minutes=1)
    post(ws, {"account": "acme", "name": "trial_started"})  # a new event: every_time enrolls again
    ws.work()
    assert enrollments(app, journey_id) == 3


def test_two_requests_at_the_same_instant_each_enroll_once(accounts, app):
    """The clock stands still: each request still gets its own stamp, so the second one's job
    reads only its own events (not the first request's again)."""
    ws = accounts
    journey_id = ws.journey("trial", instant_graph("every_time"))
    def ago(hours: int) -> str:
        return (ws.clock() - timedelta(hours=hours)).isoformat()

    post(ws, {"account": "acme", "name": "trial_started", "at": ago(1)})
    post(ws, {"account": "globex", "name": "trial_started", "at": ago(2)},  # the second request's
         {"account": "acme", "name": "trial_started", "at": ago(0)})       # times span the first's
    ws.work()
    entered_via = sorted(e["steps"][0]["detail"]["event"]["at"] for e in ws.timeline("acme"))
    assert entered_via == sorted([ago(1), ago(0)])
    assert enrollments(app, journey_id) == 3
    with app.app_context():
        stamps = list(db.session.scalars(select(EventEntryBatch.received_at)))
    assert len(set(stamps)) == 2


def test_duplicates_only_leave_no_batch(accounts, app):
    ws = accounts
    ws.journey("trial", instant_graph())
    post(ws, {"id": "e-1", "account": "acme", "name": "trial_started"})
    again = post(ws, {"id": "e-1", "account": "acme", "name": "trial_started"})
    assert again["duplicates"] == 1
    assert len(batches(app)) == 1
    post(ws, {"account": "acme", "name": "login"})  # no journey enters on it: no batch
    assert len(batches(app)) == 1


def _queued(app, redis_url) -> dict[str, list]:
    base = app.config["JOURNEYS_QUEUE"]
    out = {}
    for lane, name in (("interactive", f"{base}-interactive"), ("bulk", base)):
        out[lane] = [job.func_name.rsplit(".", 1)[-1]
                     for job in Queue(name, connection=Redis.from_url(redis_url)).jobs]
    return out


def test_a_single_event_goes_on_the_interactive_lane_an_import_on_the_bulk_lane(ws, app, redis_url):
    from backend.jobs.queueing import INTERACTIVE_MAX

    many = INTERACTIVE_MAX + 1
    ws.bulk([{"external_id": f"a{i}", "name": f"A {i}"} for i in range(many)])
    journey_id = ws.journey("trial", instant_graph())
    ws.work()
    Redis.from_url(redis_url).flushdb()
    post(ws, {"account": "a0", "name": "trial_started"})
    assert _queued(app, redis_url)["interactive"].count("event_entry_job") == 1
    assert "event_entry_job" not in _queued(app, redis_url)["bulk"]
    ws.work()
    Redis.from_url(redis_url).flushdb()
    post(ws, *({"account": f"a{i}", "name": "trial_started"} for i in range(many)))
    queued = _queued(app, redis_url)
    assert "event_entry_job" not in queued["interactive"]
    assert queued["bulk"].count("event_entry_job") == 1
    ws.work()
    assert enrollments(app, journey_id) == many + 1


def test_the_safety_net_waits_while_the_bulk_lane_is_full(accounts, app, redis_url):
    from backend.jobs import event_ticks, lanes
    from backend.jobs.jobs import recheck_job

    ws = accounts
    journey_id = ws.journey("trial", instant_graph())
    post(ws, {"account": "acme", "name": "trial_started"})
    Redis.from_url(redis_url).flushall()
    ws.clock.advance(seconds=5)
    with app.test_request_context():
        for _ in range(event_ticks.MAX_QUEUED_JOBS):
            lanes.enqueue(recheck_job, [], lane=lanes.BULK)
        assert event_ticks.pending_event_entries(ws.clock()) == 0
        Redis.from_url(redis_url).flushall()
        assert event_ticks.pending_event_entries(ws.clock()) == 1
        assert event_ticks.pending_event_entries(ws.clock()) == 0  # in flight already
    ws.work()
    assert enrollments(app, journey_id) == 1


def test_a_file_import_goes_on_the_bulk_lane_however_few_accounts(accounts, app, redis_url, tmp_path):
    """`flask import events` hands its follow-ups to the bulk lane even for one account's events
    (a million-event file of a few accounts must not crowd out people's changes)."""
    import json
    import subprocess
    import sys

    from backend.config import REPO_ROOT

    ws = accounts
    journey_id = ws.journey("trial", instant_graph())
    ws.work()
    file = tmp_path / "events.jsonl"
    file.write_text(json.dumps({"account": "acme", "name": "trial_started"}) + "\n")
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "INSTANCE_PATH": str(tmp_path), "REDIS_URL": redis_url, "JOURNEYS_QUEUE": app.config["JOURNEYS_QUEUE"]}
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "backend", "import", "events", str(file)],
                            cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert "1 accepted" in result.stdout, result.stderr
    queued = _queued(app, redis_url)
    assert "event_entry_job" not in queued["interactive"]
    assert queued["bulk"].count("event_entry_job") == 1
    ws.work()
    assert enrollments(app, journey_id) == 1


def test_a_failing_batch_is_tried_again_when_its_mark_expires_not_every_round(accounts, app, monkeypatch):
    from backend.jobs import jobs, lanes

    ws = accounts
    journey_id = ws.journey("trial", instant_graph())

    def broken(batch_id, now=None):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(jobs, "enroll_batch", broken)
    post(ws, {"account": "acme", "name": "trial_started"})
    ws.work()  # the job fails
    monkeypatch.undo()
    ws.tick(seconds=5)
    with app.test_request_context():
        assert lanes.queue(lanes.BULK).count == 0  # still marked in flight: not re-queued every round
    assert enrollments(app, journey_id) == 0
    redis = Redis.from_url(app.config["REDIS_URL"])
    redis.delete(*redis.keys("journeys:*:inflight:event-entry:*"))  # as if INFLIGHT_TTL had passed
    ws.tick(seconds=1)
    assert enrollments(app, journey_id) == 1


def test_a_request_about_many_accounts_is_split_into_batches_each_claimed_once(accounts, app, monkeypatch):
    from backend.services import event_entries

    monkeypatch.setattr(event_entries, "CHUNK", 2)
    ws = accounts
    journey_id = ws.journey("trial", instant_graph())
    post(ws, *({"account": name, "name": "trial_started"} for name in ("acme", "globex", "initech")))
    with app.app_context():
        parts = [(b.part, len(b.account_ids)) for b in db.session.scalars(
            select(EventEntryBatch).order_by(EventEntryBatch.part))]
    assert parts == [(0, 2), (1, 1)]
    ws.work()
    assert enrollments(app, journey_id) == 3
    assert all(done for _, done in batches(app))
