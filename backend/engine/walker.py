"""Walking enrollments: the engine's transactions.

``advance_enrollments(ids, now=None, *, wait=False, should_yield=None) -> WalkReport``
walks each active enrollment of an enabled journey as far as it can go now.

A *round* is one transaction over up to ``BATCH`` enrollments:

1. lock them (PostgreSQL ``FOR UPDATE SKIP LOCKED`` for bulk work; ``wait``,
   for a change a person just made, waits for a round that holds them instead
   of skipping; SQLite: a no-op write takes the database's write lock first);
   when their journeys change accounts, lock the accounts' rows too, so an
   increment or copy computed from the snapshot can never lose a concurrent
   update;
2. build the accounts' snapshots in a few queries;
3. walk in *waves*: each wave asks ``graph_engine.advance`` once per
   enrollment that still has work; effects go into the round's buffers
   (``engine.round.Round``) and account changes into its in-memory snapshot,
   so the next wave sees them at once (the interpreter stops after each
   account-changing effect). After a wave, CSMs from pools are picked for the
   whole wave, and enrollments of a changed account walked before the change
   are walked again (their goal, exits and waits see the new data);
4. write the round: enrollments (ORM flush), account changes (one UPDATE /
   upsert per kind), step logs (the step that performed an effect carries the
   interpreter's idempotency key, unique), tasks, emails (one COPY per table on
   PostgreSQL), segment membership of the changed accounts; commit.

A bulk walk of several rounds on PostgreSQL overlaps them: step 4 of each round runs
on a thread of its own, with the round's session, while the next round does steps
1-3 (``_Committing``, which says what the next round may and may not see).

After the rounds, outbox emails are delivered, and the accounts the walk
changed are followed up in the same job: their segment events are consumed
(enrolling them into other journeys) and their other active enrollments
re-checked; the enrollments this job already walked with the final data are
not walked again.

If anything in a round fails, it is rolled back and its enrollments are
walked one at a time: an ``ActionError`` marks only that enrollment ``failed``
with the reason, at the action that failed — its round is walked again up to
that action, so the steps before it (and their effects) are kept, and
``retry`` performs the action again (``_Stop``); any unexpected error in a
step marks it ``failed`` where the round began; a duplicate key means another
run already did the round; a database error leaves it due, for the scheduler
to walk again.

Exactly once: the state change and its effects commit together; a job that
runs twice finds the state already advanced (or trips a unique key and rolls
back); a worker killed mid-round loses only the uncommitted rounds (two, when a
commit overlaps the next round's walk), which the scheduler finds again (the
enrollments are due) and redoes.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import load_only

import graph_engine as ge
from graph_engine.model import NodeType

from .. import clock
from ..db.bulk_sql import in_values, is_postgresql
from ..events import accounts_changed
from ..extensions import db
from ..models.accounts import Account
from ..models.enrollments import Enrollment, StepLog
from ..models.journeys import Journey, JourneyVersion
from ..models.statuses import EnrollmentStatus
from ..segments.membership import reevaluate_accounts
from . import enrollment_rows
from .actions import ActionError, perform
from .delivery import deliver_outbox
from .enrolling import active_enrollment_ids, process_segment_events
from .enrollment_rows import EnrollmentRow
from .graphs import graph_for
from .round import Round
from .snapshots import build_snapshots

log = logging.getLogger(__name__)
BATCH = 500  # enrollments per round (and per job: jobs.queueing takes it from here)
MAX_WAVES = 50
OVERLAP = True  # bulk walks on PostgreSQL commit a round while walking the next (_Committing)
FOLLOW_UPS = 10  # follow-up passes over the accounts a walk changed, before handing off
_STEP_LOGS = StepLog.__table__
_STEP_COLUMNS = ("enrollment_id", "journey_id", "seq", "node_id", "type", "at", "outcome", "detail",
                 "effect_key")
_ACCOUNT_ACTIONS = frozenset({"assign_csm", "assign_playbook", "set_attribute", "copy_attribute",
                              "clear_attribute", "increase_attribute"})
ACTIVE = EnrollmentStatus.ACTIVE.value
SKIPPED = "skipped"  # the outcome of an email step that sent nothing (see _add_step)


@dataclass
class WalkReport:
    steps: int = 0
    rounds: int = 0
    emails: list[int] = field(default_factory=list)
    webhooks: list[int] = field(default_factory=list)
    changed_accounts: set[int] = field(default_factory=set)
    failed: list[int] = field(default_factory=list)
    busy: set[int] = field(default_factory=set)
    remaining: list[int] = field(default_factory=list)  # not walked: the job yielded
    # enrollment id -> (account id, round number, or -1 when the round may have read the account
    # before an overlapping round's change to it committed); account id -> last round that changed it
    walked: dict[int, tuple[int, int]] = field(default_factory=dict)
    changed_in: dict[int, int] = field(default_factory=dict)

    def settled(self) -> set[int]:
        """Enrollments walked with their account's final data (no later round changed it)."""
        return {eid for eid, (aid, number) in self.walked.items()
                if self.changed_in.get(aid, -1) <= number}


