"""Exactly once, with real parts: jobs run twice, workers killed with SIGKILL, Redis flushed.

Nothing is sent twice, no step is lost, no account is enrolled twice.
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import datetime, timezone

import pytest
from redis import Redis

from backend import scheduler
from backend.config import REPO_ROOT
from backend.extensions import db
from backend.jobs.ticks import TICKS
from backend.models.enrollments import Enrollment
from backend.models.outbox import OutboxEmail
from backend.models.tasks import Task
from backend.engine.walker import advance_enrollments
from tests.backend.engine_helpers import Workspace, worker_process

LINEAR = {"format": "journey/v1", "nodes": [
    {"id": "start", "type": "entry", "config": {"segments": ["new-accounts"], "reenroll": {"mode": "never"},
                                                 "enroll_existing": False}},
    {"id": "mail", "type": "action", "config": {"action": "send_email", "template": "welcome",
                                                "to": {"contacts": "all"}}},
    {"id": "task", "type": "action", "config": {"action": "create_task", "title": "Call {{ account.name }}",
                                                "assignee": "csm", "due_in_days": 1, "priority": "low"}},
    {"id": "count", "type": "action", "config": {"action": "increase_attribute",
                                                 "attribute": "custom.touches", "by": 1}},
    {"id": "done", "type": "end"}],
    "edges": [{"source": "start", "target": "mail"}, {"source": "mail", "target": "task"},
              {"source": "task", "target": "count"}, {"source": "count", "target": "done"}]}


@pytest.fixture()
def ws(app, client, admin_headers, smtp_server):
    workspace = Workspace(app, client, admin_headers)
    workspace.clock.moment = datetime.now(timezone.utc)  # subprocess workers read the real clock
    workspace.setup_catalog()
    app.config["SMTP_URL"] = smtp_server.url
    yield workspace
    app.config["SMTP_URL"] = None
    workspace.close()


def _bulk(ws, count: int, prefix: str = "acct"):
    accounts = [{"external_id": f"{prefix}-{i}", "name": f"Company {i}", "stage": "new",
                 "csm": "asha@example.com",
                 "contacts": [{"name": f"Person {i}", "email": f"p{i}@{prefix}.example", "role": "admin"}]}
                for i in range(count)]
    result = ws.bulk(accounts)
    assert result["created"] == count, result


def _assert_exactly_once(app, smtp_server, count: int):
    with app.app_context():
        enrollments = db.session.scalars(db.select(Enrollment)).all()
        assert len(enrollments) == count  # nobody enrolled twice, nobody lost
        per_account = Counter(e.account_id for e in enrollments)
        assert set(per_account.values()) == {1}
        tasks = Counter(t.account_id for t in db.session.scalars(db.select(Task)))
        assert set(tasks.values()) == {1} and len(tasks) == count
        outbox = Counter(o.account_id for o in db.session.scalars(db.select(OutboxEmail)))
        assert set(outbox.values()) == {1} and len(outbox) == count
        statuses = Counter((e.status, e.reason) for e in enrollments)
    received = Counter(m["To"] for m in smtp_server.messages)
    assert not [to for to, n in received.items() if n > 1], "an email was sent twice"
    return statuses


def test_a_job_run_twice_does_nothing_twice(ws, app, smtp_server):
    ws.journey("linear", LINEAR)
    _bulk(ws, 3)
    ws.work()
    with app.app_context():
        ids = db.session.scalars(db.select(Enrollment.id)).all()
        advance_enrollments(ids)  # the same work again, as a re-delivered job would
        advance_enrollments(ids)
    statuses = _assert_exactly_once(app, smtp_server, 3)
    assert statuses == {("completed", "end"): 3}
    assert len(smtp_server.messages) == 3


def test_two_workers_racing_on_the_same_enrollments(ws, app, smtp_server):
    ws.journey("linear", LINEAR)
    _bulk(ws, 6)
    with app.app_context():  # consume the segment events, but walk nobody yet
        from backend.engine.enrolling import process_segment_events
        ids = sorted(process_segment_events())
    Redis.from_url(app.config["REDIS_URL"]).flushdb()  # drop the queued jobs: the threads race instead

    def walk():
        with app.app_context():
            advance_enrollments(ids)

    threads = [threading.Thread(target=walk) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = _assert_exactly_once(app, smtp_server, 6)
    assert statuses == {("completed", "end"): 6}


def test_flushdb_mid_run_loses_nothing(ws, app, smtp_server, redis_url):
    ws.journey("linear", LINEAR)
    _bulk(ws, 5)
    Redis.from_url(redis_url).flushdb()  # every queued job is gone
    ws.work()
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Enrollment)) == 0
    ws.tick(seconds=3)  # the scheduler finds the unconsumed segment events
    statuses = _assert_exactly_once(app, smtp_server, 5)
    assert statuses == {("completed", "end"): 5}


def _wait_for_progress(app, worker, minimum: int, timeout: float = 20.0) -> None:
    """Wait until the worker has handled at least ``minimum`` emails (claimed or sent)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and worker.poll() is None:
        with app.app_context():
            handled = db.session.scalar(db.select(db.func.count()).select_from(OutboxEmail)
                                        .where(OutboxEmail.status != "queued"))
            db.session.rollback()
        if handled >= minimum:
            return
        time.sleep(0.05)


