"""Delivering outbox emails over SMTP, at most once each.

``deliver_outbox(ids, now=None)`` sends the given ``queued`` emails that are
due, keeping at most ``IN_FLIGHT`` of them ``sending`` at a time:

1. *claim* ``CHUNK`` of them in one statement (``queued`` → ``sending``, committed), so two
   workers never send the same row; an unsubscribable email (a journey email to a contact)
   whose address was suppressed after it was queued is not sent: ``suppressed`` (SPEC §8);
2. hand them to the process's *lanes*: ``SMTP_CONNECTIONS`` sender threads kept from one
   delivery to the next, each with its pooled connection (``smtp.POOL``), which build each
   message (``messages.outgoing_email``: multipart, List-Unsubscribe, tracked links when the
   workspace's tracking is on) and send it;
3. mark the sent ones ``sent`` (with their Message-ID) ``CHUNK`` at a time, or after
   ``MARK_AFTER_S``, in one statement each time — and claim the next ``CHUNK`` while the lanes
   still send the last, so they never wait for the database. The database is written from
   the calling thread only.

With no ``SMTP_URL`` emails are ``kept`` in the outbox (the UI shows them). A
transient failure (server down, 4xx) puts an email back to ``queued`` with a
backoff; after ``MAX_ATTEMPTS`` tries, or on a permanent refusal, it is
``failed`` and so is its enrollment, with the error (Retry puts it back).

A worker killed between sending and marking leaves ``sending`` rows (at most
``IN_FLIGHT``): ``settle_interrupted(now)`` marks them ``uncertain`` — the
message may have gone out — and never sends them again on its own, because
never sending twice is the promise. An uncertain email does not fail its
enrollment; support can resend it (``resend_uncertain``), knowingly.
"""
from __future__ import annotations

import os
import queue
import threading
import time
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select, update

from .. import clock
from ..db import bulk_write
from ..db.bulk_sql import in_values
from ..extensions import db
from ..models.enrollments import Enrollment, StepLog
from ..models.outbox import OutboxEmail
from ..models.statuses import EnrollmentStatus, OutboxStatus
from ..models.suppressions import suppressed_among
from .email_links import LinkSettings, link_settings
from .messages import outgoing_email
from .smtp import POOL, PermanentEmailError, TransientEmailError, parse_smtp_url

MAX_ATTEMPTS = 5
BACKOFF = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10), timedelta(minutes=30))
INTERRUPTED_AFTER = timedelta(minutes=10)
IN_FLIGHT = 50  # most rows ``sending`` at once: a worker killed mid-send leaves at most this
# many ``uncertain``
CHUNK = IN_FLIGHT // 2  # claimed at a time, and marked ``sent`` at a time (or after MARK_AFTER_S)
CONNECTIONS = 4  # SMTP connections (lanes) a process sends on at once (SMTP_CONNECTIONS)
MARK_AFTER_S = 0.25
_TABLE = OutboxEmail.__table__


def deliver_outbox(ids, now: datetime | None = None) -> dict[str, int]:
    """Send each due queued email in ``ids``; returns counts by resulting status."""
    url = current_app.config.get("SMTP_URL")
    ids = sorted(set(ids))
    if not url:
        return _keep(ids, now)
    sending = _Sending(parse_smtp_url(url), link_settings(), now)
    LANES.start(current_app.config.get("SMTP_CONNECTIONS", CONNECTIONS))
    try:
        return sending.run(ids)
    finally:
        sending.cancelled = True  # a delivery that stopped on an error: its rows not yet
        # taken by a lane stay ``sending`` (so ``uncertain``), rather than go out unrecorded


def _keep(ids: list[int], now: datetime | None) -> dict[str, int]:
    """With no SMTP_URL: due emails are ``kept`` in the outbox."""
    kept = 0
    for start in range(0, len(ids), IN_FLIGHT):
        claimed = _claim(ids[start:start + IN_FLIGHT], now or clock.now())
        if claimed:
            db.session.execute(update(_TABLE).where(in_values(_TABLE.c.id, [r.id for r in claimed]))
                               .values(status=OutboxStatus.KEPT.value, error=None, next_attempt_at=None))
            kept += len(claimed)
        db.session.commit()
    return {OutboxStatus.KEPT: kept} if kept else {}


_CLAIMED = tuple(_TABLE.c[name] for name in ("id", "to_address", "from_address", "subject", "body",
                                              "html_body", "unsubscribable", "effect_key"))


def _claim(ids: list[int], now: datetime) -> list:
    """``queued`` → ``sending`` for the due ones of ``ids``, in the caller's transaction; returns
    their rows (what a message is built from) in id order."""
    claimed = db.session.connection().execute(
        update(_TABLE).where(in_values(_TABLE.c.id, ids), _TABLE.c.status == OutboxStatus.QUEUED.value,
                             or_(_TABLE.c.next_attempt_at.is_(None), _TABLE.c.next_attempt_at <= now))
        .values(status=OutboxStatus.SENDING.value, attempts=_TABLE.c.attempts + 1, next_attempt_at=now)
        .returning(*_CLAIMED)).all()
    return sorted(claimed, key=lambda row: row.id)


