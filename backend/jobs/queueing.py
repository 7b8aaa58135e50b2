"""What the rest of the app asks of the workers (the services' and scheduler's way in).

Scheduler work has deterministic job ids or in-flight marks, so asking twice
is harmless; a data change gets a job of its own, so no change is missed.

- ``enqueue_advance(ids)`` — walk these enrollments (bulk lane, ``JOB_ROUNDS`` rounds
  of ``BATCH`` a job — a walk of several rounds commits each while walking the next —,
  each enrollment marked in flight while queued or running).
- ``enqueue_touch(account_ids, interactive=True)`` — accounts' data changed:
  enroll / exit / goal checks (interactive lane for people's changes of up to
  ``INTERACTIVE_MAX`` accounts; bigger ones are bulk work).
- ``enqueue_segment_events()`` / ``enqueue_delivery(ids)`` /
  ``enqueue_journey_enabled(journey_id)`` — singletons.
- ``journey_enabled(id)`` / ``enrollment_retried(id, email_ids)`` — what
  services call after committing an enable or a retry.
"""
from __future__ import annotations

import hashlib
import logging

from ..engine.walker import BATCH
from . import jobs, lanes

log = logging.getLogger(__name__)
# The interactive lane is for what people wait on: a change of more accounts than this (an
# import, a big event batch) goes on the bulk lane, so it can never crowd people's changes out.
INTERACTIVE_MAX = 100
JOB_ROUNDS = 4  # the job yields between rounds to interactive work (jobs._walk_bulk)


def _hash(ids) -> str:
    return hashlib.sha1(",".join(map(str, ids)).encode()).hexdigest()[:16]


def enqueue_advance(enrollment_ids, *, guard: bool = True) -> int:
    """Queue jobs that walk these enrollments; returns how many enrollments were queued."""
    ids = sorted(set(enrollment_ids))
    if guard:
        ids = lanes.mark_new("enrollment", ids)
    size = BATCH * JOB_ROUNDS
    for start in range(0, len(ids), size):
        chunk = ids[start:start + size]
        lanes.enqueue(jobs.advance_job, chunk, lane=lanes.BULK, job_id=f"advance-{_hash(chunk)}")
    return len(ids)


def enqueue_touch(account_ids, *, interactive: bool = True) -> None:
    ids = sorted(set(account_ids))
    interactive = interactive and len(ids) <= INTERACTIVE_MAX  # a big change is bulk work
    lane = lanes.INTERACTIVE if interactive else lanes.BULK
    for start in range(0, len(ids), BATCH):
        # A fresh id each time: every change must be looked at, even while an earlier
        # job for the same accounts is running (a reused id would be dropped with it).
        lanes.enqueue(jobs.touch_accounts_job, ids[start:start + BATCH], interactive, lane=lane)


def _once(name: str, function, *args, lane: str) -> bool:
    if not lanes.claim_once(name):
        return False
    lanes.enqueue(function, *args, lane=lane, job_id=name)
    return True


def enqueue_segment_events() -> bool:
    """Consume pending segment events soon (unless a job for that is in flight)."""
    return _once("segment-events", jobs.segment_events_job, lane=lanes.BULK)


def enqueue_delivery(email_ids: list[int]) -> bool:
    return _once("deliver", jobs.deliver_job, email_ids, lane=lanes.BULK)


def enqueue_webhooks(call_ids: list[int]) -> bool:
    """Send due webhook calls soon (unless a job for that is in flight)."""
    return _once("webhooks", jobs.webhook_job, call_ids, lane=lanes.BULK)


def enqueue_journey_enabled(journey_id: int) -> bool:
    return _once(f"journey-enabled-{journey_id}", jobs.journey_enabled_job, journey_id,
                 lane=lanes.BULK)


def journey_enabled(journey_id: int) -> None:
    """After enable: enroll existing members when the entry says so, and re-check every active
    enrollment against what changed while the journey was disabled."""
    try:
        enqueue_journey_enabled(journey_id)
    except Exception:  # Redis down: the journey is enabled; enroll_existing is retried on enable
        log.exception("could not queue enroll_existing for journey %s", journey_id)


def enrollment_retried(enrollment_id: int, email_ids: list[int]) -> None:
    """After support retried a failed enrollment: resend its failed emails and walk it.

    If this job is lost, the scheduler still finds the enrollment (due now) and the
    emails (queued) in the database.
    """
    try:
        lanes.enqueue(jobs.retry_job, enrollment_id, email_ids, lane=lanes.INTERACTIVE,
                      job_id=f"retry-{enrollment_id}-{len(email_ids)}")
    except Exception:
        log.exception("could not queue the retry of enrollment %s; the scheduler will", enrollment_id)


def enqueue_event_entries(batch_ids, account_count: int, *, bulk: bool = False) -> int:
    """Enroll by event from these entry batches (``engine.event_entry``); returns how many
    jobs were queued. A request's events for up to ``INTERACTIVE_MAX`` accounts go on the
    interactive lane; a bigger one, and ``bulk`` work (a file import, the scheduler's
    re-finds), on the bulk lane. A batch already in flight is skipped; a lost job is logged
    and the scheduler finds its batch again (the database holds it)."""
    interactive = not bulk and account_count <= INTERACTIVE_MAX
    lane = lanes.INTERACTIVE if interactive else lanes.BULK
    queued = 0
    try:
        for batch_id in lanes.mark_new("event-entry", sorted(batch_ids)):
            lanes.enqueue(jobs.event_entry_job, batch_id, interactive, lane=lane,
                          job_id=f"event-entry-{batch_id}")
            queued += 1
    except Exception:
        log.exception("could not queue entry by event for batches %s; the scheduler will", batch_ids)
    return queued
