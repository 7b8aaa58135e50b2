"""Walking enrollments: the engine's transactions.

``advance_enrollments(ids, now=None) -> WalkReport`` walks each active
enrollment of an enabled journey as far as it can go now. Work is done in
*batch rounds*: one transaction locks up to ``BATCH`` enrollments (PostgreSQL:
``FOR UPDATE SKIP LOCKED``, so workers never wait on each other), builds their
account snapshots in a few queries, asks ``graph_engine.advance`` what to do
for each, and writes the step logs, the effects (each an ``Effect`` row keyed
by the interpreter's idempotency key) and the new states, then commits. Step
logs, effects and tasks are plain rows in a ``RowBuffer``: one COPY per table
on PostgreSQL, not an ORM object each. An
enrollment whose round emitted an account-changing effect goes into the next
round with a fresh snapshot (the interpreter's ``resume``). After each commit
the round's outbox emails are delivered and account changes are announced
(``events.accounts_changed``) so other journeys and segments react.

If anything in a batch fails (an action that cannot be carried out, a unique
key another run already wrote), the batch is rolled back and its enrollments
are walked one at a time, so one bad enrollment never holds the others up: an
``ActionError`` marks only that enrollment ``failed`` (``retry`` resumes it at
the same node), a duplicate means another run already did the round.

Exactly once: the state change and its effects commit together; a job that
runs twice finds the state already advanced (or trips a unique key and rolls
back); a worker killed mid-round loses only the uncommitted round, which the
scheduler finds again (the enrollment is due) and redoes.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

import graph_engine as ge
from graph_engine.effects import ACCOUNT_CHANGING, UnenrollFrom

from .. import clock
from .actions import ActionContext, ActionError, perform
from ..events import accounts_changed
from ..extensions import db
from ..models.accounts import Account
from ..models.enrollments import Effect, Enrollment, StepLog
from ..models.journeys import Journey, JourneyVersion
from ..models.users import StaffUser
from ..segments.membership import reevaluate_accounts
from ..db.bulk_sql import in_values
from ..db.row_buffer import RowBuffer
from .snapshots import build_snapshots

log = logging.getLogger(__name__)
BATCH = 500
MAX_ROUNDS = 50
_GRAPHS: dict[tuple, ge.JourneyGraph] = {}
_READS_PENDING = (*ACCOUNT_CHANGING, UnenrollFrom)
_EFFECTS, _STEP_LOGS = Effect.__table__, StepLog.__table__


@dataclass
class WalkReport:
    steps: int = 0
    rounds: int = 0
    emails: list[int] = field(default_factory=list)
    changed_accounts: set[int] = field(default_factory=set)
    failed: list[int] = field(default_factory=list)
    busy: set[int] = field(default_factory=set)


def graph_for(version: JourneyVersion) -> ge.JourneyGraph:
    """The parsed graph of a published version (versions never change, so it is cached;
    the key includes the publish time because SQLite may reuse a deleted row's id)."""
    key = (version.id, version.published_at)
    graph = _GRAPHS.get(key)
    if graph is None:
        graph, problems = ge.parse_graph(version.graph)
        if graph is None:
            raise ActionError(f"published version {version.version} does not parse: {problems[:3]}")
        _GRAPHS[key] = graph
    return graph


def state_of(enrollment: Enrollment) -> ge.EnrollmentState:
    """The interpreter's state for a stored enrollment."""
    if enrollment.state:
        return ge.EnrollmentState.from_dict(enrollment.state)
    return ge.EnrollmentState.new(str(enrollment.id))


def advance_enrollments(ids, now: datetime | None = None) -> WalkReport:
    """Walk each enrollment in ``ids`` as far as it can go at ``now``; never raises for one."""
    report = WalkReport()
    pending = sorted(set(ids))
    for start in range(0, len(pending), BATCH):
        batch = pending[start:start + BATCH]
        for _ in range(MAX_ROUNDS):
            if not batch:
                break
            try:
                batch = _round(batch, now or clock.now(), report)
            except Exception as exc:  # something in the batch: walk it one by one
                db.session.rollback()
                log.info("batch of %d rolled back (%s); walking one by one", len(batch), exc)
                batch = _one_by_one(batch, now, report)
    _after_commit(report)
    return report


def _one_by_one(ids: list[int], now: datetime | None, report: WalkReport) -> list[int]:
    again = []
    for enrollment_id in ids:
        moment = now or clock.now()
        try:
            again += _round([enrollment_id], moment, report)
        except ActionError as exc:
            db.session.rollback()
            _fail(enrollment_id, str(exc), moment)
            report.failed.append(enrollment_id)
        except IntegrityError:
            db.session.rollback()  # another run recorded this round first
            log.info("enrollment %s: round already recorded by another run", enrollment_id)
        except Exception:
            db.session.rollback()
            log.exception("enrollment %s: round failed; the scheduler will retry it", enrollment_id)
    return again


def _lock(ids: list[int]) -> list[Enrollment]:
    query = (select(Enrollment).where(in_values(Enrollment.id, ids), Enrollment.status == "active")
             .order_by(Enrollment.id).execution_options(populate_existing=True))
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=Enrollment)
    return list(db.session.scalars(query))