def changes_accounts(graph: ge.JourneyGraph) -> bool:
    """Whether any action of the graph changes account data."""
    return graph.memo("changes_accounts", lambda: any(
        node.type == NodeType.ACTION and node.config["action"] in _ACCOUNT_ACTIONS
        for node in graph.nodes))


def advance_enrollments(ids, now: datetime | None = None, *, wait: bool = False,
                        should_yield: Callable[[], bool] | None = None) -> WalkReport:
    """Walk each enrollment in ``ids`` as far as it can go at ``now``; never raises for one.

    ``wait``: wait (briefly) for rounds that hold these enrollments instead of
    skipping them (an interactive change). ``should_yield()``: asked between
    rounds; True stops the walk, leaving the rest in ``report.remaining``.
    """
    report = WalkReport()
    _walk(sorted(set(ids)), now, wait, should_yield, report)
    for _ in range(FOLLOW_UPS):
        follow = _follow_up(report) if report.changed_accounts else []
        if not follow:
            report.changed_accounts = set()
            break
        _walk(follow, now, wait, should_yield, report)
        if report.remaining:
            break
    if report.changed_accounts:  # yielded, or still changing after many passes: a job goes on
        accounts_changed(report.changed_accounts, "journey")
    _after_commit(report)
    return report


def _walk(pending: list[int], now, wait: bool, should_yield, report: WalkReport) -> None:
    report.changed_accounts = set()
    # Bulk work on PostgreSQL overlaps rounds: each round's write and commit run on a thread
    # of their own while the next round is walked (see _Committing).
    overlap = OVERLAP and not wait and len(pending) > BATCH and is_postgresql()
    committing: _Committing | None = None
    try:
        for start in range(0, len(pending), BATCH):
            if start and should_yield is not None and should_yield():
                report.remaining += pending[start:]
                break
            batch = pending[start:start + BATCH]
            if not overlap:
                _serial_round(batch, now, report, wait)
                continue
            try:
                walked = _walk_round(batch, now or clock.now(), report, wait, committing)
            except Exception as exc:  # something in the batch: walk it one by one
                db.session.rollback()
                _finish(committing, now, report, wait)
                committing = None
                log.info("batch of %d rolled back (%s); walking one by one", len(batch), exc)
                _one_by_one(batch, now, report, wait)
                continue
            if walked is None:
                continue
            previous = committing
            if previous is not None:
                previous.join()  # one round commits at a time; the walk goes on from the next
            committing, walked = _Committing(walked), None
            _finish(previous, now, report, wait)
            previous = None  # a finished round is not held while the next is walked (memory)
        _finish(committing, now, report, wait)
        committing = None
    finally:
        if committing is not None:  # left by an exception: let its commit end before going on
            committing.join()


def _serial_round(batch: list[int], now, report: WalkReport, wait: bool) -> None:
    try:
        _round(batch, now or clock.now(), report, wait)
    except Exception as exc:  # something in the batch: walk it one by one
        db.session.rollback()
        log.info("batch of %d rolled back (%s); walking one by one", len(batch), exc)
        _one_by_one(batch, now, report, wait)


