"""RQ job functions: ids in, an engine call, safe to run twice.

Each runs inside an app context: ``backend.worker.AppWorker`` provides one;
under any other RQ worker (``rq worker journeys-interactive journeys``, which
forks per job) the job builds the app from the environment itself.
"""
from __future__ import annotations

import functools
import time

from flask import has_app_context

from ..engine.delivery import deliver_outbox
from ..engine.enrolling import (active_enrollment_ids, enroll_existing, journey_enrollment_ids,
                                process_segment_events)
from ..engine.event_entry import enroll_batch
from ..engine.walker import advance_enrollments
from ..engine.webhooks import deliver_webhooks
from . import lanes

_APP = None


def in_app_context(job):
    """Run ``job`` inside an app context, creating the app when the worker has none."""
    @functools.wraps(job)
    def run(*args, **kwargs):
        global _APP
        if has_app_context():
            return job(*args, **kwargs)
        if _APP is None:
            from .. import create_app
            _APP = create_app()
        with _APP.app_context():
            return job(*args, **kwargs)
    return run


BULK_SLICE_S = 5.0
SEGMENT_EVENT_BATCHES = 10  # of enrolling.BATCH events each  # a bulk job walks this long at most, then the rest queues behind other work


def _walk_bulk(enrollment_ids: list[int]) -> int:
    """Walk in rounds, yielding between rounds to interactive work (the rest goes back to the
    front of the bulk lane) or after ``BULK_SLICE_S`` (to its back, so other bulk work — due
    waits, another journey's walk — takes turns with a big one)."""
    started = time.monotonic()
    sliced = False

    def should_yield() -> bool:
        nonlocal sliced
        sliced = time.monotonic() - started > BULK_SLICE_S
        return sliced or lanes.interactive_waiting()

    report = advance_enrollments(enrollment_ids, should_yield=should_yield)
    _hand_off(report)
    if report.remaining:
        lanes.enqueue(advance_job, report.remaining, lane=lanes.BULK, at_front=not sliced)
    if report.busy:  # held by another round right now: look again once it is done
        lanes.enqueue(recheck_job, sorted(report.busy), lane=lanes.BULK)
    return report.steps


def _walk_now(enrollment_ids: list[int]) -> int:
    """Walk at once, waiting for rounds that hold these enrollments; what stayed locked
    longer is made due and queued on the interactive lane again."""
    report = advance_enrollments(enrollment_ids, wait=True)
    _hand_off(report)
    if report.busy:
        lanes.enqueue(recheck_job, sorted(report.busy), lane=lanes.INTERACTIVE)
    return report.steps


@in_app_context
def advance_job(enrollment_ids: list[int]) -> int:
    """Walk these enrollments as far as they go now (bulk lane); returns steps taken."""
    steps = 0
    try:
        steps = _walk_bulk(enrollment_ids)
    finally:
        lanes.release("enrollment", enrollment_ids)
    return steps


@in_app_context
def recheck_job(enrollment_ids: list[int]) -> int:
    """Walk enrollments an interactive job could not lock (interactive lane)."""
    report = advance_enrollments(enrollment_ids, wait=True)
    _hand_off(report)
    return report.steps


@in_app_context
def touch_accounts_job(account_ids: list[int], interactive: bool = True) -> int:
    """These accounts' data changed: enroll from their segment events, re-check their journeys."""
    to_walk = process_segment_events(account_ids) | set(active_enrollment_ids(account_ids))
    walk = _walk_now if interactive else _walk_bulk
    return walk(sorted(to_walk))


@in_app_context
def segment_events_job() -> int:
    """Consume pending segment events (the scheduler's safety net, bulk lane: after a big import
    it is bulk work); a few batches a job, the next tick queues another for the rest."""
    try:
        total = 0
        for _ in range(SEGMENT_EVENT_BATCHES):
            to_walk = process_segment_events()
            if not to_walk:
                break
            total += _walk_bulk(sorted(to_walk))
        return total
    finally:
        lanes.release_once("segment-events")


@in_app_context
def journey_enabled_job(journey_id: int) -> int:
    """On enable: enroll the accounts already in the tracked segments (when the entry says so)
    and walk every active enrollment of the journey — what changed while it was disabled
    (a goal met, an until_rule now true, an account that left the segments) is acted on now."""
    try:
        new = enroll_existing(journey_id)
        return _walk_bulk(sorted(new | set(journey_enrollment_ids(journey_id))))
    finally:
        lanes.release_once(f"journey-enabled-{journey_id}")


@in_app_context
def deliver_job(email_ids: list[int]) -> dict:
    """Send due outbox emails."""
    try:
        return deliver_outbox(email_ids)
    finally:
        lanes.release_once("deliver")


@in_app_context
def webhook_job(call_ids: list[int]) -> dict:
    """Send due webhook calls (SPEC §9): the scheduler's singleton for retries and lost calls."""
    try:
        return _deliver_and_walk(call_ids)
    finally:
        lanes.release_once("webhooks")


@in_app_context
def send_webhooks_job(call_ids: list[int]) -> dict:
    """Send the webhook calls a walk just recorded (bulk lane: a slow host never holds up a walk
    or people's changes)."""
    return _deliver_and_walk(call_ids)


def _deliver_and_walk(call_ids: list[int]) -> dict:
    """Send the calls, then walk at once the enrollments parked for those answered 2xx (they
    are due in the database too: the scheduler walks them if this job is lost)."""
    result = deliver_webhooks(call_ids)
    if result.get("woken"):
        _walk_bulk(result["woken"])
    return result


def _hand_off(report) -> None:
    """What a walk leaves for jobs of their own: its webhook calls."""
    if report.webhooks:
        lanes.enqueue(send_webhooks_job, report.webhooks, lane=lanes.BULK)


@in_app_context
def retry_job(enrollment_id: int, email_ids: list[int]) -> int:
    """Support retried a failed enrollment: resend its failed emails, then walk it on."""
    if email_ids:
        deliver_outbox(email_ids)
    report = advance_enrollments([enrollment_id], wait=True)
    _hand_off(report)
    return report.steps


@in_app_context
def event_entry_job(batch_id: int, interactive: bool = True) -> int:
    """Events arrived (SPEC §7): enroll from one entry batch, once however often this runs
    (``engine.event_entry``), and walk the new enrollments. A batch that fails keeps its
    in-flight mark, so the scheduler tries it again when the mark expires, not every round."""
    new = enroll_batch(batch_id)
    lanes.release("event-entry", [batch_id])
    walk = _walk_now if interactive else _walk_bulk
    return walk(sorted(new)) if new else 0
