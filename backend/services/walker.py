"""Walking enrollments: the engine's one transaction per step round.

``advance_enrollments(ids, now=None) -> WalkReport`` walks each active
enrollment of an enabled journey as far as it can go now. One *round* is one
transaction: lock the enrollment, build the account snapshot, ask
``graph_engine.advance`` what to do, then write the step logs, the effects
(each an ``Effect`` row keyed by the interpreter's idempotency key) and the
new state, and commit. A round that emitted an account-changing effect is
followed by another round on a fresh snapshot (the interpreter's ``resume``).
After each commit the outbox emails of the round are delivered and account
changes are announced (``events.accounts_changed``) so other journeys' goals,
exits and segments react.

Exactly once: the state change and its effects commit together; a job that
runs twice finds the state already advanced (or trips the unique effect key
and rolls back); a worker killed mid-round loses the uncommitted round only,
which the next run redoes. An effect that cannot be carried out marks the
enrollment ``failed`` with the error (``retry`` resumes it at the same node).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

import graph_engine as ge
from graph_engine.effects import ACCOUNT_CHANGING

from .. import clock
from ..effects.actions import ActionContext, ActionError, perform
from ..events import accounts_changed
from ..extensions import db
from ..models.accounts import Account
from ..models.enrollments import Effect, Enrollment, StepLog
from ..models.journeys import Journey, JourneyVersion
from ..segments.membership import reevaluate_accounts
from .snapshots import build_snapshots

log = logging.getLogger(__name__)
MAX_ROUNDS = 50
_GRAPHS: dict[tuple, ge.JourneyGraph] = {}


@dataclass
class WalkReport:
    steps: int = 0
    rounds: int = 0
    emails: list[int] = field(default_factory=list)
    changed_accounts: set[int] = field(default_factory=set)


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
    for enrollment_id in ids:
        for _ in range(MAX_ROUNDS):
            moment = now or clock.now()
            try:
                resume = _round(enrollment_id, moment, report)
            except IntegrityError:
                db.session.rollback()  # a concurrent run recorded this round first
                log.info("enrollment %s: round already recorded by another run", enrollment_id)
                resume = False
            except Exception:
                db.session.rollback()
                log.exception("enrollment %s: round failed; it will be retried", enrollment_id)
                resume = False
            report.rounds += 1
            if not resume:
                break
    _after_commit(report)
    return report


def _round(enrollment_id: int, now: datetime, report: WalkReport) -> bool:
    enrollment = db.session.get(Enrollment, enrollment_id, with_for_update=True,
                                populate_existing=True)
    if enrollment is None or enrollment.status != "active":
        db.session.rollback()
        return False
    journey = db.session.get(Journey, enrollment.journey_id)
    if not journey.enabled:  # disabled journeys pause walking
        db.session.rollback()
        return False
    graph = graph_for(db.session.get(JourneyVersion, enrollment.journey_version_id))
    snapshot = build_snapshots([enrollment.account_id])[enrollment.account_id]
    decision = ge.advance(graph, state_of(enrollment), snapshot, now)
    account = db.session.get(Account, enrollment.account_id)
    ctx = ActionContext(enrollment=enrollment, account=account, journey=journey,
                        snapshot=snapshot, now=now)
    results = {}
    try:
        for effect in decision.effects:
            results[effect.node_id] = _record_effect(effect, ctx, report)
    except ActionError as exc:
        db.session.rollback()
        _fail(enrollment_id, decision, str(exc), now)
        return False
    _record_steps(enrollment, decision, results, now)
    _store_state(enrollment, decision, now)
    changed = any(isinstance(e, ACCOUNT_CHANGING) for e in decision.effects)
    if changed:
        reevaluate_accounts([account.id], now.date())
        report.changed_accounts.add(account.id)
    db.session.commit()
    report.steps += len(decision.steps)
    return decision.resume and enrollment.status == "active"


def _record_effect(effect, ctx: ActionContext, report: WalkReport) -> dict:
    row = Effect(key=effect.key, enrollment_id=ctx.enrollment.id, node_id=effect.node_id,
                 kind=effect.kind, payload=_jsonable(effect.to_dict()), status="done",
                 attempts=1, created_at=ctx.now, performed_at=ctx.now)
    db.session.add(row)
    db.session.flush()  # the unique key stops a second run here, before anything is done twice
    result = perform(effect, ctx)
    row.result = result
    report.emails.extend(result.get("emails", []))
    return result


def _record_steps(enrollment: Enrollment, decision, results: dict, now: datetime) -> None:
    for step in decision.steps:
        enrollment.step_seq += 1
        detail = dict(step.detail or {})
        if step.node_id in results:
            detail["result"] = results[step.node_id]
        db.session.add(StepLog(enrollment_id=enrollment.id, journey_id=enrollment.journey_id,
                               seq=enrollment.step_seq, node_id=step.node_id, type=step.type,
                               at=step.at or now, outcome=step.outcome, detail=_jsonable(detail)))


def _store_state(enrollment: Enrollment, decision, now: datetime) -> None:
    state = decision.state
    enrollment.state = state.to_dict()
    enrollment.current_node = state.node_id
    # A round that must be followed by another is due at once: if this job dies
    # before the next round, the scheduler finds the enrollment and goes on.
    enrollment.wake_at = now if decision.resume else state.wake_at
    enrollment.goal_achieved_at = enrollment.goal_achieved_at or state.goal_achieved_at
    enrollment.attempts = 0
    if state.status != "active":
        enrollment.status, enrollment.reason = state.status, state.reason
        enrollment.ended_at, enrollment.wake_at = now, None


def _fail(enrollment_id: int, decision, error: str, now: datetime) -> None:
    """Mark the enrollment failed at the node it was about to run (nothing else is kept)."""
    enrollment = db.session.get(Enrollment, enrollment_id, with_for_update=True)
    enrollment.status, enrollment.reason, enrollment.error = "failed", "action_failed", error
    enrollment.ended_at = now
    enrollment.step_seq += 1
    node_id = decision.effects[0].node_id if decision.effects else enrollment.current_node
    db.session.add(StepLog(enrollment_id=enrollment.id, journey_id=enrollment.journey_id,
                           seq=enrollment.step_seq, node_id=node_id or "?", type="action", at=now,
                           outcome="failed", detail={"error": error}))
    db.session.commit()


def _after_commit(report: WalkReport) -> None:
    if report.emails:
        from ..effects.delivery import deliver_outbox

        deliver_outbox(report.emails)
    if report.changed_accounts:
        accounts_changed(report.changed_accounts, "journey")


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def due_enrollment_ids(now: datetime, limit: int = 5000) -> list[int]:
    """Active enrollments of enabled journeys whose wait is due at ``now``."""
    return list(db.session.scalars(
        select(Enrollment.id).join(Journey, Journey.id == Enrollment.journey_id)
        .where(Enrollment.status == "active", Enrollment.wake_at <= now, Journey.enabled.is_(True))
        .order_by(Enrollment.wake_at).limit(limit)))