class _Sending:
    """One delivery: at most ``IN_FLIGHT`` of its emails are ``sending`` at a time. It claims
    ``CHUNK`` more whenever that many are marked, so the lanes are never idle while it talks
    to the database, and a worker killed at any moment leaves at most ``IN_FLIGHT`` rows
    ``sending``. Outcomes come back on ``results``; the database is written from the calling
    thread only."""

    def __init__(self, settings, links: LinkSettings, now: datetime | None):
        self.settings, self.links, self.now = settings, links, now
        self.results: queue.SimpleQueue = queue.SimpleQueue()
        self.cancelled = False
        self.counts: dict[str, int] = {OutboxStatus.SENT: 0}

    def run(self, ids: list[int]) -> dict[str, int]:
        chunks = [ids[start:start + CHUNK] for start in range(0, len(ids), CHUNK)]
        chunks.reverse()
        unmarked = 0  # claimed and not yet marked sent or failed
        sent: dict[int, str] = {}  # email id → Message-ID
        marked_at = time.monotonic()
        while True:
            written, claimed = False, []
            if sent and (len(sent) >= CHUNK or len(sent) == unmarked
                         or time.monotonic() - marked_at > MARK_AFTER_S):
                self.counts[OutboxStatus.SENT] += _mark_sent(sent, self.now or clock.now())
                unmarked -= len(sent)
                sent, marked_at, written = {}, time.monotonic(), True
            while chunks and unmarked + len(chunks[-1]) <= IN_FLIGHT:
                rows = self._claim(chunks.pop())
                claimed += rows
                unmarked += len(rows)
                written = True
            if written:
                db.session.commit()  # the marks, and the claims before any of them goes out
            for row in claimed:
                LANES.put((self, row))
            if not unmarked:
                return self.counts
            try:
                email_id, outcome = self.results.get(timeout=MARK_AFTER_S)
            except queue.Empty:
                continue
            if isinstance(outcome, Exception):
                self._count(self._failure(email_id, outcome))
                unmarked -= 1
            else:
                sent[email_id] = outcome

    def _claim(self, ids: list[int]) -> list:
        """Claim ``ids`` (in the open transaction); the rows to send."""
        rows, suppressed = _drop_suppressed(_claim(ids, self.now or clock.now()))
        if suppressed:
            self._count(OutboxStatus.SUPPRESSED, _mark_suppressed(suppressed))
        return rows

    def send(self, row) -> None:
        """On a lane: send ``row`` on the lane's pooled connection; every outcome goes to
        ``results``."""
        if self.cancelled:
            return
        try:
            email = outgoing_email(row, self.links)
            POOL.transact(self.settings, email.sender, email.recipients, email.data)
            outcome = email.message_id
        except (TransientEmailError, PermanentEmailError) as exc:
            outcome = exc
        except Exception as exc:  # noqa: BLE001 - an outcome for every row, or the reader waits
            outcome = TransientEmailError(f"{type(exc).__name__}: {exc}")
        self.results.put((row.id, outcome))

    def _failure(self, email_id: int, exc: Exception) -> str:
        row = db.session.get(OutboxEmail, email_id)
        now = self.now or clock.now()
        if isinstance(exc, PermanentEmailError):
            return _failed(row, f"refused by the mail server: {exc}", now)
        return _transient(row, str(exc), now)

    def _count(self, status: str, n: int = 1) -> None:
        self.counts[status] = self.counts.get(status, 0) + n


class _Lanes:
    """The process's sender threads ("lanes"), kept from one delivery to the next so that each
    keeps its pooled SMTP connection (``smtp.POOL`` holds one per thread): a lane started per
    delivery would connect again every time. They take ``(sending, row)`` from one queue, so a
    slow message holds up one lane, not a share of the emails."""

    def __init__(self):
        self._lock = threading.Lock()
        self._pid = None
        self._work: queue.SimpleQueue = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []

    def start(self, count: int) -> None:
        """At least ``count`` lanes running in this process."""
        with self._lock:
            if self._pid != os.getpid():  # a forked process has the list but not the threads
                self._pid, self._work, self._threads = os.getpid(), queue.SimpleQueue(), []
            self._threads = [thread for thread in self._threads if thread.is_alive()]
            while len(self._threads) < max(1, count):
                thread = threading.Thread(target=self._run, args=(self._work,), daemon=True,
                                          name=f"smtp-lane-{len(self._threads) + 1}")
                thread.start()
                self._threads.append(thread)

    def put(self, item) -> None:
        self._work.put(item)

    def count(self) -> int:
        """How many lanes this process runs."""
        with self._lock:
            return sum(thread.is_alive() for thread in self._threads) if self._pid == os.getpid() else 0

    @staticmethod
    def _run(work: queue.SimpleQueue) -> None:
        while True:
            sending, row = work.get()
            sending.send(row)


LANES = _Lanes()


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
    return len(ids)


def _mark_sent(sent: dict[int, str], now: datetime) -> int:
    """Mark ``sent`` (email id → Message-ID) sent, in the open transaction."""
    bulk_write.update_each(OutboxEmail, "message_id", sent, status=OutboxStatus.SENT.value, sent_at=now,
                           error=None, next_attempt_at=None)
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
