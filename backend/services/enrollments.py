"""Enrollments seen from an account, and the two manual interventions.

- ``account_journeys(external_id)`` — every enrollment of the account with its
  step log (two queries).
- ``unenroll(enrollment_id)`` — active → ``unenrolled`` (reason ``manual``).
- ``retry_enrollment(enrollment_id)`` — failed → ``active`` with the error
  and attempt counter cleared; the engine extends it to enqueue the walk.
"""
from __future__ import annotations

from sqlalchemy import select

from .. import clock
from ..errors import Conflict, NotFound
from ..extensions import db
from ..jobs.queueing import enrollment_retried
from ..models.accounts import Account
from ..models.audit import AuditEntry
from ..models.enrollments import Enrollment, StepLog
from ..models.journeys import Journey
from ..models.outbox import OutboxEmail
from ..models.statuses import EnrollmentStatus, OutboxStatus, WebhookStatus
from ..models.webhooks import WebhookCall
from . import audit
from .unit_of_work import transaction


def enrollment_json(enrollment: Enrollment, journey: Journey, steps: list[StepLog] | None = None) -> dict:
    """The API shape of one enrollment (with ``steps`` when given)."""
    out = {
        "id": enrollment.id, "journey_id": journey.id, "journey_key": journey.key,
        "journey_name": journey.name, "version": enrollment.version, "status": enrollment.status,
        "reason": enrollment.reason, "current_node": enrollment.current_node,
        "wake_at": enrollment.wake_at, "error": enrollment.error,
        "enrolled_at": enrollment.enrolled_at, "ended_at": enrollment.ended_at,
        "goal_achieved_at": enrollment.goal_achieved_at,
    }
    if steps is not None:
        out["steps"] = [{"node_id": s.node_id, "type": s.type, "at": s.at, "outcome": s.outcome,
                         "detail": s.detail} for s in steps]
    return out


def account_journeys(external_id: str) -> list[dict]:
    """Every enrollment of the account, newest first, each with its steps. Raises NotFound."""
    account_id = None if "\x00" in external_id else db.session.scalar(
        select(Account.id).where(Account.external_id == external_id))
    if account_id is None:
        raise NotFound(f"No account {external_id!r}.")
    rows = db.session.execute(
        select(Enrollment, Journey).join(Journey, Journey.id == Enrollment.journey_id)
        .where(Enrollment.account_id == account_id)
        .order_by(Enrollment.enrolled_at.desc(), Enrollment.id.desc())).all()
    steps: dict[int, list[StepLog]] = {e.id: [] for e, _ in rows}
    if steps:
        for step in db.session.scalars(select(StepLog).where(StepLog.enrollment_id.in_(list(steps)))
                                       .order_by(StepLog.enrollment_id, StepLog.seq)):
            steps[step.enrollment_id].append(step)
    out = [enrollment_json(e, j, steps[e.id]) for e, j in rows]
    people = _people(list(steps))
    calls = _open_calls([e.id for e, _ in rows if e.status == EnrollmentStatus.ACTIVE])
    for item in out:
        item["people"] = people.get(item["id"], [])
        item["webhook"] = calls.get(item["id"])
    return out


_PEOPLE = {"enrollment.retry": "retry", "enrollment.unenroll": "unenroll"}


def _people(enrollment_ids: list[int]) -> dict[int, list[dict]]:
    """Retry and Unenroll by people, per enrollment, oldest first (the audit log's target index)."""
    if not enrollment_ids:
        return {}
    found: dict[int, list[dict]] = {}
    for entry in db.session.scalars(select(AuditEntry).where(
            AuditEntry.target_type == "enrollment",
            AuditEntry.target_id.in_([str(i) for i in enrollment_ids]),
            AuditEntry.action.in_(list(_PEOPLE))).order_by(AuditEntry.at, AuditEntry.id)):
        found.setdefault(int(entry.target_id), []).append(
            {"action": _PEOPLE[entry.action], "at": entry.at, "by": entry.actor})
    return found


def _open_calls(enrollment_ids: list[int]) -> dict[int, dict]:
    """The newest unanswered webhook call of each of these (active) enrollments: support sees
    an enrollment parked at a webhook step that is still being retried, and why."""
    if not enrollment_ids:
        return {}
    found: dict[int, dict] = {}
    for call in db.session.scalars(select(WebhookCall).where(
            WebhookCall.enrollment_id.in_(enrollment_ids),
            WebhookCall.status != WebhookStatus.SENT).order_by(WebhookCall.id)):
        found[call.enrollment_id] = {
            "id": call.id, "status": call.status, "attempts": call.attempts, "error": call.error,
            "response_status": call.response_status, "next_attempt_at": call.next_attempt_at,
            "retry_until": call.retry_until}
    return found