class _Committing:
    """A walked round's write and commit, on a thread of its own, while the caller walks the
    next round (PostgreSQL; a third of a round's time is the database storing its rows).

    The round's session — its open transaction, holding its enrollments' and accounts' locks —
    goes to the thread; the caller goes on with a new session, so the next round locks what
    this one does not hold (its enrollments are skipped; an account it changes is waited for)
    and reads data as another worker would. The thread never waits for a lock the caller
    holds: it writes only rows its round locked and new rows. The next round's reads miss
    this round's uncommitted changes; the walker makes up for that (``_Walked.stale``) and
    counts this round's emails against the frequency cap itself (``Round.carried_sends``)."""

    def __init__(self, walked: _Walked):
        self.walked = walked
        self.error: BaseException | None = None
        session = db.session()
        db.session.registry.clear()  # the caller's next use of db.session opens a new session
        self._thread = threading.Thread(target=self._run, name="round-commit", daemon=True,
                                        args=(current_app._get_current_object(), session))
        self._thread.start()

    def _run(self, app, session) -> None:
        with app.app_context():  # its teardown closes the session
            db.session.registry.set(session)
            try:
                _write_round(self.walked)
            except BaseException as exc:  # handled by the walk when it joins (see _finish)
                self.error = exc
                session.rollback()
                self.walked.rnd.release_claims()

    def join(self) -> None:
        self._thread.join()


def _finish(committing: _Committing | None, now, report: WalkReport, wait: bool) -> None:
    """Wait for a round's commit and record it; a round that failed is walked one by one,
    as a failed round of the serial walk is (the caller's session holds no transaction)."""
    if committing is None:
        return
    committing.join()
    if committing.error is None:
        _record(report, committing.walked)
        return
    batch = committing.walked.ids
    log.info("batch of %d rolled back (%s); walking one by one", len(batch), committing.error)
    _one_by_one(batch, now, report, wait)


def _follow_up(report: WalkReport) -> list[int]:
    """Enrollments to walk because the walk changed their accounts (see module docstring)."""
    changed = sorted(report.changed_accounts)
    to_walk: set[int] = set()
    while True:
        found = process_segment_events(changed)
        if not found:
            break
        to_walk |= found
    to_walk |= set(active_enrollment_ids(changed))
    return sorted(to_walk - report.settled())


def _one_by_one(ids: list[int], now: datetime | None, report: WalkReport, wait: bool) -> None:
    for enrollment_id in ids:
        moment = now or clock.now()
        try:
            _round([enrollment_id], moment, report, wait)
        except ActionError as exc:
            db.session.rollback()
            if not _round_up_to(enrollment_id, exc, moment, report, wait):
                _fail(enrollment_id, str(exc), moment, report, exc.node_id)
        except IntegrityError:
            db.session.rollback()  # another run recorded this round first
            log.info("enrollment %s: round already recorded by another run", enrollment_id)
        except DBAPIError:
            db.session.rollback()  # the database, not the journey: it stays due and is walked again
            log.exception("enrollment %s: round failed; the scheduler will retry it", enrollment_id)
        except Exception as exc:  # a bug or a value no check caught: fail once, never loop
            db.session.rollback()
            log.exception("enrollment %s: unexpected error in a step", enrollment_id)
            _fail(enrollment_id, f"unexpected error: {type(exc).__name__}: {exc}"[:1000], moment,
                  report)


def _round_up_to(enrollment_id: int, exc: ActionError, now: datetime, report: WalkReport,
                 wait: bool) -> bool:
    """The enrollment's round again, stopping before the action that failed: the steps before
    it are kept and the enrollment is marked failed at it, in one transaction. True when that
    round committed (failed at the action; or, should the account's data have changed since,
    walked on without reaching it) or had nothing left to walk (no longer active, or another
    worker holds it and walks it); False when it failed otherwise: the caller marks it failed
    where the round began."""
    if exc.effect_key is None:
        return False
    stop = _Stop(exc.effect_key, str(exc))
    try:
        _round([enrollment_id], now, report, wait, stop)
    except Exception:
        db.session.rollback()
        log.exception("enrollment %s: the steps before its failed action could not be kept",
                      enrollment_id)
        return False
    if stop.reached:
        report.failed.append(enrollment_id)
    return True


@dataclass
class _Stop:
    """Where a round walked again after an ``ActionError`` stops: before the effect ``key``."""
    key: str
    error: str
    reached: bool = False


def _lock_accounts(account_ids: list[int]) -> None:
    """Hold the accounts' rows until commit (PostgreSQL; SQLite's round holds the database)."""
    if is_postgresql():
        db.session.execute(select(Account.id).where(in_values(Account.id, account_ids))
                           .order_by(Account.id).with_for_update())


