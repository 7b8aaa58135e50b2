"""Account changes made by journeys: never lost, seen at once, written once, told truly."""
from __future__ import annotations

import itertools
import os
import signal
import time

from hypothesis import HealthCheck, given, settings, strategies as st

from backend.extensions import db
from backend.models.accounts import Account
from backend.models.attributes import AccountAttributeValue
from backend.models.enrollments import Enrollment, StepLog
from tests.backend.engine_helpers import worker_process


def chain(key: str, actions: list[dict], segment: str = "new-accounts", goal=None) -> dict:
    """A journey of these actions in a row (each an action config), then end."""
    nodes = [{"id": "start", "type": "entry", "config": {"segments": [segment], "reenroll": {"mode": "never"},
                                                          "enroll_existing": True}}]
    nodes += [{"id": f"a{i}", "type": "action", "config": action} for i, action in enumerate(actions)]
    nodes.append({"id": "done", "type": "end"})
    edges = [{"source": a["id"], "target": b["id"]} for a, b in zip(nodes, nodes[1:])]
    if goal:
        nodes.append({"id": "goal", "type": "goal", "config": {"rule": goal}})
    return {"format": "journey/v1", "nodes": nodes, "edges": edges}


def increase(by=1, attribute="custom.touches"):
    return {"action": "increase_attribute", "attribute": attribute, "by": by}


def _touches(app) -> dict[str, float]:
    with app.app_context():
        rows = db.session.execute(db.select(Account.external_id, AccountAttributeValue.num_value)
                                  .join(AccountAttributeValue, AccountAttributeValue.account_id == Account.id)
                                  .where(AccountAttributeValue.key == "touches"))
        return dict(rows.all())


def test_three_journeys_increasing_one_attribute_with_racing_workers_lose_no_increment(ws, app):
    """The probe that found lost updates: three journeys each add 1 to custom.touches of the
    same accounts, two worker processes walk them at once; every account must end at 3, and
    each step log must tell the value it really wrote (1, 2, 3 in some order)."""
    count = 300
    ws.bulk([{"external_id": f"race-{i}", "name": f"Race {i}", "stage": "new", "custom": {"touches": 0}}
             for i in range(count)])
    ws.work()
    ids = [ws.journey(key, chain(key, [increase()]), enable=False) for key in ("inc-a", "inc-b", "inc-c")]
    workers = [worker_process(app, app.config["REDIS_URL"]) for _ in range(3)]
    try:
        _wait_for_workers(app, 3)  # all listening before the work appears, so they really race
        for journey_id in ids:
            ws.call("POST", f"/api/journeys/{journey_id}/enable")
        _wait_until(app, lambda: db.session.scalar(db.select(db.func.count()).select_from(Enrollment)
                                                   .where(Enrollment.status == "completed")) == 3 * count)
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait()
    assert _touches(app) == {f"race-{i}": 3.0 for i in range(count)}
    with app.app_context():
        written = {}
        for enrollment, detail in db.session.execute(
                db.select(Enrollment.account_id, StepLog.detail).join(Enrollment, Enrollment.id == StepLog.enrollment_id)
                .where(StepLog.node_id == "a0")):
            written.setdefault(enrollment, []).append(detail["result"]["value"])
    assert len(written) == count
    assert all(sorted(values) == [1, 2, 3] for values in written.values()), written


def _wait_for_workers(app, count: int, timeout: float = 30) -> None:
    from rq import Worker

    from backend.jobs import lanes

    with app.app_context():
        deadline = time.monotonic() + timeout
        while len(Worker.all(queue=lanes.queue(lanes.BULK))) < count:
            assert time.monotonic() < deadline, "the workers did not start"
            time.sleep(0.1)


