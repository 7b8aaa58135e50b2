"""Delivering outbox emails over SMTP, at most once each.

``deliver_outbox(ids, now=None)`` sends the given ``queued`` emails that are
due, ``CLAIM`` at a time:

1. *claim* them in one statement (``queued`` → ``sending``, committed), so two
   workers never send the same row;
   An unsubscribable email (a journey email to a contact) whose address was suppressed
   after it was queued is not sent: ``suppressed`` (SPEC §8);
2. build each message (``messages.email_message``: multipart, List-Unsubscribe, tracked
   links when the workspace's tracking is on) and send them on ``SMTP_CONNECTIONS``
   connections at once (threads, each with its pooled
   connection: ``smtp.POOL``; the database is written from the calling thread only);
3. mark the sent ones ``sent`` (with their Message-ID) every ``MARK_EVERY``
   messages, in one statement each time.

With no ``SMTP_URL`` emails are ``kept`` in the outbox (the UI shows them). A
transient failure (server down, 4xx) puts an email back to ``queued`` with a
backoff; after ``MAX_ATTEMPTS`` tries, or on a permanent refusal, it is
``failed`` and so is its enrollment, with the error (Retry puts it back).

A worker killed between sending and marking leaves ``sending`` rows (at most
``MARK_EVERY``): ``settle_interrupted(now)`` marks them ``uncertain`` — the
message may have gone out — and never sends them again on its own, because
never sending twice is the promise. An uncertain email does not fail its
enrollment; support can resend it (``resend_uncertain``), knowingly.
"""
from __future__ import annotations

import queue
import threading
import time
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import bindparam, or_, select, update

from .. import clock
from ..db.bulk_sql import in_values
from ..extensions import db
from ..models.enrollments import Enrollment, StepLog
from ..models.outbox import OutboxEmail
from ..models.statuses import EnrollmentStatus, OutboxStatus
from ..models.suppressions import suppressed_among
from .email_links import LinkSettings, link_settings
from .messages import email_message
from .smtp import POOL, PermanentEmailError, TransientEmailError, parse_smtp_url

MAX_ATTEMPTS = 5
BACKOFF = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10), timedelta(minutes=30))
INTERRUPTED_AFTER = timedelta(minutes=10)
MARK_EVERY = 50
CLAIM = MARK_EVERY  # a worker killed mid-send leaves at most this many ``uncertain``
CONNECTIONS = 4  # SMTP connections a delivery uses at once (SMTP_CONNECTIONS)
MARK_AFTER_S = 0.25
_TABLE = OutboxEmail.__table__


def deliver_outbox(ids, now: datetime | None = None) -> dict[str, int]:
    """Send each due queued email in ``ids``; returns counts by resulting status."""
    url = current_app.config.get("SMTP_URL")
    settings = parse_smtp_url(url) if url else None
    counts: dict[str, int] = {}
    ids = sorted(set(ids))
    links = None
    for start in range(0, len(ids), CLAIM):
        moment = now or clock.now()
        claimed = _claim(ids[start:start + CLAIM], moment)
        if not claimed:
            continue
        if settings is None:
            db.session.execute(update(OutboxEmail).where(in_values(OutboxEmail.id, claimed))
                               .values(status=OutboxStatus.KEPT, error=None, next_attempt_at=None))
            db.session.commit()
            counts[OutboxStatus.KEPT] = counts.get(OutboxStatus.KEPT, 0) + len(claimed)
            continue
        links = links or link_settings()
        for status, n in _send_claimed(settings, claimed, moment, links).items():
            counts[status] = counts.get(status, 0) + n
    return counts


def _claim(ids: list[int], now: datetime) -> list[int]:
    claimed = db.session.execute(
        update(OutboxEmail).where(in_values(OutboxEmail.id, ids),
                                  OutboxEmail.status == OutboxStatus.QUEUED,
                                  or_(OutboxEmail.next_attempt_at.is_(None),
                                      OutboxEmail.next_attempt_at <= now))
        .values(status=OutboxStatus.SENDING, attempts=OutboxEmail.attempts + 1, next_attempt_at=now)
        .returning(OutboxEmail.id)).scalars().all()
    db.session.commit()
    return sorted(claimed)


def _send_claimed(settings, claimed: list[int], now: datetime, links: LinkSettings) -> dict[str, int]:
    rows = db.session.execute(select(
        OutboxEmail.id, OutboxEmail.to_address, OutboxEmail.from_address, OutboxEmail.subject,
        OutboxEmail.body, OutboxEmail.html_body, OutboxEmail.unsubscribable,
        OutboxEmail.effect_key).where(in_values(OutboxEmail.id, claimed))
        .order_by(OutboxEmail.id)).all()
    rows, suppressed = _drop_suppressed(rows)
    db.session.rollback()  # no transaction held open while talking to the mail server
    counts = {OutboxStatus.SENT: 0}
    if suppressed:
        counts[OutboxStatus.SUPPRESSED] = _mark_suppressed(suppressed)
    results: queue.Queue = queue.Queue()
    lanes = max(1, min(current_app.config.get("SMTP_CONNECTIONS", CONNECTIONS), len(rows)))
    senders = [threading.Thread(target=_send_lane, args=(settings, rows[lane::lanes], results, links),
                                daemon=True) for lane in range(lanes)]
    for sender in senders:
        sender.start()
    sent: list[dict] = []
    failures: list[tuple[int, Exception]] = []
    marked_at = time.monotonic()
    for _ in rows:  # the database is written from this thread only
        email_id, outcome = results.get()
        if isinstance(outcome, Exception):
            failures.append((email_id, outcome))
        else:
            sent.append({"eid": email_id, "mid": outcome})
        if len(sent) >= MARK_EVERY or (sent and time.monotonic() - marked_at > MARK_AFTER_S):
            counts[OutboxStatus.SENT] += _mark_sent(sent, now)
            sent, marked_at = [], time.monotonic()
    counts[OutboxStatus.SENT] += _mark_sent(sent, now)
    for sender in senders:
        sender.join()
    for email_id, exc in failures:
        row = db.session.get(OutboxEmail, email_id)
        if isinstance(exc, PermanentEmailError):
            status = _failed(row, f"refused by the mail server: {exc}", now)
        else:
            status = _transient(row, str(exc), now)
        counts[status] = counts.get(status, 0) + 1
    return counts