@dataclass
class _Walked:
    """A round walked in memory, its transaction still open: what writing it needs."""
    ids: list[int]
    now: datetime
    enrollments: list[EnrollmentRow]
    rnd: Round
    steps: int
    locked_accounts: bool
    # Accounts of a round whose commit overlapped this round's reads: this round may not have
    # seen that round's changes to them (their enrollments are not settled, see WalkReport).
    stale: frozenset[int] = frozenset()
    failed: dict[int, str] = field(default_factory=dict)  # enrollment id -> error (_Stop)


def _round(ids: list[int], now: datetime, report: WalkReport, wait: bool,
           stop: _Stop | None = None) -> None:
    """One transaction over these enrollments (see module docstring)."""
    walked = _walk_round(ids, now, report, wait, stop=stop)
    if walked is not None:
        try:
            _write_round(walked)
        except BaseException:
            db.session.rollback()  # before its claims go: its write holds them until then
            walked.rnd.release_claims()
            raise
        _record(report, walked)


def _walk_round(ids: list[int], now: datetime, report: WalkReport, wait: bool,
                overlapping: _Committing | None = None, stop: _Stop | None = None) -> _Walked | None:
    """Steps 1-3 of a round (see module docstring); None when there is nothing to walk.
    ``overlapping``: the previous round, committing while this one is walked; ``stop``: the
    one enrollment's failed action, to stop before (``_round_up_to``)."""
    enrollments = enrollment_rows.lock(ids, wait)
    report.busy |= set(ids) - {e.id for e in enrollments}  # locked by another worker (or ended)
    journeys = {j.id: j for j in db.session.scalars(  # not the draft graphs: they can be large
        select(Journey).options(load_only(Journey.id, Journey.key, Journey.enabled)).where(
            Journey.id.in_({e.journey_id for e in enrollments}), Journey.enabled.is_(True)))}
    enrollments = [e for e in enrollments if e.journey_id in journeys]  # disabled: paused
    if not enrollments:
        db.session.rollback()
        return None
    versions = {v.id: v for v in db.session.scalars(select(JourneyVersion).where(
        JourneyVersion.id.in_({e.journey_version_id for e in enrollments})))}
    graphs = {vid: graph_for(v) for vid, v in versions.items()}
    account_ids = sorted({e.account_id for e in enrollments})
    locked_accounts = any(changes_accounts(g) for g in graphs.values())
    if locked_accounts:
        _lock_accounts(account_ids)
    carried, stale = (), frozenset()
    if overlapping is not None:
        before = overlapping.walked
        carried = before.rnd.delivery.sends.queued
        # All its accounts, not only those it changed: should it fail, it is walked again one
        # by one after this round's reads, and may change others.
        stale = frozenset({e.account_id for e in before.enrollments}.intersection(account_ids))
    rnd = Round(now, build_snapshots(account_ids), enrollments, carried_sends=carried)
    walk = _Waves(rnd, graphs, journeys, now, stop)
    try:
        with db.session.no_autoflush:
            walk.run(enrollments)
    except BaseException:  # the caller rolls back; nothing of the round holds its claims yet
        rnd.release_claims()
        raise
    return _Walked(ids, now, enrollments, rnd, walk.steps, locked_accounts, stale, walk.failed)


def _write_round(walked: _Walked) -> None:
    """Step 4 of a round: write it and commit (the round's session)."""
    rnd, now = walked.rnd, walked.now
    db.session.flush()
    enrollment_rows.write(walked.enrollments, now)
    for enrollment_id, error in walked.failed.items():
        db.session.execute(update(Enrollment).where(Enrollment.id == enrollment_id)
                           .values(error=error))
    rnd.write()  # account changes, tasks, emails, step logs
    if rnd.changed:
        reevaluate_accounts(sorted(rnd.changed), now.date(),
                            locked=walked.locked_accounts and is_postgresql())
    db.session.commit()


def _record(report: WalkReport, walked: _Walked) -> None:
    """A committed round in the walk's report."""
    rnd = walked.rnd
    report.rounds += 1
    report.steps += walked.steps
    report.emails += [row.id for row in rnd.emails]
    report.webhooks += [row.id for row in rnd.webhooks]
    report.changed_accounts |= rnd.changed
    for account_id in rnd.changed:
        report.changed_in[account_id] = report.rounds
    for enrollment in walked.enrollments:
        number = -1 if enrollment.account_id in walked.stale else report.rounds
        report.walked[enrollment.id] = (enrollment.account_id, number)