def _wait_until(app, check, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while True:
        with app.app_context():
            if check():
                return
            db.session.rollback()
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_later_steps_and_the_goal_see_a_change_at_once(ws):
    """set → increase → condition on the new value, and a goal on it: all in one walk."""
    graph = chain("seen", [{"action": "set_attribute", "attribute": "custom.touches", "value": 5}, increase(2)],
                  goal={"all": [{"property": "custom.touches", "op": "gte", "value": 7}]})
    graph["nodes"].insert(-2, {"id": "check", "type": "condition", "config": {"rule": {"all": [
        {"property": "custom.touches", "op": "eq", "value": 7}]}}})
    graph["edges"] = [{"source": "start", "target": "a0"}, {"source": "a0", "target": "a1"},
                      {"source": "a1", "target": "check"}, {"source": "check", "target": "done", "branch": "yes"}]
    ws.journey("seen", graph)
    ws.account("watcher")
    ws.work()
    [enrollment] = ws.timeline("watcher")
    outcomes = [(s["node_id"], s["outcome"]) for s in enrollment["steps"]]
    assert ("goal", "achieved") in outcomes  # checked before the step after the increase
    assert enrollment["status"] == "goal_exited"
    assert ws._accounts("get_account", "watcher")["custom"]["touches"] == 7


def test_a_change_moves_the_account_into_a_segment_within_the_same_walk(ws, app):
    """A journey sets an attribute that puts the account into another journey's segment:
    that journey enrolls it in the same job (no second job for the account)."""
    with app.app_context():
        from backend.models.segments import Segment
        db.session.add(Segment(key="touched", name="Touched", rule={"all": [
            {"property": "custom.touches", "op": "gte", "value": 3}]}))
        db.session.commit()
    ws.journey("second", chain("second", [{"action": "create_task", "title": "Touched {{ account.name }}",
                                           "assignee": "csm", "due_in_days": 1, "priority": "low"}],
                               segment="touched"))
    ws.journey("first", chain("first", [{"action": "set_attribute", "attribute": "custom.touches", "value": 3}]))
    ws.account("mover")
    ws.work()
    by_key = {e["journey_key"]: e["status"] for e in ws.timeline("mover")}
    assert by_key == {"first": "completed", "second": "completed"}


def test_the_walkers_own_change_does_not_walk_its_enrollment_again(ws, app):
    """Before: accounts_changed queued a touch job that walked the just-walked enrollment once
    more. Now the walk's follow-up skips enrollments that already saw the final data."""
    from backend.engine import walker

    ws.journey("self", chain("self", [increase(), increase()]), enable=True)
    ws.account("once")
    calls = []
    original = walker._round

    def counting(ids, *args, **kwargs):
        calls.append(list(ids))
        return original(ids, *args, **kwargs)

    walker._round = counting
    try:
        ws.work()
    finally:
        walker._round = original
    with app.app_context():
        enrollment_id = db.session.scalar(db.select(Enrollment.id))
    assert sum(enrollment_id in ids for ids in calls) == 1, calls
    assert _touches(app) == {"once": 2.0}


def test_a_completed_playbook_is_assigned_again(ws, app):
    from backend.models.playbooks import Playbook, PlaybookEnrollment

    with app.app_context():
        db.session.add(Playbook(key="rescue", name="Rescue", due_in_days=3))
        db.session.commit()
    ws.account("again")
    ws.work()
    with app.app_context():
        account_id = db.session.scalar(db.select(Account.id))
        playbook_id = db.session.scalar(db.select(Playbook.id))
        db.session.add(PlaybookEnrollment(account_id=account_id, playbook_id=playbook_id, status="completed"))
        db.session.commit()
    ws.journey("pb", chain("pb", [{"action": "assign_playbook", "playbook": "rescue"}]))
    ws.work()
    assert ws.timeline("again")[0]["status"] == "completed"
    with app.app_context():
        [row] = db.session.scalars(db.select(PlaybookEnrollment)).all()
        assert row.status == "active" and row.due_on is not None


def test_staff_recipients_and_a_named_user(ws, app):
    from backend.models.outbox import OutboxEmail

    ws.call("POST", "/api/users", {"email": "dana@example.com", "name": "Dana", "role": "sales_manager"})
    actions = [{"action": "send_email", "subject": "Heads up", "body": "{{ account.name }}", "to": to}
               for to in ({"staff": "sales_manager"}, {"staff": "csm"}, {"user": "chen@example.com"})]
    ws.journey("alerts", chain("alerts", actions))
    ws.account("alerted", csm="asha@example.com", sales_manager="dana@example.com")
    ws.work()
    with app.app_context():
        sent = sorted(db.session.scalars(db.select(OutboxEmail.to_address)))
    assert sent == ["asha@example.com", "chen@example.com", "dana@example.com"]


_EXAMPLES = itertools.count()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(
    st.builds(lambda v: {"action": "set_attribute", "attribute": "custom.touches", "value": v},
              st.integers(-50, 50)),
    st.builds(lambda b: increase(b), st.integers(-5, 5)),
    st.just({"action": "clear_attribute", "attribute": "custom.touches"}),
    st.just({"action": "copy_attribute", "from": "account.licenses", "to": "custom.touches"}),
    st.builds(lambda b: increase(b, "account.licenses"), st.integers(-3, 3))), min_size=1, max_size=6),
    st.integers(0, 20))