def _round(ids: list[int], now: datetime, report: WalkReport) -> list[int]:
    """One transaction over these enrollments; returns the ids to walk again at once."""
    enrollments = _lock(ids)
    report.busy |= set(ids) - {e.id for e in enrollments}  # locked by another worker (or ended)
    journeys = {j.id: j for j in db.session.scalars(select(Journey).where(
        Journey.id.in_({e.journey_id for e in enrollments}), Journey.enabled.is_(True)))}
    enrollments = [e for e in enrollments if e.journey_id in journeys]  # disabled: paused
    if not enrollments:
        db.session.rollback()
        return []
    versions = {v.id: v for v in db.session.scalars(select(JourneyVersion).where(
        JourneyVersion.id.in_({e.journey_version_id for e in enrollments})))}
    snapshots = build_snapshots([e.account_id for e in enrollments])
    batch = _Batch(now, [e.account_id for e in enrollments])
    again, steps = [], 0
    with db.session.no_autoflush:  # one flush below, not one per effect
        for enrollment in enrollments:
            steps += _decide(enrollment, journeys, versions, snapshots, batch, again, now)
    db.session.flush()  # ORM changes: enrollments, emails, accounts; ids known from here
    batch.rows.write()  # effects, tasks, step logs: one COPY (PostgreSQL) or INSERT each
    if batch.changed:
        reevaluate_accounts(sorted(batch.changed), now.date())
    db.session.commit()
    report.rounds += 1
    report.steps += steps
    report.emails += [row.id for row in batch.emails]
    report.changed_accounts |= batch.changed
    return again


def _decide(enrollment, journeys, versions, snapshots, batch, again, now) -> int:
    """Advance one enrollment; buffers its effects and step logs. Returns the steps taken."""
    snapshot = snapshots[enrollment.account_id]
    decision = ge.advance(graph_for(versions[enrollment.journey_version_id]), state_of(enrollment),
                          snapshot, now)
    results = {e.node_id: batch.perform(e, enrollment, journeys[enrollment.journey_id], snapshot)
               for e in decision.effects}
    for step in decision.steps:
        _add_step(batch.rows, enrollment, step, results.get(step.node_id), now)
    _store_state(enrollment, decision, now)
    if decision.resume and enrollment.status == "active":
        again.append(enrollment.id)
    if any(isinstance(e, ACCOUNT_CHANGING) for e in decision.effects):
        batch.changed.add(enrollment.account_id)
    return len(decision.steps)