class _Waves:
    """The in-memory walk of one round's enrollments (see module docstring, step 3)."""

    def __init__(self, rnd: Round, graphs: dict, journeys: dict, now: datetime,
                 stop: _Stop | None = None):
        self.rnd, self.graphs, self.journeys, self.now = rnd, graphs, journeys, now
        self.steps = 0
        self.stop = stop
        self.failed: dict[int, str] = {}

    def run(self, enrollments: list[EnrollmentRow]) -> None:
        rnd = self.rnd
        states = {e.id: e.interpreter_state() for e in enrollments}
        seen: dict[int, int] = {}
        pending, resumed = enrollments, set()
        for _ in range(MAX_WAVES):
            resumed = set()
            for enrollment in pending:
                if enrollment.status != ACTIVE:  # ended by another's exit rule this round
                    continue
                seen[enrollment.id] = rnd.versions.get(enrollment.account_id, 0)
                if self._advance(enrollment, states):
                    resumed.add(enrollment.id)
            rnd.resolve()
            pending = [e for e in enrollments if e.id in resumed or (
                states[e.id].status == ACTIVE and e.status == ACTIVE and e.id in seen
                and seen[e.id] < rnd.versions.get(e.account_id, 0))]
            if not pending:
                break
        due_now = {e.id for e in pending}  # step cap reached: the scheduler goes on at once
        for enrollment in enrollments:
            if enrollment.id in seen and enrollment.status == ACTIVE:
                enrollment.store(states[enrollment.id], enrollment.id in due_now, self.now)

    def _advance(self, enrollment: EnrollmentRow, states: dict) -> bool:
        """One ``advance`` call; returns whether the enrollment goes on at once."""
        rnd = self.rnd
        graph = self.graphs[enrollment.journey_version_id]
        decision = ge.advance(graph, states[enrollment.id], rnd.snapshots[enrollment.account_id],
                              self.now)
        journey = self.journeys[enrollment.journey_id]
        if self.stop is not None and self._stopped(enrollment, decision, journey):
            return False
        results, keys = {}, {}
        for effect in decision.effects:
            results[effect.node_id] = perform(effect, enrollment, journey, rnd)
            keys[effect.node_id] = effect.key
        for step in decision.steps:
            # the effect's key goes on the step that performed it (the interpreter logs one
            # step per effect, at its node, in the same decision)
            key = keys.pop(step.node_id, None) if keys else None
            _add_step(rnd, enrollment, step, results.get(step.node_id), self.now, key)
        if keys:  # never: every effect has its step; without one, its key would go unrecorded
            raise RuntimeError(f"effects without a step: {sorted(keys.values())}")
        self.steps += len(decision.steps)
        states[enrollment.id] = decision.state
        return decision.resume and decision.state.status == ACTIVE


    def _stopped(self, enrollment: EnrollmentRow, decision: ge.Decision, journey) -> bool:
        """When ``decision`` holds the effect that failed (``self.stop``): keep what comes before
        it, leave the enrollment failed at its action, ready to perform it again on Retry."""
        stop = self.stop
        failing = next((e for e in decision.effects if e.key == stop.key), None)
        if failing is None:
            return False
        before = decision.effects[:decision.effects.index(failing)]
        results = {e.node_id: perform(e, enrollment, journey, self.rnd) for e in before}
        keys = {e.node_id: e.key for e in before}
        # the interpreter logs each node's step as it goes: those before the action's own
        steps = decision.steps[:next(i for i, s in enumerate(decision.steps)
                                     if s.node_id == failing.node_id)]
        for step in steps:
            _add_step(self.rnd, enrollment, step, results.get(step.node_id), self.now,
                      keys.pop(step.node_id, None))
        self.steps += len(steps)
        enrollment.step_seq += 1
        self.rnd.rows.add_tuple(_STEP_LOGS, _STEP_COLUMNS, (
            enrollment.id, enrollment.journey_id, enrollment.step_seq, failing.node_id, "action",
            self.now, "failed", {"error": stop.error}, None))
        # At the action, not yet visited: Retry visits it again with the same sequence number,
        # so the effect keeps its key (exactly once, should it have gone through after all).
        seq = int(failing.key.rsplit(":", 1)[1])
        at_action = decision.state.evolve(node_id=failing.node_id, seq=seq - 1, status=ACTIVE,
                                          reason=None, wake_at=None, wait_started_at=None)
        enrollment.store(at_action, False, self.now)
        enrollment.status, enrollment.reason = EnrollmentStatus.FAILED.value, "action_failed"
        enrollment.ended_at, enrollment.wake_at = self.now, None
        self.failed[enrollment.id] = stop.error
        stop.reached = True
        return True


