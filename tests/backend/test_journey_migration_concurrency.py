"""A publish that moves accounts, racing a worker that walks the same enrollments (SPEC §10:
"one transaction, exactly once, safe against a worker walking them"). Real threads, real
walker, on SQLite (one writer: whoever holds the write lock goes first) and PostgreSQL
(row locks: the publish waits for a round that holds rows; a round skips rows the publish
holds, and walks them on the new version afterwards).

Invariants checked every time: every enrollment is either moved (version 2, exactly one
migration step) or was finished by the walker first (version 1, no migration step);
nobody is lost; every account got exactly one task, worded by the version that walked it.
"""
from __future__ import annotations

import threading
import time

from sqlalchemy import select

from backend.engine import walker
from backend.extensions import db
from backend.models.enrollments import Enrollment, StepLog
from backend.models.journeys import JourneyVersion
from backend.services import journey_migration
from backend.services import journeys as journeys_service
from tests.backend.test_journey_migration import draft, drip, node

NAMES = ("acme", "birch", "cedar", "delta", "ember", "fjord")


def due_at_wait(ws):
    """A live journey with six accounts at wait3, all due (nobody has walked them on)."""
    journey_id = ws.journey("onboarding", drip())
    for name in NAMES:
        ws.account(name, csm="asha@example.com", custom={"logins_30d": 1})
    ws.work()
    ws.clock.advance(days=3, minutes=5)
    fixed = drip()
    node(fixed, "call")["config"]["title"] = "Phone {{ account.name }}"
    draft(ws, journey_id, fixed)
    with ws.app.app_context():
        ids = list(db.session.scalars(select(Enrollment.id).where(Enrollment.journey_id == journey_id)
                                      .order_by(Enrollment.id)))
    return journey_id, ids


class Runner(threading.Thread):
    """Runs ``fn`` in its own app context (its own session and connection); keeps the error."""

    def __init__(self, app, fn):
        super().__init__(daemon=True)
        self.app, self.fn, self.error, self.result = app, fn, None, None

    def run(self):
        with self.app.app_context():
            try:
                self.result = self.fn()
            except BaseException as exc:  # noqa: BLE001 - reported by the test
                self.error = exc
            finally:
                db.session.remove()


def publish_move(app, journey_id: int, clock):
    app.config["CLOCK"] = clock
    return lambda: journeys_service.publish(journey_id, by="race-test",
                                            migrate={"mode": "move", "map": {}}).migration


def check_invariants(ws, journey_id: int) -> dict:
    with ws.app.app_context():
        enrollments = list(db.session.scalars(select(Enrollment).where(Enrollment.journey_id == journey_id)))
        migrations = {}
        for enrollment in enrollments:
            migrations[enrollment.id] = list(db.session.scalars(select(StepLog).where(
                StepLog.enrollment_id == enrollment.id, StepLog.type == "migration")))
        seqs = {e.id: [s.seq for s in db.session.scalars(select(StepLog).where(
            StepLog.enrollment_id == e.id).order_by(StepLog.seq))] for e in enrollments}
        out = {"moved": [], "finished_first": []}
        assert len(enrollments) == len(NAMES)                     # nobody lost, nobody doubled
        for enrollment in enrollments:
            assert seqs[enrollment.id] == list(range(1, len(seqs[enrollment.id]) + 1))
            if enrollment.version == 2:
                assert len(migrations[enrollment.id]) == 1        # moved exactly once
                out["moved"].append(enrollment.id)
            else:
                assert enrollment.version == 1 and enrollment.status != "active"
                assert migrations[enrollment.id] == []
                out["finished_first"].append(enrollment.id)
    tasks = ws.call("GET", "/api/tasks?limit=100")["items"]
    by_account = {}
    for task in tasks:
        by_account.setdefault(task["account"]["external_id"], []).append(task["title"])
    assert sorted(by_account) == sorted(NAMES) and all(len(t) == 1 for t in by_account.values()), by_account
    return {**out, "tasks": by_account}


