"""A bulk walk of several rounds commits each round on a thread of its own while it walks the
next (PostgreSQL; ``walker._Committing``). What a user would notice if that went wrong, and
what these tests hold, on both databases (SQLite walks the same rounds one after another, so
the same outcomes must hold there too):

- a round whose commit fails loses nothing and does nothing twice: it is walked again, one
  enrollment at a time;
- a round that read an account before an earlier round's change to it had committed still
  sees that change where it matters: its goal is met;
- the frequency cap counts the earlier round's emails once — not zero times (two emails where
  the cap allows one), not twice (an email held that the cap allows).

``Overlap`` makes the order deterministic: it holds the first round's commit until the next
round has been walked (without it the commit is usually done first), and records that it did.
"""
from __future__ import annotations

import threading

from sqlalchemy.exc import OperationalError

from backend.engine import walker
from backend.engine.enrolling import process_segment_events
from backend.extensions import db
from backend.models.enrollments import Enrollment, StepLog
from tests.backend.test_delivery_timing import mail_graph, outbox, ws  # noqa: F401 (ws: a fixture)


class Overlap:
    """Rounds of one enrollment; the first commit on the commit thread waits until the next
    round has been walked (``commit_first``: instead, the next round waits for that commit
    before its reads, so they see it — and still carry its emails)."""

    def __init__(self, monkeypatch, commit_first: bool = False):
        self.next_walked = threading.Event()
        self.held = 0  # commits that ran on the commit thread while a round was walked
        write, walk = walker._write_round, walker._walk_round
        monkeypatch.setattr(walker, "BATCH", 1)

        def held_write(walked):
            if threading.current_thread().name == "round-commit" and not self.held:
                self.held += 1
                if not commit_first:
                    assert self.next_walked.wait(10), "the next round was not walked"
            return write(walked)

        def walk_round(ids, now, report, wait, overlapping=None, **more):
            if overlapping is not None and commit_first:
                overlapping.join()
            walked = walk(ids, now, report, wait, overlapping, **more)
            if overlapping is not None:
                self.next_walked.set()
            return walked

        monkeypatch.setattr(walker, "_write_round", held_write)
        monkeypatch.setattr(walker, "_walk_round", walk_round)

    def check(self, app) -> None:
        """On PostgreSQL the rounds did overlap; on SQLite they ran one after another."""
        postgres = app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
        assert self.held == (1 if postgres else 0)


def enroll(app) -> list[int]:
    """Enroll the accounts the segment events name, without walking them."""
    with app.app_context():
        ids = sorted(process_segment_events())
        journeys = [db.session.get(Enrollment, i).journey_id for i in ids]
        assert journeys == sorted(journeys)  # the first journey's enrollment walks first
        return ids


def walk(app, ids) -> walker.WalkReport:
    with app.app_context():
        return walker.advance_enrollments(ids)


def two_emails(ws, app, cap: int | None = None) -> list[int]:
    """Two journeys that each email the account's contact, the account enrolled in both."""
    if cap:
        ws.call("PUT", "/api/settings", {"frequency_cap": {"emails": cap, "per_days": 7}})
    ws.journey("first", mail_graph())
    ws.journey("second", mail_graph())
    ws.account("acme")
    return enroll(app)


def test_a_goal_met_by_an_earlier_rounds_change_is_seen(ws, app, monkeypatch):
    ws.journey("upgrade", {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "config": {"segments": ["new-accounts"],
                                                     "reenroll": {"mode": "never"}, "enroll_existing": False}},
        {"id": "set", "type": "action", "config": {"action": "set_attribute",
                                                   "attribute": "custom.touches", "value": 5}},
        {"id": "done", "type": "end"}],
        "edges": [{"source": "start", "target": "set"}, {"source": "set", "target": "done"}]})
    ws.journey("nurture", {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "config": {"segments": ["new-accounts"],
                                                     "reenroll": {"mode": "never"}, "enroll_existing": False}},
        {"id": "wait", "type": "wait", "config": {"for": {"days": 3}}},
        {"id": "done", "type": "end"},
        {"id": "goal", "type": "goal", "config": {"rule": {"all": [
            {"property": "custom.touches", "op": "gte", "value": 5}]}}},
        {"id": "exit", "type": "exit", "config": {
            "on_goal": "complete", "on_enroll_unenroll_from": {"mode": "none"},
            "on_segment_exit": "nothing", "blacklist": None}}],
        "edges": [{"source": "start", "target": "wait"}, {"source": "wait", "target": "done"}]})
    ws.account("acme")
    upgrade, nurture = enroll(app)
    overlap = Overlap(monkeypatch)
    walk(app, [upgrade, nurture])
    overlap.check(app)
    with app.app_context():
        upgraded, nurtured = db.session.get(Enrollment, upgrade), db.session.get(Enrollment, nurture)
        assert upgraded.status == "completed"
        # Walked while the change was not committed yet: the walk looks again once it is.
        assert nurtured.goal_achieved_at is not None and nurtured.status == "goal_exited"


def test_a_round_whose_commit_fails_is_walked_again_and_nothing_is_done_twice(ws, app, smtp_server,
                                                                              monkeypatch):
    ids = two_emails(ws, app)
    monkeypatch.setattr(walker, "BATCH", 1)
    write, failed = walker._write_round, []

    def failing_write(walked):  # the database goes away under the first round's commit, once
        if not failed:
            failed.append((walked.ids, threading.current_thread().name))
            raise OperationalError("COMMIT", {}, Exception("server closed the connection"))
        return write(walked)

    monkeypatch.setattr(walker, "_write_round", failing_write)
    walk(app, ids)
    postgres = app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
    assert failed == [(ids[:1], "round-commit" if postgres else "MainThread")]
    with app.app_context():
        assert [e.status for e in db.session.scalars(
            db.select(Enrollment).order_by(Enrollment.id))] == ["completed", "completed"]
        assert db.session.scalar(db.select(db.func.count()).select_from(StepLog)) == 6
    assert [o[2] for o in outbox(app)] == ["sent", "sent"]
    assert len(smtp_server.messages) == 2


def test_the_cap_counts_an_uncommitted_earlier_round(ws, app, smtp_server, monkeypatch):
    ids = two_emails(ws, app, cap=1)
    overlap = Overlap(monkeypatch)
    walk(app, ids)
    overlap.check(app)
    assert len(outbox(app)) == 1 and len(smtp_server.messages) == 1
    with app.app_context():
        second = db.session.get(Enrollment, ids[1])
        held = db.session.scalars(db.select(StepLog).where(
            StepLog.enrollment_id == second.id, StepLog.node_id == "mail")).one()
        assert (held.outcome, held.detail["reason"]) == ("held", "frequency_cap")


def test_the_cap_counts_an_earlier_rounds_emails_once(ws, app, smtp_server, monkeypatch):
    ids = two_emails(ws, app, cap=2)
    overlap = Overlap(monkeypatch, commit_first=True)  # committed and carried: counted once
    walk(app, ids)
    overlap.check(app)
    assert [o[2] for o in outbox(app)] == ["sent", "sent"] and len(smtp_server.messages) == 2
    with app.app_context():
        assert [e.status for e in db.session.scalars(
            db.select(Enrollment).order_by(Enrollment.id))] == ["completed", "completed"]