def _add_step(rnd: Round, enrollment: EnrollmentRow, step, result, now: datetime,
              effect_key: str | None = None) -> None:
    enrollment.step_seq += 1
    detail = dict(step.detail or {})
    outcome = step.outcome
    if result is not None:
        detail["result"] = result  # rows in it become ids when the buffer writes it
        if "skipped" in result and not result.get("emails"):
            # an email that went to no one (no recipient, all unsubscribed) passed the step but
            # sent nothing: the timeline says so, and the report does not count it as emailed
            outcome = SKIPPED
    rnd.rows.add_tuple(_STEP_LOGS, _STEP_COLUMNS, (
        enrollment.id, enrollment.journey_id, enrollment.step_seq, step.node_id, step.type,
        step.at or now, outcome, detail, effect_key))


def _fail(enrollment_id: int, error: str, now: datetime, report: WalkReport,
          node_id: str | None = None) -> None:
    """Mark the enrollment failed, logged at ``node_id`` (the action that failed) or else at
    the node the round began from; nothing else of the round is kept."""
    enrollment = db.session.get(Enrollment, enrollment_id, with_for_update=True)
    if enrollment is None or enrollment.status != ACTIVE:
        db.session.rollback()
        return
    enrollment.status, enrollment.reason = EnrollmentStatus.FAILED.value, "action_failed"
    enrollment.error = error
    enrollment.ended_at = enrollment.updated_at = now
    enrollment.wake_at = None
    node_id = node_id or _failing_node(enrollment)
    # shown as where it failed; its state stays where the round began, for Retry to walk from
    enrollment.current_node = node_id
    enrollment.step_seq += 1
    db.session.add(StepLog(enrollment_id=enrollment.id, journey_id=enrollment.journey_id,
                           seq=enrollment.step_seq, node_id=node_id, type="action", at=now,
                           outcome="failed", detail={"error": error}))
    db.session.commit()
    report.failed.append(enrollment_id)


def _failing_node(enrollment: Enrollment) -> str:
    """Where a failure with no action of its own is shown: the interpreter's position when
    the round began."""
    return (enrollment.state or {}).get("node_id") or enrollment.current_node or "start"


def _after_commit(report: WalkReport) -> None:
    if report.busy:
        # Locked by another worker, whose snapshot may predate the change that brought us
        # here: make them due, so the scheduler walks them again right after (a wait that is
        # not due yet just keeps waiting; its wake time is restored by that walk). Rows still
        # held are skipped, never waited for: they stay in ``report.busy`` for the job to queue
        # a re-check of.
        candidates = select(Enrollment.id).where(
            in_values(Enrollment.id, sorted(report.busy)), Enrollment.status == ACTIVE,
            (Enrollment.wake_at.is_(None)) | (Enrollment.wake_at > clock.now()))
        if is_postgresql():
            candidates = candidates.with_for_update(skip_locked=True)
        marked = set(db.session.scalars(update(Enrollment).where(Enrollment.id.in_(
            candidates.scalar_subquery())).values(wake_at=clock.now()).returning(Enrollment.id)))
        db.session.commit()
        held = db.session.scalars(select(Enrollment.id).where(
            in_values(Enrollment.id, sorted(report.busy - marked)), Enrollment.status == ACTIVE))
        report.busy = set(held)
        db.session.rollback()
    if report.emails:
        deliver_outbox(report.emails)
    # Webhook calls are not sent here: a slow host (up to its timeout) must not hold up the walk,
    # so the job hands report.webhooks to a delivery job of their own (jobs.jobs).


def due_enrollment_ids(now: datetime, limit: int = 5000) -> list[int]:
    """Active enrollments of enabled journeys whose wait is due at ``now``."""
    return list(db.session.scalars(
        select(Enrollment.id).join(Journey, Journey.id == Enrollment.journey_id)
        .where(Enrollment.status == ACTIVE, Enrollment.wake_at <= now, Journey.enabled.is_(True))
        .order_by(Enrollment.wake_at).limit(limit)))