def test_a_publish_holding_the_rows_makes_the_walker_wait_or_skip(ws, app, monkeypatch):
    journey_id, ids = due_at_wait(ws)
    inside, release = threading.Event(), threading.Event()
    original = journey_migration.apply

    def apply_then_hold(*args, **kwargs):
        watched = original(*args, **kwargs)
        inside.set()                       # rows rewritten, transaction open, locks held
        assert release.wait(20)
        return watched

    monkeypatch.setattr(journey_migration, "apply", apply_then_hold)
    publisher = Runner(app, publish_move(app, journey_id, ws.clock))
    publisher.start()
    assert inside.wait(20), publisher.error
    walk = Runner(app, lambda: walker.advance_enrollments(ids, ws.clock()))
    walk.start()
    walk.join(1.0)
    if walk.is_alive():                    # SQLite: the walker waits for the write lock
        assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
    else:                                  # PostgreSQL: it skipped every row the publish holds
        assert walk.error is None and walk.result.busy == set(ids) and walk.result.steps == 0
    release.set()
    publisher.join(20)
    walk.join(20)
    assert publisher.error is None and walk.error is None, (publisher.error, walk.error)
    assert publisher.result["moved"] == len(NAMES)
    ws.tick()                              # whatever was skipped is walked now, on version 2
    seen = check_invariants(ws, journey_id)
    assert len(seen["moved"]) == len(NAMES)
    assert all(titles == [f"Phone {name.title()}"] for name, titles in seen["tasks"].items())
    for name in NAMES:
        [timeline] = ws.timeline(name)
        assert timeline["status"] == "completed" and timeline["version"] == 2
        kinds = [(s["node_id"], s["type"]) for s in timeline["steps"]]
        assert kinds.index(("wait3", "migration")) < kinds.index(("used", "condition"))


def test_a_walker_round_holding_rows_makes_the_publish_wait_and_nothing_moves_twice(ws, app, monkeypatch):
    journey_id, ids = due_at_wait(ws)
    held, rest = ids[:3], ids[3:]
    inside, release = threading.Event(), threading.Event()
    original = walker.build_snapshots

    def snapshots_then_hold(*args, **kwargs):
        inside.set()                       # the round has locked its enrollments
        assert release.wait(20)
        return original(*args, **kwargs)

    monkeypatch.setattr(walker, "build_snapshots", snapshots_then_hold)
    walk = Runner(app, lambda: walker.advance_enrollments(held, ws.clock()))
    walk.start()
    assert inside.wait(20), walk.error
    publisher = Runner(app, publish_move(app, journey_id, ws.clock))
    publisher.start()
    publisher.join(1.0)
    assert publisher.is_alive(), publisher.error  # waits for the round's locks
    with app.app_context():
        assert db.session.scalar(select(JourneyVersion.id).where(JourneyVersion.version == 2)) is None
    release.set()
    walk.join(20)
    publisher.join(20)
    monkeypatch.setattr(walker, "build_snapshots", original)
    assert walk.error is None and publisher.error is None, (walk.error, publisher.error)
    assert walk.result.steps > 0
    # The round finished its three on version 1 before the publish read them: they are not
    # moved; the other three are.
    assert publisher.result["moved"] == len(rest)
    ws.tick()
    seen = check_invariants(ws, journey_id)
    assert sorted(seen["finished_first"]) == held and sorted(seen["moved"]) == rest
    with app.app_context():
        names = dict(db.session.execute(select(Enrollment.id, Enrollment.account_id)).all())
    assert sum(titles[0].startswith("Call") for titles in seen["tasks"].values()) == len(held)
    assert sum(titles[0].startswith("Phone") for titles in seen["tasks"].values()) == len(rest)
    assert len(names) == len(NAMES)


def test_two_moving_publishes_at_once_are_serialized(ws, app):
    journey_id, ids = due_at_wait(ws)
    first = Runner(app, publish_move(app, journey_id, ws.clock))
    second = Runner(app, publish_move(app, journey_id, ws.clock))
    first.start()
    second.start()
    first.join(30)
    second.join(30)
    assert first.error is None and second.error is None, (first.error, second.error)
    with app.app_context():
        versions = sorted(db.session.scalars(select(JourneyVersion.version)
                                             .where(JourneyVersion.journey_id == journey_id)))
        assert versions == [1, 2, 3]
        for enrollment_id in ids:
            enrollment = db.session.get(Enrollment, enrollment_id)
            steps = list(db.session.scalars(select(StepLog).where(
                StepLog.enrollment_id == enrollment_id, StepLog.type == "migration").order_by(StepLog.seq)))
            assert enrollment.version == 3
            assert [(s.detail["from"]["version"], s.detail["to"]["version"]) for s in steps] == [(1, 2), (2, 3)]