class _Batch:
    """What one round shares: staff (loaded on the first effect), the accounts' ORM rows
    (loaded on the first effect that changes one), buffered rows, changed accounts."""

    def __init__(self, now: datetime, account_ids: list[int]):
        self.now = now
        self.account_ids = account_ids
        self.changed: set[int] = set()
        self.emails: list = []
        self.rows = RowBuffer()
        self._staff: dict | None = None
        self._staff_names: dict = {}
        self._accounts: dict | None = None

    def account(self, account_id: int) -> Account:
        """The ORM row of one of the batch's accounts (all loaded in one query, once)."""
        if self._accounts is None:
            self._accounts = {a.id: a for a in db.session.scalars(
                select(Account).where(in_values(Account.id, self.account_ids)))}
        return self._accounts[account_id]

    def perform(self, effect, enrollment: Enrollment, journey: Journey, snapshot: dict) -> dict:
        if self._staff is None:
            self._staff = {u.email: u for u in db.session.scalars(select(StaffUser))}
            self._staff_names = {email: u.name for email, u in self._staff.items()}
        if isinstance(effect, _READS_PENDING):
            db.session.flush()  # it reads rows earlier effects of this batch may have changed
        self.rows.add(_EFFECTS, key=effect.key, enrollment_id=enrollment.id, node_id=effect.node_id,
                      kind=effect.kind, payload=effect.to_dict(), status="done", attempts=1,
                      created_at=self.now, performed_at=self.now)
        ctx = ActionContext(enrollment=enrollment, journey=journey, snapshot=snapshot, now=self.now,
                            staff=self._staff, staff_names=self._staff_names, rows=self.rows,
                            load_account=self.account)
        result = perform(effect, ctx)
        self.emails += result.get("emails", [])
        return result


def _add_step(rows: RowBuffer, enrollment: Enrollment, step, result, now: datetime) -> None:
    enrollment.step_seq += 1
    detail = dict(step.detail or {})
    if result is not None:
        detail["result"] = result  # rows in it become ids when the buffer writes it
    rows.add(_STEP_LOGS, enrollment_id=enrollment.id, journey_id=enrollment.journey_id,
             seq=enrollment.step_seq, node_id=step.node_id, type=step.type, at=step.at or now,
             outcome=step.outcome, detail=detail)


def _store_state(enrollment: Enrollment, decision, now: datetime) -> None:
    state = decision.state
    enrollment.state = state.to_dict()
    enrollment.current_node = state.node_id
    # A round that must be followed by another is due at once: if this job dies
    # before the next round, the scheduler finds the enrollment and goes on.
    enrollment.wake_at = now if decision.resume else state.wake_at
    enrollment.goal_achieved_at = enrollment.goal_achieved_at or state.goal_achieved_at
    enrollment.attempts = 0
    enrollment.updated_at = now
    if state.status != "active":
        enrollment.status, enrollment.reason = state.status, state.reason
        enrollment.ended_at, enrollment.wake_at = now, None


def _fail(enrollment_id: int, error: str, now: datetime) -> None:
    """Mark the enrollment failed at the node it was about to run (nothing else is kept)."""
    enrollment = db.session.get(Enrollment, enrollment_id, with_for_update=True)
    enrollment.status, enrollment.reason, enrollment.error = "failed", "action_failed", error
    enrollment.ended_at = enrollment.updated_at = now
    enrollment.step_seq += 1
    db.session.add(StepLog(enrollment_id=enrollment.id, journey_id=enrollment.journey_id,
                           seq=enrollment.step_seq, node_id=_failing_node(enrollment), type="action",
                           at=now, outcome="failed", detail={"error": error}))
    db.session.commit()


def _failing_node(enrollment: Enrollment) -> str:
    """The node whose action failed: the interpreter's position when the round began."""
    return (enrollment.state or {}).get("node_id") or enrollment.current_node or "start"


def _after_commit(report: WalkReport) -> None:
    if report.busy:
        # Locked by another worker, whose snapshot may predate the change that brought us
        # here: make them due, so the scheduler walks them again right after (a wait that is
        # not due yet just keeps waiting; its wake time is restored by that walk).
        db.session.execute(update(Enrollment).where(
            Enrollment.id.in_(sorted(report.busy)), Enrollment.status == "active",
            (Enrollment.wake_at.is_(None)) | (Enrollment.wake_at > clock.now()))
            .values(wake_at=clock.now()))
        db.session.commit()
    if report.emails:
        from .delivery import deliver_outbox

        deliver_outbox(report.emails)
    if report.changed_accounts:
        accounts_changed(report.changed_accounts, "journey")


def due_enrollment_ids(now: datetime, limit: int = 5000) -> list[int]:
    """Active enrollments of enabled journeys whose wait is due at ``now``."""
    return list(db.session.scalars(
        select(Enrollment.id).join(Journey, Journey.id == Enrollment.journey_id)
        .where(Enrollment.status == "active", Enrollment.wake_at <= now, Journey.enabled.is_(True))
        .order_by(Enrollment.wake_at).limit(limit)))