def test_the_walk_and_simulate_compute_the_same_values(ws, app, actions, start):
    """One implementation of the arithmetic: the real walk ends with the values graph_engine's
    simulate predicts for the same journey and account."""
    import graph_engine as ge
    from backend.engine.snapshots import build_snapshots

    number = next(_EXAMPLES)
    graph = chain(f"sim-{number}", actions)
    journey_id = ws.journey(f"sim-{number}", graph)
    ws.account(f"sim-{number}", licenses=start, custom={"touches": start})
    with app.app_context():
        account_id = db.session.scalar(db.select(Account.id).where(Account.external_id == f"sim-{number}"))
        before = build_snapshots([account_id])[account_id]
    ws.work()
    ws.call("POST", f"/api/journeys/{journey_id}/disable")  # the next example's account is not its
    parsed, _ = ge.parse_graph(graph)
    snapshot = dict(before)
    state = ge.EnrollmentState.new("1")
    from datetime import datetime, timezone
    now = datetime.now(timezone.utc)
    for _ in range(20):
        decision = ge.advance(parsed, state, snapshot, now)
        for effect in decision.effects:
            snapshot = ge.apply_effect(snapshot, effect)
        state = decision.state
        if not decision.resume:
            break
    account = ws._accounts("get_account", f"sim-{number}")
    assert account["custom"].get("touches") == snapshot["custom"].get("touches")
    assert account.get("licenses") == snapshot["account"].get("licenses")


def test_a_worker_killed_mid_round_changes_each_attribute_exactly_once(ws, app):
    """SIGKILL a worker while it walks batched attribute rounds, recover with the scheduler:
    every account got each of its three increments once, no more, no less."""
    from datetime import datetime, timezone

    from backend import scheduler
    from backend.jobs.ticks import TICKS
    from redis import Redis

    count = 600
    ws.bulk([{"external_id": f"k-{i}", "name": f"K {i}", "stage": "new", "custom": {"touches": 0}}
             for i in range(count)])
    Redis.from_url(app.config["REDIS_URL"]).flushdb()  # no touch jobs: the journey walks them
    ws.journey("thrice", chain("thrice", [increase(), increase(), increase()]), enable=False)
    with app.app_context():
        from backend.engine.enrolling import enroll_existing
        from backend.models.journeys import Journey
        journey = db.session.scalar(db.select(Journey))
        journey.enabled = True
        db.session.commit()
        from backend.jobs.queueing import enqueue_advance
        enqueue_advance(enroll_existing(journey.id))
    worker = worker_process(app, app.config["REDIS_URL"])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with app.app_context():
            done = db.session.scalar(db.select(db.func.count()).select_from(Enrollment)
                                     .where(Enrollment.status == "completed"))
            db.session.rollback()
        if done:
            break
        time.sleep(0.02)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()
    with app.app_context():
        finished = db.session.scalar(db.select(db.func.count()).select_from(Enrollment)
                                     .where(Enrollment.status == "completed"))
    assert 0 < finished < count, "the kill must land in the middle of the walk"
    redis = Redis.from_url(app.config["REDIS_URL"])
    for key in redis.scan_iter("journeys:*:inflight:*"):  # what their TTL does with time
        redis.delete(key)
    ws.clock.moment = datetime.now(timezone.utc)
    scheduler.run_once(app, TICKS, ws.clock())
    ws.work()
    assert _touches(app) == {f"k-{i}": 3.0 for i in range(count)}
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Enrollment)
                                 .where(Enrollment.status == "completed")) == count