def _get(enrollment_id: int) -> Enrollment:
    enrollment = db.session.get(Enrollment, enrollment_id, with_for_update=True)
    if enrollment is None:
        raise NotFound(f"No enrollment with id {enrollment_id}.")
    return enrollment


def unenroll(enrollment_id: int, reason: str = "manual") -> dict:
    """End an active enrollment as ``unenrolled``. Raises NotFound, Conflict when not active."""
    with transaction():
        enrollment = _get(enrollment_id)
        if enrollment.status != EnrollmentStatus.ACTIVE:
            raise Conflict(f"Enrollment {enrollment_id} is {enrollment.status}, not active.")
        enrollment.status = EnrollmentStatus.UNENROLLED
        enrollment.reason = reason
        enrollment.ended_at = clock.now()
        enrollment.wake_at = None
        _audit(enrollment, "enrollment.unenroll", "Unenrolled",
               {"status": {"from": EnrollmentStatus.ACTIVE, "to": EnrollmentStatus.UNENROLLED},
                "node": enrollment.current_node, "reason": reason})
    return enrollment_json(enrollment, enrollment.journey)


def retry_enrollment(enrollment_id: int) -> dict:
    """Make a failed enrollment active again at the node that failed, with the error cleared.

    Raises NotFound; Conflict when it is not failed or the account is already
    active in the journey again.
    """
    with transaction():
        enrollment = _get(enrollment_id)
        if enrollment.status != EnrollmentStatus.FAILED:
            raise Conflict(f"Only failed enrollments can be retried; {enrollment_id} is {enrollment.status}.")
        other = db.session.scalar(select(Enrollment.id).where(
            Enrollment.journey_id == enrollment.journey_id, Enrollment.account_id == enrollment.account_id,
            Enrollment.status == EnrollmentStatus.ACTIVE))
        if other is not None:
            raise Conflict(f"The account is already active in this journey (enrollment {other}).")
        enrollment.status = EnrollmentStatus.ACTIVE
        enrollment.error = None
        enrollment.reason = None
        enrollment.attempts = 0
        enrollment.ended_at = None
        enrollment.wake_at = clock.now()  # due now: the scheduler walks it even if the job below is lost
        email_ids = _requeue_failed_emails(enrollment.id)
        _requeue_failed_webhooks(enrollment.id)
        _audit(enrollment, "enrollment.retry", "Retried",
               {"status": {"from": EnrollmentStatus.FAILED, "to": EnrollmentStatus.ACTIVE},
                "node": enrollment.current_node, "emails_resent": len(email_ids)})
    enrollment_retried(enrollment.id, email_ids)
    return enrollment_json(enrollment, enrollment.journey)


def _audit(enrollment: Enrollment, action: str, verb: str, changes: dict) -> None:
    account = enrollment.account
    audit.record(action, "enrollment", enrollment.id,
                 f"{verb} {account.name} ({account.external_id}) in “{enrollment.journey.name}”",
                 {**changes, "journey_id": enrollment.journey_id, "account": account.external_id})


def _requeue_failed_webhooks(enrollment_id: int) -> int:
    """Put an enrollment's failed webhook calls back in the queue with a fresh 24 h of retries
    (SPEC §9); the scheduler's webhook tick sends them. Returns how many."""
    from datetime import timedelta

    from ..models.webhooks import WebhookCall

    rows = db.session.scalars(select(WebhookCall).where(WebhookCall.enrollment_id == enrollment_id,
                                                        WebhookCall.status == "failed")).all()
    for row in rows:
        row.status, row.attempts, row.error, row.completed_at = "queued", 0, None, None
        row.next_attempt_at, row.retry_until = None, clock.now() + timedelta(hours=24)
    return len(rows)


def _requeue_failed_emails(enrollment_id: int) -> list[int]:
    """Put an enrollment's failed emails back in the queue (support pressed retry)."""
    rows = db.session.scalars(select(OutboxEmail).where(OutboxEmail.enrollment_id == enrollment_id,
                                                        OutboxEmail.status == OutboxStatus.FAILED)).all()
    for row in rows:
        row.status, row.attempts, row.next_attempt_at, row.error = OutboxStatus.QUEUED, 0, None, None
    return [row.id for row in rows]
