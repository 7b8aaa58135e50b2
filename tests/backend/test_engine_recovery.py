"""The recovery promises, each held by a test that fails when the product breaks it.

Real parts throughout: `flask worker` subprocesses killed with SIGKILL mid-send, Redis
FLUSHALLed while a worker walks, database connections terminated mid-round (PostgreSQL),
row locks held from a second database connection, an SMTP server that stalls or answers
451. Time is the app's injected clock (``app.config["CLOCK"]``), moved instead of slept.

Each test names the wrong change in the product it catches (checked by making the change
and watching the test fail):

- ``settle_interrupted`` a no-op → the SIGKILL-mid-send test;
- the walker's effect key not ``"{enrollment}:{node}:{seq}"`` → the key and replay tests;
- no ``SKIP LOCKED`` (PostgreSQL) → the held-row tests (SQLite: its write lock);
- in-flight marks without a TTL → the TTL test;
- another SMTP backoff → the 451 test;
- another auto-disable threshold → the 1-of-12 / 2-of-12 test;
- the scheduler not consuming stale segment events → the FLUSHALL test;
- a round that fails on a lost connection failing its enrollments instead of walking them
  again → the terminated-connections test (PostgreSQL).
"""
from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import threading
import time
from collections import Counter
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

import pytest
from redis import Redis
from sqlalchemy import create_engine, select, text, update
from sqlalchemy.engine import make_url

from backend import scheduler
from backend.db.bulk_sql import is_postgresql
from backend.engine import walker
from backend.engine.snapshots import build_snapshots
from backend.engine.walker import advance_enrollments
from backend.extensions import db
from backend.jobs import jobs, lanes
from backend.jobs.ticks import TICKS
from backend.models.accounts import Account
from backend.models.enrollments import Enrollment, StepLog
from backend.models.outbox import OutboxEmail
from backend.models.tasks import Task
from tests.backend.engine_helpers import Workspace, worker_process

POSTGRES = os.environ.get("TEST_DATABASE_URL", "").startswith("postgres")

ENTRY = {"id": "start", "type": "entry", "config": {"segments": ["new-accounts"],
                                                     "reenroll": {"mode": "never"},
                                                     "enroll_existing": False}}
MAIL = {"id": "mail", "type": "action", "config": {"action": "send_email", "template": "welcome",
                                                   "to": {"contacts": "all"}}}
TASK = {"id": "task", "type": "action", "config": {"action": "create_task",
                                                   "title": "Call {{ account.name }}",
                                                   "assignee": "csm", "due_in_days": 1,
                                                   "priority": "low"}}
COUNT = {"id": "count", "type": "action", "config": {"action": "increase_attribute",
                                                     "attribute": "custom.touches", "by": 1}}
END = {"id": "done", "type": "end"}


def chain(*nodes: dict) -> dict:
    """A journey that visits ``nodes`` in order."""
    nodes = (ENTRY, *nodes, END)
    return {"format": "journey/v1", "nodes": list(nodes),
            "edges": [{"source": a["id"], "target": b["id"]} for a, b in zip(nodes, nodes[1:])]}


def wait(node_id: str = "hold", **duration) -> dict:
    return {"id": node_id, "type": "wait", "config": {"for": duration}}


LINEAR = chain(MAIL, TASK, COUNT)
LINEAR_STEPS = ["start", "mail", "task", "count", "done"]


# -- fixtures and helpers ---------------------------------------------------------------------

@pytest.fixture()
def ws(app, client, admin_headers):
    """A workspace on a fixed, injected clock; no mail server (emails are kept)."""
    workspace = Workspace(app, client, admin_headers)
    workspace.setup_catalog()
    yield workspace
    app.config["SMTP_URL"] = None
    workspace.close()


@pytest.fixture()
def live(app, client, admin_headers):
    """A workspace whose clock starts at the real time (worker subprocesses read the real
    clock); the test points ``SMTP_URL`` at its own mail server."""
    workspace = Workspace(app, client, admin_headers)
    workspace.clock.moment = datetime.now(timezone.utc)
    workspace.setup_catalog()
    yield workspace
    app.config["SMTP_URL"] = None
    workspace.close()


class Inbox:
    """An aiosmtpd handler: accepts ``fast`` messages, then holds the DATA of the next one
    (``held`` is set) until ``release`` is set, at most 20 s; the held message is then
    accepted (``accept_held``) or refused with 451 and not counted as received.
    Recipients starting with ``later`` are deferred with 451 at RCPT (``rcpt_tries`` counts
    every RCPT)."""

    def __init__(self, fast: int | None = None, accept_held: bool = True):
        self.fast, self.accept_held = fast, accept_held
        self.messages: list = []
        self.rcpt_tries: list[str] = []
        self.held, self.release = threading.Event(), threading.Event()
        self.url = ""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.rcpt_tries.append(address)
        if address.startswith("later"):
            return "451 4.7.1 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        if self.fast is not None and len(self.messages) >= self.fast and not self.release.is_set():
            self.held.set()
            for _ in range(400):
                if self.release.is_set():
                    break
                await asyncio.sleep(0.05)
            if not self.accept_held:
                return "451 4.3.0 try again later"
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


