"""Delivering outbox emails over SMTP, at most once each.

``deliver_outbox(ids, now=None)`` sends the given ``queued`` emails that are
due. Each is first *claimed* (``queued`` → ``sending``, committed) so two
workers never send the same row; then sent; then marked ``sent`` with the
Message-ID. With no ``SMTP_URL`` an email is ``kept`` in the outbox (the UI
shows it). A transient failure (server down, 4xx) puts it back to ``queued``
with a backoff; after ``MAX_ATTEMPTS`` tries, or on a permanent refusal, it is
``failed`` and so is its enrollment, with the error (``requeue_for_retry``
puts it back when support retries the enrollment).

A worker killed between claim and mark leaves a ``sending`` row:
``settle_interrupted(now)`` marks such rows ``failed`` ("delivery uncertain")
rather than sending again, because never sending twice is the promise.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import or_, select, update

from .. import clock
from ..extensions import db
from ..models.enrollments import Enrollment, StepLog
from ..models.outbox import OutboxEmail
from .smtp import PermanentEmailError, TransientEmailError, deliver, parse_smtp_url

MAX_ATTEMPTS = 5
BACKOFF = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10), timedelta(minutes=30))
INTERRUPTED_AFTER = timedelta(minutes=10)


def deliver_outbox(ids, now: datetime | None = None) -> dict[str, int]:
    """Send each due queued email in ``ids``; returns counts by resulting status."""
    settings = parse_smtp_url(current_app.config["SMTP_URL"]) if current_app.config.get("SMTP_URL") else None
    counts: dict[str, int] = {}
    for email_id in ids:
        moment = now or clock.now()
        if not _claim(email_id, moment):
            continue
        row = db.session.get(OutboxEmail, email_id)
        if settings is None:
            status = _finish(row, "kept", moment)
        else:
            try:
                row.message_id = deliver(settings, _message(row))
                row.sent_at = moment
                status = _finish(row, "sent", moment)
            except TransientEmailError as exc:
                status = _transient(row, str(exc), moment)
            except PermanentEmailError as exc:
                status = _failed(row, f"refused by the mail server: {exc}", moment)
        counts[status] = counts.get(status, 0) + 1
    return counts


def _claim(email_id: int, now: datetime) -> bool:
    claimed = db.session.execute(
        update(OutboxEmail).where(OutboxEmail.id == email_id, OutboxEmail.status == "queued",
                                  or_(OutboxEmail.next_attempt_at.is_(None), OutboxEmail.next_attempt_at <= now))
        .values(status="sending", attempts=OutboxEmail.attempts + 1, next_attempt_at=now))
    db.session.commit()
    return claimed.rowcount == 1


def _message(row: OutboxEmail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = row.from_address
    message["To"] = row.to_address
    message["Subject"] = row.subject
    message.set_content(row.body)
    return message


def _finish(row: OutboxEmail, status: str, now: datetime) -> str:
    row.status, row.error, row.next_attempt_at = status, None, None
    db.session.commit()
    return status


def _transient(row: OutboxEmail, error: str, now: datetime) -> str:
    if row.attempts >= MAX_ATTEMPTS:
        return _failed(row, f"gave up after {row.attempts} tries: {error}", now)
    row.status, row.error = "queued", error
    row.next_attempt_at = now + BACKOFF[min(row.attempts, len(BACKOFF)) - 1]
    db.session.commit()
    return "queued"


def _failed(row: OutboxEmail, error: str, now: datetime) -> str:
    row.status, row.error, row.next_attempt_at = "failed", error, None
    if row.enrollment_id:
        enrollment = db.session.get(Enrollment, row.enrollment_id, with_for_update=True)
        if enrollment is not None and enrollment.status != "failed":
            enrollment.status, enrollment.reason = "failed", "email_failed"
            enrollment.error = f"email to {row.to_address}: {error}"
            enrollment.ended_at = now
            enrollment.step_seq += 1
            db.session.add(StepLog(enrollment_id=enrollment.id, journey_id=enrollment.journey_id,
                                   seq=enrollment.step_seq, node_id=enrollment.current_node or "?",
                                   type="email", at=now, outcome="failed",
                                   detail={"email_id": row.id, "to": row.to_address, "error": error}))
    db.session.commit()
    return "failed"


def due_email_ids(now: datetime, limit: int = 1000) -> list[int]:
    """Queued emails whose next try is due (retries, and ones a lost job never sent)."""
    return list(db.session.scalars(
        select(OutboxEmail.id).where(OutboxEmail.status == "queued",
                                     or_(OutboxEmail.next_attempt_at.is_(None),
                                         OutboxEmail.next_attempt_at <= now))
        .order_by(OutboxEmail.id).limit(limit)))


def settle_interrupted(now: datetime) -> int:
    """Fail emails stuck in ``sending`` (their worker died mid-send); returns how many."""
    stuck = db.session.scalars(select(OutboxEmail).where(
        OutboxEmail.status == "sending", OutboxEmail.next_attempt_at < now - INTERRUPTED_AFTER)).all()
    for row in stuck:
        _failed(row, "delivery uncertain: the worker stopped while sending; not resent to avoid "
                     "a duplicate (retry the enrollment to send again)", now)
    return len(stuck)


def requeue_for_retry(enrollment_id: int) -> list[int]:
    """Put an enrollment's failed emails back in the queue (support pressed retry)."""
    rows = db.session.scalars(select(OutboxEmail).where(OutboxEmail.enrollment_id == enrollment_id,
                                                        OutboxEmail.status == "failed")).all()
    for row in rows:
        row.status, row.attempts, row.next_attempt_at, row.error = "queued", 0, None, None
    return [row.id for row in rows]