def _send_lane(settings, rows, results: queue.Queue, links: LinkSettings) -> None:
    """Send ``rows`` on this thread's pooled connection; every outcome goes to ``results``."""
    for row in rows:
        try:
            outcome = POOL.send(settings, email_message(row, links))
        except (TransientEmailError, PermanentEmailError) as exc:
            outcome = exc
        except Exception as exc:  # noqa: BLE001 - an outcome for every row, or the reader waits
            outcome = TransientEmailError(f"{type(exc).__name__}: {exc}")
        results.put((row.id, outcome))


SUPPRESSED_NOTE = "skipped: unsubscribed (the address was suppressed after the email was queued)"


def _drop_suppressed(rows: list) -> tuple[list, list[int]]:
    """The rows still to send, and the ids of unsubscribable ones whose address is now
    suppressed (SPEC §8: checked again at sending, after the round that queued them)."""
    blocked = suppressed_among(r.to_address for r in rows if r.unsubscribable)
    if not blocked:
        return rows, []
    dropped = [r.id for r in rows if r.unsubscribable and r.to_address.strip().lower() in blocked]
    return [r for r in rows if r.id not in set(dropped)], dropped


def _mark_suppressed(ids: list[int]) -> int:
    db.session.execute(update(OutboxEmail).where(in_values(OutboxEmail.id, ids))
                       .values(status=OutboxStatus.SUPPRESSED, error=SUPPRESSED_NOTE,
                               next_attempt_at=None))
    db.session.commit()
    return len(ids)


def _mark_sent(sent: list[dict], now: datetime) -> int:
    if not sent:
        return 0
    db.session.connection().execute(
        update(_TABLE).where(_TABLE.c.id == bindparam("eid"))
        .values(status=OutboxStatus.SENT.value, message_id=bindparam("mid"), sent_at=now,
                error=None, next_attempt_at=None), sent)
    db.session.commit()
    return len(sent)


def _transient(row: OutboxEmail, error: str, now: datetime) -> str:
    if row.attempts >= MAX_ATTEMPTS:
        return _failed(row, f"gave up after {row.attempts} tries: {error}", now)
    row.status, row.error = OutboxStatus.QUEUED, error
    row.next_attempt_at = now + BACKOFF[min(row.attempts, len(BACKOFF)) - 1]
    db.session.commit()
    return OutboxStatus.QUEUED


def _failed(row: OutboxEmail, error: str, now: datetime) -> str:
    row.status, row.error, row.next_attempt_at = OutboxStatus.FAILED, error, None
    if row.enrollment_id:
        enrollment = db.session.get(Enrollment, row.enrollment_id, with_for_update=True)
        if enrollment is not None and enrollment.status != EnrollmentStatus.FAILED:
            enrollment.status, enrollment.reason = EnrollmentStatus.FAILED, "email_failed"
            enrollment.error = f"email to {row.to_address}: {error}"
            enrollment.ended_at = now
            enrollment.wake_at = None
            enrollment.step_seq += 1
            db.session.add(StepLog(enrollment_id=enrollment.id, journey_id=enrollment.journey_id,
                                   seq=enrollment.step_seq, node_id=enrollment.current_node or "?",
                                   type="email", at=now, outcome="failed",
                                   detail={"email_id": row.id, "to": row.to_address, "error": error}))
    db.session.commit()
    return OutboxStatus.FAILED


def due_email_ids(now: datetime, limit: int = 1000) -> list[int]:
    """Queued emails whose next try is due (retries, and ones a lost job never sent)."""
    return list(db.session.scalars(
        select(OutboxEmail.id).where(OutboxEmail.status == OutboxStatus.QUEUED,
                                     or_(OutboxEmail.next_attempt_at.is_(None),
                                         OutboxEmail.next_attempt_at <= now))
        .order_by(OutboxEmail.id).limit(limit)))


UNCERTAIN_NOTE = ("delivery uncertain: the worker stopped while sending, so the message may have "
                  "gone out; it is not resent on its own (resend it from the outbox if it did not "
                  "arrive)")


def settle_interrupted(now: datetime) -> int:
    """Mark emails stuck in ``sending`` (their worker died mid-send) ``uncertain``; returns how
    many. Their enrollments are left as they are."""
    result = db.session.execute(
        update(OutboxEmail).where(OutboxEmail.status == OutboxStatus.SENDING,
                                  OutboxEmail.next_attempt_at < now - INTERRUPTED_AFTER)
        .values(status=OutboxStatus.UNCERTAIN, error=UNCERTAIN_NOTE, next_attempt_at=None))
    db.session.commit()
    return result.rowcount