@contextmanager
def smtp(inbox: Inbox):
    """Run ``inbox`` as a real SMTP server on a free loopback port."""
    from aiosmtpd.controller import Controller

    from backend.redis_server import free_port

    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.url = f"smtp://127.0.0.1:{controller.port}"
    try:
        yield inbox
    finally:
        inbox.release.set()
        controller.stop()


def bulk(ws, count: int, prefix: str) -> None:
    """Import ``count`` new accounts in one bulk import (one walk job per import)."""
    rows = [{"external_id": f"{prefix}-{i}", "name": f"{prefix} {i}", "stage": "new",
             "csm": "asha@example.com",
             "contacts": [{"name": f"Person {i}", "email": f"p{i}@{prefix}.example", "role": "admin"}]}
            for i in range(count)]
    assert ws.bulk(rows)["created"] == count


def scalar(app, statement):
    with app.app_context():
        value = db.session.scalar(statement)
        db.session.rollback()
        return value


def count(app, model, *where) -> int:
    return scalar(app, select(db.func.count()).select_from(model).where(*where))


def wait_until(predicate, timeout: float, what: str, worker=None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker is not None and worker.poll() is not None:
            raise AssertionError(f"the worker exited ({worker.returncode}) before {what}")
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def stop(worker) -> None:
    """SIGTERM (RQ finishes the job it runs), then SIGKILL if it lingers."""
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except Exception:
            worker.kill()
            worker.wait()


def recover(live, app, worker, accounts: int, timeout: float = 45.0) -> None:
    """Scheduler rounds (on the real time, events 3 s old) while the real worker works, until
    every account's enrollment completed and every email was sent."""
    def done() -> bool:
        live.clock.moment = datetime.now(timezone.utc) + timedelta(seconds=3)
        scheduler.run_once(app, TICKS, live.clock())
        failed = count(app, Enrollment, Enrollment.status == "failed")
        assert not failed, f"{failed} enrollments failed instead of being walked again"
        return (count(app, Enrollment, Enrollment.status == "completed") == accounts
                and count(app, OutboxEmail, OutboxEmail.status == "sent") == accounts)

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert worker.poll() is None, f"the worker died during recovery ({worker.returncode})"
        if done():
            return
        time.sleep(0.25)
    with app.app_context():
        state = Counter(db.session.execute(select(Enrollment.status, Enrollment.current_node)).all())
        emails = Counter(db.session.scalars(select(OutboxEmail.status)))
    raise AssertionError(f"not recovered in {timeout} s: enrollments {state}, emails {emails}")


def assert_each_done_once(app, inbox, steps=LINEAR_STEPS) -> None:
    """Every account: one completed enrollment that logged ``steps`` once each, one task,
    one email sent and received once, ``custom.touches`` increased once."""
    with app.app_context():
        accounts = sorted(db.session.scalars(select(Account.id)))
        once = Counter(accounts)
        enrollments = db.session.scalars(select(Enrollment)).all()
        assert Counter(e.account_id for e in enrollments) == once, "an account enrolled twice or never"
        assert Counter((e.status, e.reason) for e in enrollments) == {("completed", "end"): len(accounts)}
        for enrollment in enrollments:
            logged = db.session.scalars(select(StepLog.node_id).where(
                StepLog.enrollment_id == enrollment.id).order_by(StepLog.seq)).all()
            assert logged == steps, (enrollment.id, logged)
        assert Counter(db.session.scalars(select(Task.account_id))) == once, "tasks"
        emails = db.session.scalars(select(OutboxEmail)).all()
        assert Counter(e.account_id for e in emails) == once, "outbox rows"
        assert {e.status for e in emails} == {"sent"}
        addresses = Counter(e.to_address for e in emails)
        touches = {aid: (snap.get("custom") or {}).get("touches")
                   for aid, snap in build_snapshots(accounts).items()}
        db.session.rollback()
    assert set(touches.values()) == {1}, f"custom.touches not increased exactly once: {touches}"
    received = Counter(str(m["To"]) for m in inbox.messages)
    assert received == addresses, f"received {received - addresses} too many, {addresses - received} missing"


# -- 1. a worker killed mid-send: uncertain, never resent, enrollment not failed ----------------

def test_a_worker_killed_mid_send_leaves_uncertain_emails_that_are_never_resent(live, app, redis_url):
    """Kills ``settle_interrupted`` made a no-op: rows left ``sending`` must become ``uncertain``."""
    with smtp(Inbox(fast=2, accept_held=False)) as inbox:
        app.config["SMTP_URL"] = inbox.url
        live.journey("linear", LINEAR)
        bulk(live, 6, "kill")
        worker = worker_process(app, redis_url, inbox.url)
        try:
            assert inbox.held.wait(45), "the worker never reached the mail server"
            with app.app_context():  # the third message is on the wire
                sending = sorted(db.session.scalars(select(OutboxEmail.id).where(
                    OutboxEmail.status == "sending")))
                on_the_wire = sorted(db.session.scalars(select(OutboxEmail.id)))[2]  # sent in id order
                db.session.rollback()
            worker.send_signal(signal.SIGKILL)
            worker.wait()
        finally:
            stop(worker)
        # Let the server read what the dead worker had already written to the socket while its
        # DATA is still held (so refused, as held DATA is here): a DATA read only after the
        # release would be accepted, though it was sent before the kill, and counted as sent again.
        time.sleep(0.5)
        inbox.release.set()
        assert on_the_wire in sending, "the email on the wire was not `sending` when the worker died"
        received_at_kill = Counter(str(m["To"]) for m in inbox.messages)
        assert sum(received_at_kill.values()) == 2
        assert count(app, OutboxEmail, OutboxEmail.status == "sending") == len(sending)

        # Recovery: the scheduler's housekeeping, 11 minutes later by the app's clock.
        live.clock.moment = datetime.now(timezone.utc)
        live.tick(minutes=11)
        for _ in range(3):
            live.tick(minutes=1)

        with app.app_context():
            emails = {e.id: e for e in db.session.scalars(select(OutboxEmail))}
            enrollments = db.session.scalars(select(Enrollment)).all()
            assert all(emails[i].status == "uncertain" for i in sending), \
                {i: emails[i].status for i in sending}
            assert all("delivery uncertain" in emails[i].error for i in sending)
            assert not [e for e in emails.values() if e.status == "sending"]
            # The walk had committed before delivery: the enrollments stay completed.
            assert Counter((e.status, e.reason) for e in enrollments) == {("completed", "end"): 6}
            assert count(app, Task) == 6
            uncertain = {e.to_address for e in emails.values() if e.status == "uncertain"}
            db.session.rollback()
        received = Counter(str(m["To"]) for m in inbox.messages)
        assert max(received.values()) == 1, "an email was sent twice"
        assert all(received[to] == received_at_kill[to] for to in uncertain), \
            "an uncertain email was sent again"


def test_a_worker_killed_mid_send_leaves_at_most_in_flight_emails_uncertain(live, app, redis_url):
    """engine.delivery promises that a worker killed between sending and marking leaves at
    most ``IN_FLIGHT`` rows in ``sending``: the emails it never handed to the server must
    not become ``uncertain`` (that is never sent, unless support resends them by hand)."""
    from backend.engine.delivery import IN_FLIGHT

    accounts = IN_FLIGHT + 10
    with smtp(Inbox(fast=2, accept_held=False)) as inbox:
        app.config["SMTP_URL"] = inbox.url
        live.journey("linear", LINEAR)
        bulk(live, accounts, "many")
        worker = worker_process(app, redis_url, inbox.url)
        try:
            assert inbox.held.wait(45), "the worker never reached the mail server"
            worker.send_signal(signal.SIGKILL)
            worker.wait()
        finally:
            stop(worker)
        inbox.release.set()
        assert len(inbox.messages) == 2
        live.clock.moment = datetime.now(timezone.utc)
        live.tick(minutes=11)
        for _ in range(3):
            live.tick(minutes=1)
        with app.app_context():
            emails = db.session.execute(select(OutboxEmail.status, OutboxEmail.to_address)).all()
            db.session.rollback()
    statuses = Counter(e.status for e in emails)
    received = Counter(str(m["To"]) for m in inbox.messages)
    assert max(received.values()) == 1
    assert {e.to_address for e in emails if e.status == "sent"} <= set(received)
    assert statuses["uncertain"] <= IN_FLIGHT, (
        f"{statuses['uncertain']} emails left uncertain (never resent) after a kill at the third "
        f"message, though the worker had handed only 3 to the server: {dict(statuses)}")
    assert statuses["uncertain"] + statuses["sent"] == accounts


# -- 2. effect keys, and a replayed round refused ----------------------------------------------

REPLAYED = chain(wait(hours=1), MAIL, TASK, COUNT)  # seq: start 1, hold 2, mail 3, task 4, count 5


def test_effect_keys_are_enrollment_node_and_visit(ws, app):
    """Kills a changed idempotency key in the walker or interpreter."""
    ws.journey("keyed", REPLAYED)
    for name in ("k-1", "k-2"):
        ws.account(name)
    ws.work()
    ws.tick(hours=1)
    with app.app_context():
        ids = sorted(db.session.scalars(select(Enrollment.id)))
        effects = db.session.execute(select(StepLog.effect_key, StepLog.enrollment_id, StepLog.node_id)
                                     .where(StepLog.effect_key.is_not(None))).all()
        outbox = set(db.session.scalars(select(OutboxEmail.effect_key)))
        tasks = set(db.session.scalars(select(Task.source_key)))
    expected = {f"{i}:{node}:{seq}" for i in ids for node, seq in (("mail", 3), ("task", 4), ("count", 5))}
    assert {key for key, _, _ in effects} == expected
    assert all(key == f"{eid}:{node}:{key.rsplit(':', 1)[1]}" for key, eid, node in effects)
    assert outbox == {f"{i}:mail:3:0" for i in ids}  # one row per recipient of the effect
    assert tasks == {f"{i}:task:4" for i in ids}


def test_replaying_an_already_recorded_round_is_refused(ws, app):
    """The stored state is put back to before the email (as a stale or re-delivered round would
    see it) and walked again: the effect keys are taken (on the step logs, the outbox and the
    task), so the round is refused whole — no second email, task or increment. (The step log's
    seq is left where it is, so only the effect keys can refuse it.)"""
    ws.journey("replayed", REPLAYED)
    ws.account("again")
    with replayed_after_the_wait(ws, app):
        assert ws.timeline("again")[0]["status"] == "completed"
        with app.app_context():
            effects = set(db.session.scalars(select(StepLog.effect_key)))
            db.session.rollback()
    with app.app_context():
        assert set(db.session.scalars(select(StepLog.effect_key))) == effects
        assert count(app, OutboxEmail) == 1, "the replayed round queued a second email"
        assert count(app, Task) == 1, "the replayed round created a second task"
    assert ws._accounts("get_account", "again")["custom"]["touches"] == 1


@contextmanager
def replayed_after_the_wait(ws, app):
    """Walks the journey's one account to its one-hour wait, keeps the enrollment's stored
    state, lets the wait fire (the body of the ``with`` checks the walk), then puts the state
    back and walks it again; asserts the replay logged no step."""
    ws.work()
    with app.app_context():
        before = db.session.execute(select(Enrollment.id, Enrollment.state, Enrollment.current_node,
                                           Enrollment.wake_at)).one()
    assert before.current_node == "hold"
    ws.tick(hours=1)
    yield
    steps = count(app, StepLog)
    with app.app_context():
        db.session.execute(update(Enrollment).where(Enrollment.id == before.id).values(
            state=before.state, current_node=before.current_node, wake_at=before.wake_at,
            status="active", reason=None, ended_at=None))
        db.session.commit()
        advance_enrollments([before.id], now=ws.clock())
        db.session.rollback()
    assert count(app, StepLog) == steps, "the replayed round logged its steps again"



def test_replaying_a_round_of_attribute_changes_alone_is_refused(ws, app):
    """As above with a round that only increases an attribute: no outbox or task row holds the
    key, so the step log's effect key alone must refuse it. Kills a step log written without
    its effect's key (or a key that is not unique)."""
    ws.journey("counted", chain(wait(hours=1), COUNT))
    ws.account("twice")
    with replayed_after_the_wait(ws, app):
        assert ws._accounts("get_account", "twice")["custom"]["touches"] == 1
    assert ws._accounts("get_account", "twice")["custom"]["touches"] == 1, \
        "the replayed round increased the attribute again"

# -- 3. a row another connection holds ---------------------------------------------------------

BRANCHED = {"format": "journey/v1", "nodes": [
    ENTRY, wait(days=1),
    {"id": "big", "type": "condition", "config": {"rule": {"all": [
        {"property": "account.mrr", "op": "gte", "value": 1000}]}}},
    TASK, END], "edges": [
    {"source": "start", "target": "hold"}, {"source": "hold", "target": "big"},
    {"source": "big", "target": "task", "branch": "yes"}, {"source": "big", "target": "done", "branch": "no"},
    {"source": "task", "target": "done"}]}


def _three_waiting(ws, app) -> tuple[list[int], dict[int, int]]:
    ws.journey("held", BRANCHED)
    for name in ("h-0", "h-1", "h-2"):
        ws.account(name, mrr=10)
    ws.work()
    with app.app_context():
        rows = db.session.execute(select(Enrollment.id, Enrollment.account_id)
                                  .order_by(Enrollment.id)).all()
    assert len(rows) == 3
    ws.clock.advance(days=1)  # every wait is due now
    return [r.id for r in rows], {r.id: r.account_id for r in rows}


def _walk_in_thread(app, ids, wait_flag: bool):
    reports = []

    def run():
        with app.app_context():
            reports.append(advance_enrollments(ids, wait=wait_flag))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, reports


def _statuses(app) -> dict[int, tuple]:
    with app.app_context():
        rows = db.session.execute(select(Enrollment.id, Enrollment.status, Enrollment.current_node,
                                         Enrollment.wake_at)).all()
        db.session.rollback()
    return {r.id: (r.status, r.current_node, _aware(r.wake_at)) for r in rows}


def _tasks_of(app) -> set[int]:
    with app.app_context():
        found = set(db.session.scalars(select(Task.account_id)))
        db.session.rollback()
    return found


def _lock_waiters(engine) -> int:
    """Backends of this database waiting for a lock (PostgreSQL)."""
    with engine.connect() as conn:
        return conn.execute(text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()")).scalar()


@contextmanager
def _sqlite_write_lock(app):
    """Another connection holding SQLite's write lock (BEGIN IMMEDIATE) until the block ends;
    yields it so the test can write in that transaction."""
    path = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database
    conn = sqlite3.connect(path, isolation_level=None, timeout=10)
    try:
        conn.execute("BEGIN IMMEDIATE")
        yield conn
        conn.execute("COMMIT")
    finally:
        conn.close()


def test_a_bulk_walk_skips_a_row_another_connection_holds(ws, app):
    """PostgreSQL: kills ``FOR UPDATE SKIP LOCKED`` removed — the bulk walk must not wait for
    a row another connection holds; it walks the others and makes the held one due.
    SQLite has no row locks: the walk waits for the database's write lock, then walks all,
    seeing what the other connection committed meanwhile."""
    ids, accounts = _three_waiting(ws, app)
    held = ids[1]
    with app.app_context():
        if is_postgresql():  # not due, so "made due" shows
            db.session.execute(update(Enrollment).where(Enrollment.id == held)
                               .values(wake_at=ws.clock() + timedelta(days=10)))
            db.session.commit()
    if not POSTGRES:
        with _sqlite_write_lock(app) as conn:
            conn.execute("UPDATE accounts SET mrr = 5000 WHERE id = ?", (accounts[held],))
            thread, reports = _walk_in_thread(app, ids, False)
            time.sleep(0.6)
            assert thread.is_alive(), "the walk did not wait for SQLite's write lock"
            assert {s[0] for s in _statuses(app).values()} == {"active"}
        thread.join(8)
        assert not thread.is_alive() and reports, "the walk did not go on after the lock was released"
        assert {s[0] for s in _statuses(app).values()} == {"completed"}
        assert _tasks_of(app) == {accounts[held]}  # it read the row after the other commit
        return

    holder = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    conn = holder.connect()
    transaction = conn.begin()
    try:
        conn.execute(text("SELECT id FROM enrollments WHERE id = :id FOR UPDATE"), {"id": held})
        thread, reports = _walk_in_thread(app, ids, False)
        others = [ids[0], ids[2]]
        try:
            wait_until(lambda: [_statuses(app)[i][0] for i in others] == ["completed"] * 2, 5,
                       "the others to be walked")
            walked_while_held = True
        except AssertionError:
            walked_while_held = False
        thread.join(3)
        returned_promptly = not thread.is_alive()
        waiting = _waiting_statements(holder)
    finally:
        transaction.rollback()
        conn.close()
        thread.join(10)
        holder.dispose()
    assert walked_while_held, f"the bulk walk waited for a row another connection held: {waiting}"
    [report] = reports
    assert report.busy == {held}
    statuses = _statuses(app)
    assert {i: s[0] for i, s in statuses.items()} == {ids[0]: "completed", held: "active",
                                                      ids[2]: "completed"}
    assert statuses[held][1] == "hold"
    assert returned_promptly, ("the bulk walk walked the others but then waited for the held row "
                               f"until the other transaction ended, in: {waiting}")
    # Still held when the walk ended: it could not be made due without waiting, so it is left in
    # report.busy and the job queues a re-check of it (a walk that waits for the row, briefly).
    from backend.jobs import jobs, lanes
    with app.app_context():
        queued = lanes.queue(lanes.BULK)
        before = len(queued)
        jobs._walk_bulk([])  # nothing to walk: queues nothing
        assert len(queued) == before
    from unittest import mock
    with app.app_context(), mock.patch.object(jobs, "advance_enrollments", return_value=report):
        jobs._walk_bulk(ids)
        [job] = [j for j in lanes.queue(lanes.BULK).jobs if j.func_name.endswith("recheck_job")]
        assert job.args == ([held],)
        jobs.recheck_job(*job.args)  # the other transaction has ended: it walks now
    assert _statuses(app)[held][0] == "active"  # still waiting 10 days, checked again


def _waiting_statements(engine) -> list[str]:
    """What this database's backends are waiting on a lock to run (PostgreSQL)."""
    with engine.connect() as probe:
        return probe.execute(text(
            "SELECT query FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock'")).scalars().all()


def test_an_interactive_walk_waits_for_a_held_row_then_walks_it(ws, app):
    """``wait=True``: waits for the other transaction (up to 2 s), then walks the enrollment
    with what that transaction committed. SQLite: the same through its write lock."""
    ids, accounts = _three_waiting(ws, app)
    held = ids[1]
    if not POSTGRES:
        with _sqlite_write_lock(app) as conn:
            conn.execute("UPDATE accounts SET mrr = 5000 WHERE id = ?", (accounts[held],))
            thread, reports = _walk_in_thread(app, [held], True)
            time.sleep(0.6)
            assert thread.is_alive(), "the walk did not wait for SQLite's write lock"
    else:
        holder = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
        conn = holder.connect()
        transaction = conn.begin()
        try:
            conn.execute(text("SELECT id FROM enrollments WHERE id = :id FOR UPDATE"), {"id": held})
            conn.execute(text("UPDATE accounts SET mrr = 5000 WHERE id = :id"), {"id": accounts[held]})
            thread, reports = _walk_in_thread(app, [held], True)
            wait_until(lambda: _lock_waiters(holder) > 0, 1.5, "the walk to wait for the row lock")
            assert thread.is_alive()
            transaction.commit()
        finally:
            if transaction.is_active:
                transaction.rollback()
            conn.close()
            holder.dispose()
    thread.join(8)
    assert not thread.is_alive() and reports, "the walk did not go on after the lock was released"
    assert reports[0].busy == set()
    assert _statuses(app)[held][0] == "completed"
    assert _tasks_of(app) == {accounts[held]}  # walked with the data committed meanwhile


# -- 4. in-flight marks expire ----------------------------------------------------------------

def test_in_flight_marks_carry_a_ttl(ws, app, redis_url):
    """Kills ``mark_new`` without ``ex=``: a dead job's marks would block its work forever."""
    ws.journey("marked", chain(wait(minutes=5), TASK))
    for name in ("m-1", "m-2"):
        ws.account(name)
    ws.work()
    redis = Redis.from_url(redis_url)
    assert not list(redis.scan_iter("journeys:*:inflight:enrollment:*"))
    ws.clock.advance(minutes=6)
    scheduler.run_once(app, TICKS, ws.clock())  # queues the due walks, marking them in flight
    marks = list(redis.scan_iter("journeys:*:inflight:enrollment:*"))
    assert len(marks) == 2
    with app.app_context():
        assert lanes.mark_new("enrollment", [424242]) == [424242]
        assert lanes.claim_once("ttl-probe")
    marks += list(redis.scan_iter("journeys:*:inflight:enrollment:424242"))
    marks += list(redis.scan_iter("journeys:*:inflight:job:ttl-probe"))
    ttls = {key: redis.ttl(key) for key in marks}
    assert all(0 < ttl <= lanes.INFLIGHT_TTL for ttl in ttls.values()), ttls
    ws.work()
    assert Counter(s["status"] for n in ("m-1", "m-2") for s in ws.timeline(n)) == {"completed": 2}
    released = [k for k in redis.scan_iter("journeys:*:inflight:enrollment:*") if not k.endswith(b":424242")]
    assert not released  # the job released its marks


# -- 5. SMTP backoff ---------------------------------------------------------------------------

def test_a_deferred_email_is_retried_after_30s_2min_10min_30min_then_fails(ws, app):
    """Kills another BACKOFF or MAX_ATTEMPTS: a real server answers 451 to every try."""
    mail = {"id": "mail", "type": "action", "config": {"action": "send_email", "subject": "Hi",
                                                       "body": "Hello", "to": {"contacts": "all"}}}
    with smtp(Inbox()) as inbox:
        app.config["SMTP_URL"] = inbox.url
        ws.journey("deferred", chain(mail))
        ws.account("slow", contacts=[{"name": "Lee", "email": "later@slow.example", "role": "admin"}])
        ws.work()
        tries = [ws.clock()] if inbox.rcpt_tries else []
        assert len(tries) == 1, "the first try did not reach the server"
        gaps = []
        for _ in range(10):
            with app.app_context():
                email = db.session.scalar(select(OutboxEmail))
                status, due = email.status, email.next_attempt_at
                db.session.rollback()
            if status != "queued":
                break
            due = _aware(due)
            assert due > ws.clock()
            ws.clock.moment = due - timedelta(seconds=1)
            ws.tick()
            assert len(inbox.rcpt_tries) == len(tries), f"retried before its time ({ws.clock()})"
            ws.tick(seconds=1)
            assert len(inbox.rcpt_tries) == len(tries) + 1, f"not retried when due ({ws.clock()})"
            gaps.append(ws.clock() - tries[-1])
            tries.append(ws.clock())
        assert gaps == [timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10),
                        timedelta(minutes=30)]
        with app.app_context():
            email = db.session.scalar(select(OutboxEmail))
            assert (email.status, email.attempts) == ("failed", 5)
            assert "451" in email.error
            enrollment = db.session.scalar(select(Enrollment))
            assert (enrollment.status, enrollment.reason) == ("failed", "email_failed")
            assert "later@slow.example" in enrollment.error
        ws.tick(hours=2)
        assert len(inbox.rcpt_tries) == 5 and not inbox.messages  # given up: no sixth try


# -- 6. the auto-disable threshold --------------------------------------------------------------

def test_one_failure_in_twelve_keeps_a_journey_enabled_two_disable_it(ws, app):
    """Kills another FAILURE_RATE: 1/12 (8%) is under 10%, 2/12 (17%) over it."""
    from backend.models.attributes import AttributeDefinition

    with app.app_context():
        db.session.add(AttributeDefinition(key="fragile", label="Fragile", type="number"))
        db.session.commit()
    hold = {"id": "hold", "type": "wait", "config": {"until_rule": {
        "rule": {"all": [{"property": "custom.logins_30d", "op": "gte", "value": 10}]},
        "timeout": {"days": 5}}}}
    breaks = {"id": "break", "type": "action", "config": {"action": "set_attribute",
                                                          "attribute": "custom.fragile", "value": 1}}
    graph = {"format": "journey/v1", "nodes": [ENTRY, hold, breaks, END], "edges": [
        {"source": "start", "target": "hold"}, {"source": "hold", "target": "break", "branch": "met"},
        {"source": "hold", "target": "done", "branch": "timeout"}, {"source": "break", "target": "done"}]}
    journey_id = ws.journey("fragile", graph)
    with app.app_context():  # the attribute is gone after publishing: the action fails
        db.session.execute(db.delete(AttributeDefinition).where(AttributeDefinition.key == "fragile"))
        db.session.commit()
    ws.bulk([{"external_id": f"f-{i}", "name": f"F {i}", "stage": "new"} for i in range(12)])
    ws.work()
    assert count(app, Enrollment, Enrollment.status == "active") == 12

    ws.patch("f-0", custom={"logins_30d": 12})
    ws.work()
    assert count(app, Enrollment, Enrollment.status == "failed") == 1
    ws.tick(minutes=1)
    ws.tick(minutes=1)
    journey = ws.call("GET", f"/api/journeys/{journey_id}")
    assert journey["enabled"] is True, journey.get("disabled_reason")

    ws.patch("f-1", custom={"logins_30d": 12})
    ws.work()
    assert count(app, Enrollment, Enrollment.status == "failed") == 2
    ws.tick(minutes=1)
    journey = ws.call("GET", f"/api/journeys/{journey_id}")
    assert journey["enabled"] is False
    assert "2 of 12 enrollments failed in the last hour" in journey["disabled_reason"]
    assert "fragile" in journey["disabled_reason"]  # the latest error, so support sees why


# -- 7. FLUSHALL while a real worker walks -------------------------------------------------------

def test_flushall_while_a_worker_walks_loses_nothing_and_does_nothing_twice(live, app, redis_url):
    """Two imports make two walk jobs. The worker walks the first and is held by the mail
    server while delivering its emails; the second job is still queued. Redis loses everything
    then (queued job, in-flight marks, worker registration). The scheduler, reading the
    database, brings the rest back: every account is walked exactly once."""
    with smtp(Inbox(fast=1)) as inbox:
        app.config["SMTP_URL"] = inbox.url
        live.journey("linear", LINEAR)
        bulk(live, 4, "first")
        bulk(live, 4, "second")
        worker = worker_process(app, redis_url, inbox.url)
        try:
            assert inbox.held.wait(45), "the worker never reached the mail server"
            done = count(app, Enrollment, Enrollment.status == "completed")
            assert 0 < done < 8, f"not mid-walk: {done} of 8 enrollments completed"
            Redis.from_url(redis_url).flushall()
            inbox.release.set()
            recover(live, app, worker, accounts=8)
        finally:
            stop(worker)
    assert_each_done_once(app, inbox)


# -- 8. jobs replayed on enrollments in the middle of their journeys ---------------------------

WAITING = chain(MAIL, wait(days=1), TASK, COUNT)
WAITING_STEPS = ["start", "mail", "hold", "hold", "task", "count", "done"]


def test_jobs_replayed_mid_journey_do_nothing_twice(ws, app, smtp_server, monkeypatch):
    """Every job kind run again while its enrollments wait, and a walk job replayed while it
    had yielded between rounds (its remainder queued): nothing happens twice."""
    app.config["SMTP_URL"] = smtp_server.url
    ws.journey("waiting", WAITING)
    bulk(ws, 3, "mid")
    ws.work()

    def run(job, *args):
        with app.app_context():
            return job(*args)

    with app.app_context():
        ids = sorted(db.session.scalars(select(Enrollment.id)))
        account_ids = sorted(db.session.scalars(select(Account.id)))
        email_ids = sorted(db.session.scalars(select(OutboxEmail.id)))
    assert len(smtp_server.messages) == 3 and count(app, StepLog) == 9  # start, mail, hold each

    # At the wait: every job that can touch them, twice.
    for _ in range(2):
        run(jobs.advance_job, ids)
        run(jobs.recheck_job, ids)
        run(jobs.touch_accounts_job, account_ids, True)
        run(jobs.touch_accounts_job, account_ids, False)
        run(jobs.deliver_job, email_ids)
        run(jobs.segment_events_job)
        run(jobs.retry_job, ids[0], email_ids)
    ws.work()
    assert len(smtp_server.messages) == 3 and count(app, StepLog) == 9 and count(app, Task) == 0
    assert {s[:2] for s in _statuses(app).values()} == {("active", "hold")}

    # Between rounds: one enrollment a round, and interactive work waiting, so the walk
    # yields after the first round and queues the rest at the front of the bulk lane.
    ws.clock.advance(days=1)
    monkeypatch.setattr(walker, "BATCH", 1)
    monkeypatch.setattr(lanes, "interactive_waiting", lambda: True)
    run(jobs.advance_job, ids)
    statuses = _statuses(app)
    assert [statuses[i][0] for i in ids] == ["completed", "active", "active"]
    with app.app_context():
        assert (ids[1:],) in [job.args for job in lanes.queue(lanes.BULK).jobs]  # the remainder
    run(jobs.advance_job, ids)  # the same job delivered again: the done one is not walked again
    monkeypatch.setattr(lanes, "interactive_waiting", lambda: False)
    run(jobs.advance_job, ids)  # and once more, all the way
    run(jobs.advance_job, ids[1:])
    monkeypatch.undo()
    ws.work()  # the queued remainders run after the replays
    ws.tick(minutes=1)
    run(jobs.advance_job, ids)
    assert_each_done_once(app, smtp_server, WAITING_STEPS)


# -- 9. the app's database connections terminated mid-walk (PostgreSQL) ------------------------

def test_connections_terminated_mid_walk_lose_nothing_and_do_nothing_twice(live, app, redis_url):
    """PostgreSQL: twice, every other connection to the database is terminated
    (pg_terminate_backend): once while the worker waits on the mail server (its pooled
    connections idle), once in the middle of a round (blocked on an account row another
    connection holds). SQLite has no server to cut connections from: the walk's own connection
    is closed under it in the middle of a round. Either way everything finishes, once."""
    if not POSTGRES:
        _sqlite_connection_closed_mid_round(live, app)
        return
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    holder = create_engine(url)

    def terminate(spare: int = 0) -> int:
        with admin.connect() as conn:
            return len(conn.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid() AND pid <> :spare"),
                {"spare": spare}).all())

    with smtp(Inbox(fast=1)) as inbox:
        app.config["SMTP_URL"] = inbox.url
        live.journey("linear", LINEAR)
        bulk(live, 4, "first")
        bulk(live, 4, "second")
        with app.app_context():
            blocked = db.session.scalar(select(Account.id).where(Account.external_id == "second-2"))
            db.session.rollback()
        conn = holder.connect()
        conn.begin()
        conn.execute(text("SELECT id FROM accounts WHERE id = :id FOR NO KEY UPDATE"), {"id": blocked})
        holder_pid = conn.execute(text("SELECT pg_backend_pid()")).scalar()
        worker = worker_process(app, redis_url, inbox.url)
        try:
            assert inbox.held.wait(45), "the worker never reached the mail server"
            assert terminate(spare=holder_pid) >= 1  # the worker's (idle in its pool) and ours
            inbox.release.set()
            wait_until(lambda: _lock_waiters(admin) > 0, 30, "the worker's round to wait for the "
                       "held account row", worker)
            done = count(app, Enrollment, Enrollment.status == "completed")
            assert 0 < done < 8, f"not mid-walk: {done} of 8 enrollments completed"
            assert terminate() >= 2  # the worker's (mid-round), the holder's
            recover(live, app, worker, accounts=8)
        finally:
            stop(worker)
            try:
                conn.close()
            except Exception:
                pass
            holder.dispose()
            admin.dispose()
    assert_each_done_once(app, inbox)


def _sqlite_connection_closed_mid_round(live, app) -> None:
    from sqlalchemy import event

    with smtp(Inbox()) as inbox:
        app.config["SMTP_URL"] = inbox.url
        live.journey("linear", LINEAR)
        bulk(live, 4, "first")
        bulk(live, 4, "second")
        cut = []

        def close_under_the_round(conn, cursor, statement, *args):
            if not cut and statement.lstrip().upper().startswith("INSERT INTO STEP_LOGS"):
                cut.append(statement)
                conn.connection.dbapi_connection.close()  # the connection dies mid-round

        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", close_under_the_round)
        try:
            live.work()
        finally:
            event.remove(engine, "before_cursor_execute", close_under_the_round)
        assert cut, "the connection was never closed under a round"
        live.tick(seconds=3)  # whatever was left due is walked again
    assert count(app, Enrollment, Enrollment.status == "completed") == 8
    assert_each_done_once(app, inbox)


def _aware(moment):
    """SQLite hands datetimes back without a zone; they are stored in UTC."""
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
