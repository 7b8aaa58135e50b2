"""The report rollups are kept as the engine walks: after random walks they equal a count from
scratch (in Python, over the enrollments and step logs), and the rebuild command gives the same."""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone
from itertools import count

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from backend.extensions import db
from backend.models.enrollments import Enrollment, StepLog
from backend.services.reporting_rollups import rebuild, rollup_counts
from tests.backend.report_graphs import ab_journey

_examples = count()
NO_PASS = ("moved", "failed", "held")  # not a visit / not a pass (see backend/db/report_rollups.py)


def _bucket(hours: float) -> str:
    hours = max(hours, 0.0)
    return str(int(hours) if hours < 24 else int(hours // 24) * 24 if hours < 8760 else 8760)


def _passes(step) -> bool:
    """A step that counts as reaching its node: not a move, failure or hold, nor an action's
    'waiting' (a webhook waiting for its answer is reached when it is done)."""
    return step.outcome not in NO_PASS and not (step.type == "action" and step.outcome == "waiting")


def from_scratch(journey_id: int) -> Counter:
    """Every metric of backend/db/report_rollups.py counted in Python from the rows."""
    counts: Counter = Counter()
    for e in db.session.scalars(select(Enrollment).where(Enrollment.journey_id == journey_id)):
        counts[(e.enrolled_at.date(), "enrolled", "", "")] += 1
        if e.goal_achieved_at is not None:
            counts[(e.enrolled_at.date(), "converted", "", "")] += 1
            counts[(e.goal_achieved_at.date(), "goal", "", "")] += 1
            hours = (e.goal_achieved_at - e.enrolled_at).total_seconds() / 3600
            counts[(e.goal_achieved_at.date(), "ttg", "", _bucket(hours))] += 1
        if e.status != "active" and e.ended_at is not None:
            counts[(e.ended_at.date(), "ended", "", e.status)] += 1
    steps = db.session.scalars(select(StepLog).where(StepLog.journey_id == journey_id)
                               .order_by(StepLog.enrollment_id, StepLog.seq)).all()
    seen: dict[int, list] = {}
    for s in steps:
        day = s.at.date()
        counts[(day, "step", s.node_id, s.outcome or "")] += 1
        before = seen.setdefault(s.enrollment_id, [])
        if _passes(s) and not any(b.node_id == s.node_id and _passes(b) for b in before):
            counts[(day, "reached", s.node_id, "")] += 1
        if s.type == "goal" and s.outcome == "achieved":
            for node, key in {(b.node_id, b.outcome or "" if b.type == "split" else "") for b in before}:
                counts[(day, "goal_after", node, key)] += 1
        before.append(s)
    return +counts


OPS = st.lists(st.one_of(
    st.tuples(st.just("account"), st.integers(0, 5)),
    st.tuples(st.just("tick"), st.integers(1, 40)),
    st.tuples(st.just("goal"), st.integers(0, 5)),
    st.tuples(st.just("leave"), st.integers(0, 5)),
    st.tuples(st.just("churn"), st.integers(0, 5)),
    st.tuples(st.just("logins"), st.integers(0, 5)),
    st.tuples(st.just("unenroll"), st.integers(0, 5)),
), min_size=3, max_size=14)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(ops=OPS)
def test_rollups_equal_a_count_from_scratch_after_random_walks(ws, app, ops):
    n = next(_examples)
    ws.clock.moment = datetime(2026, 11, 24, 22, 0, tzinfo=timezone.utc)  # walks cross midnight
    segment = f"seg{n}"
    from backend.models.segments import Segment

    with app.app_context():
        db.session.add(Segment(key=segment, name=segment, rule={"all": [
            {"property": "account.stage", "op": "eq", "value": segment}]}))
        db.session.commit()
    journey_id = ws.journey(f"ab{n}", ab_journey(segment, reenroll="every_time"))
    made = set()
    for op, i in ops:
        ext = f"r{n}-{i}"
        if op == "account" or ext not in made:
            ws.account(ext, stage=segment)
            made.add(ext)
        elif op == "tick":
            ws.tick(hours=i)
            continue
        elif op == "goal":
            ws.mark(ext, "milestone", "first-report")
        elif op == "leave":
            ws.patch(ext, stage="other")
        elif op == "churn":
            ws.patch(ext, status="churned")
        elif op == "logins":
            ws.patch(ext, custom={"logins_30d": 9})
        elif op == "unenroll":
            active = [e for e in ws.timeline(ext) if e["status"] == "active"]
            for e in active:
                ws.call("POST", f"/api/enrollments/{e['id']}/unenroll")
        ws.work()
    ws.tick(days=3)
    ws.call("POST", f"/api/journeys/{journey_id}/disable")
    with app.app_context():
        kept = rollup_counts(journey_id)
        assert Counter(kept) == from_scratch(journey_id)
        rebuild(journey_id)
        assert rollup_counts(journey_id) == kept


def test_racing_workers_keep_exact_rollups(ws, app):
    """Three worker processes walk one journey at once (each account its own job, so their
    rounds overlap and upsert the same rollup keys): no round is lost to a deadlock or a
    conflict, and the kept counts equal the count from scratch."""
    from tests.backend.engine_helpers import worker_process

    journey_id = ws.journey("race", ab_journey())
    for i in range(30):
        ws.account(f"race-{i}", custom={"logins_30d": i % 7})
    workers = [worker_process(app, app.config["REDIS_URL"], burst=True) for _ in range(3)]
    assert [w.wait(timeout=180) for w in workers] == [0, 0, 0]
    ws.work()
    with app.app_context():
        kept = rollup_counts(journey_id)
        assert Counter(kept) == from_scratch(journey_id)
        assert sum(n for (_, metric, _, _), n in kept.items() if metric == "enrolled") == 30
        assert sum(n for (_, metric, node, _), n in kept.items() if (metric, node) == ("reached", "ab")) == 30


def test_a_webhook_step_waiting_then_done_is_reached_once(ws, app):
    """A webhook action logs 'waiting' when it calls and 'done' when answered: one reach, at
    'done' (the rows are written as the walker writes them; the triggers count them)."""
    journey_id = ws.journey("hook-reach", ab_journey())
    ws.account("hooked", custom={"logins_30d": 1})
    ws.work()
    with app.app_context():
        enrollment = db.session.scalars(select(Enrollment).where(Enrollment.journey_id == journey_id)).first()
        at = datetime(2026, 11, 2, 9, tzinfo=timezone.utc)
        for seq, outcome in ((900, "waiting"), (901, "done")):
            db.session.add(StepLog(enrollment_id=enrollment.id, journey_id=journey_id, seq=seq,
                                   node_id="hook", type="action", at=at, outcome=outcome, detail={}))
        db.session.commit()
        kept = rollup_counts(journey_id)
        assert kept.get((at.date(), "reached", "hook", ""), 0) == 1
        assert Counter(kept) == from_scratch(journey_id)