def _expire_inflight_marks(redis_url):
    """What their TTL does with time: the dead workers' in-flight marks go away."""
    redis = Redis.from_url(redis_url)
    for key in redis.scan_iter("journeys:*:inflight:*"):
        redis.delete(key)


def test_workers_killed_with_sigkill_send_nothing_twice_and_lose_no_step(ws, app, smtp_server, redis_url):
    ws.journey("linear", LINEAR)
    count = 60
    _bulk(ws, count)
    rng = random.Random(7)
    for round_ in range(3):
        worker = worker_process(app, redis_url, smtp_server.url)
        _wait_for_progress(app, worker, minimum=round_ * 10 + 1)
        time.sleep(rng.uniform(0, 0.3))  # then kill it wherever it is
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        ws.clock.moment = datetime.now(timezone.utc)
        scheduler.run_once(app, TICKS, ws.clock())  # re-enqueue what the dead worker left due
    with app.app_context():  # the killed workers really were working
        walked_before_recovery = db.session.scalar(
            db.select(db.func.count()).select_from(Enrollment).where(Enrollment.step_seq > 0))
    assert walked_before_recovery > 0
    print(f"walked by the killed workers: {walked_before_recovery} of {count}")
    # Recovery: in-flight marks of the dead workers expire, emails interrupted mid-send settle,
    # and the scheduler re-enqueues whatever is due.
    ws.clock.moment = datetime.now(timezone.utc)
    for _ in range(3):
        ws.tick(minutes=11)
        _expire_inflight_marks(redis_url)
        ws.tick(seconds=1)
    statuses = _assert_exactly_once(app, smtp_server, count)
    # An email whose send was cut short is 'uncertain' (tests/backend/test_engine_recovery.py),
    # never a failed enrollment: every walk finishes.
    assert statuses == {("completed", "end"): count}, statuses


def test_a_forked_rq_worker_runs_the_jobs_too(ws, app, smtp_server, redis_url):
    """The stock `rq worker` (a fork per job) works: jobs build their own app context."""
    ws.journey("linear", LINEAR)
    _bulk(ws, 2, prefix="rq")
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "REDIS_URL": redis_url,
           "JOURNEYS_QUEUE": app.config["JOURNEYS_QUEUE"], "SMTP_URL": smtp_server.url,
           "INSTANCE_PATH": app.config["INSTANCE_PATH"], "SECRET_KEY": "x", "PYTHONPATH": str(REPO_ROOT)}
    rq = os.path.join(os.path.dirname(sys.executable), "rq")
    queue = app.config["JOURNEYS_QUEUE"]
    result = subprocess.run([rq, "worker", "--burst", "--url", redis_url, f"{queue}-interactive", queue],
                            cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    statuses = _assert_exactly_once(app, smtp_server, 2)
    assert statuses == {("completed", "end"): 2}
    assert sorted(m["To"] for m in smtp_server.messages) == ["p0@rq.example", "p1@rq.example"]


def test_racing_enrollments_never_make_two_active(ws, app, monkeypatch):
    """Two workers both read 'not enrolled' and both insert: the partial unique index keeps one."""
    import graph_engine as ge
    from backend.models.journeys import Journey, JourneyVersion
    from backend.engine import enrolling
    from backend.engine.graphs import graph_for

    ws.journey("linear", LINEAR)
    ws.account("racer")
    ws.work()
    with app.app_context():
        journey = db.session.scalar(db.select(Journey))
        version = db.session.scalar(db.select(JourneyVersion))
        account_id = db.session.scalar(db.select(Enrollment.account_id))
        db.session.execute(db.update(Enrollment).values(status="active"))  # still walking, say
        db.session.commit()
        monkeypatch.setattr(ge, "can_enroll", lambda *a, **k: True)  # the stale read of a racer
        assert enrolling.enroll_many(journey, version, graph_for(version), [account_id], ws.clock()) == []
        db.session.commit()
        assert db.session.scalar(db.select(db.func.count()).select_from(Enrollment)) == 1


def test_an_enrollment_locked_by_another_worker_is_walked_again_after(ws, app, monkeypatch):
    """SKIP LOCKED passes over a busy enrollment; it must not miss the change that asked for it."""
    from backend.engine import walker

    graph = {**LINEAR, "nodes": [LINEAR["nodes"][0], {"id": "hold", "type": "wait",
                                                      "config": {"for": {"days": 30}}}, LINEAR["nodes"][-1]],
             "edges": [{"source": "start", "target": "hold"}, {"source": "hold", "target": "done"}]}
    ws.journey("slow", graph)
    ws.account("busy")
    ws.work()
    with app.app_context():
        enrollment = db.session.scalar(db.select(Enrollment))
        assert _aware(enrollment.wake_at) > ws.clock()  # waiting 30 days
        monkeypatch.setattr(walker.enrollment_rows, "lock", lambda ids, wait: [])  # as if another worker held the row
        walker.advance_enrollments([enrollment.id])
        db.session.expire_all()
        assert _aware(db.session.get(Enrollment, enrollment.id).wake_at) <= ws.clock()  # due: looked at again
        monkeypatch.undo()
    ws.tick()  # the scheduler walks it: nothing due yet, so the wait's own time comes back
    with app.app_context():
        again = db.session.scalar(db.select(Enrollment))
        assert _aware(again.wake_at) > ws.clock() and again.status == "active"


def _aware(moment):
    """SQLite hands datetimes back without a zone; they are stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
