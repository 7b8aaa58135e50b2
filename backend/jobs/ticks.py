"""The scheduler's rounds for the engine (see ``backend.scheduler``).

Each tick reads the database (the truth) and puts due work on the queue; all
are idempotent, so several schedulers, or a Redis that lost its jobs, are fine.

- ``due_waits``: enrollments whose wait is due → ``advance_job`` (fires within
  a round, 0.25 s by default, of its time). While the bulk lane already holds
  ``MAX_QUEUED_WALKS`` jobs it adds none (they are still due next round: the
  database is the truth), so in-flight marks never expire on a long queue.
- ``pending_segment_events``: events the immediate path did not consume within
  2 s (a lost job, a daily recompute) → ``segment_events_job``.
- ``due_emails``: outbox retries whose backoff has passed, and emails a lost
  job never sent → ``deliver_job``.
- ``housekeeping`` (once a minute by the app's clock): emails interrupted mid-send, the daily
  date rollover of segments with relative dates, segments a migration asked to recompute
  (``requested_recompute``), and the failure-rate guard
  that disables a journey whose failures pass 10% of its enrollments in an hour.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from .. import clock
from ..engine.delivery import due_email_ids, settle_interrupted
from ..engine.walker import due_enrollment_ids
from ..extensions import db, get_redis
from ..models.enrollments import Enrollment
from ..models.journeys import Journey
from ..models.segments import SegmentEvent
from ..models.settings import AppSetting
from ..models.statuses import EnrollmentStatus
from . import lanes
from .event_ticks import event_retention, event_windows, pending_event_entries  # product events (SPEC §7)
from .queueing import enqueue_advance, enqueue_delivery, enqueue_segment_events, enqueue_webhooks

log = logging.getLogger(__name__)
FAILURE_WINDOW = timedelta(hours=1)
FAILURE_RATE = 0.10
FAILURE_MINIMUM = 10
MAX_QUEUED_WALKS = 50
HOUSEKEEPING_EVERY = timedelta(minutes=1)


def due_waits(now: datetime) -> None:
    if len(lanes.queue(lanes.BULK)) >= MAX_QUEUED_WALKS:
        return
    ids = due_enrollment_ids(now)
    db.session.rollback()
    if ids:
        enqueue_advance(ids)


def pending_segment_events(now: datetime) -> None:
    stale = db.session.scalar(select(SegmentEvent.id).where(
        SegmentEvent.processed_at.is_(None), SegmentEvent.at <= now - timedelta(seconds=2)).limit(1))
    db.session.rollback()
    if stale is not None:
        enqueue_segment_events()


def due_emails(now: datetime) -> None:
    ids = due_email_ids(now)
    db.session.rollback()
    if ids:
        enqueue_delivery(ids)


def due_webhooks(now: datetime) -> None:
    """Webhook calls whose retry is due, and calls a dead worker left mid-send (SPEC §9)."""
    from ..engine.webhooks import due_webhook_ids, settle_interrupted_calls

    settle_interrupted_calls(now)
    ids = due_webhook_ids(now)
    db.session.rollback()
    if ids:
        enqueue_webhooks(ids)


def housekeeping(now: datetime) -> None:
    """At most once per ``HOUSEKEEPING_EVERY`` of the app's clock (which tests move)."""
    key = f"journeys:{current_app.config['JOURNEYS_QUEUE']}:housekeeping"
    redis = get_redis()
    last = redis.get(key)
    if last is not None and now.timestamp() - float(last) < HOUSEKEEPING_EVERY.total_seconds():
        return
    redis.set(key, now.timestamp())
    settle_interrupted(now)
    _rewake_answered_webhooks(now)
    date_rollover(now)
    requested_recompute(now)
    disable_failing_journeys(now)


def _rewake_answered_webhooks(now: datetime) -> None:
    """Enrollments parked for a webhook call already answered, found again (SPEC §9)."""
    from ..engine.webhook_replies import rewake_answered

    woken = rewake_answered(now)
    if woken:
        enqueue_advance(woken)


def date_rollover(now: datetime) -> None:
    """Once per UTC day: recompute segments whose rules use relative dates."""
    from ..segments.membership import recompute_date_sensitive

    today = now.date().isoformat()
    row = db.session.get(AppSetting, "segments:rolled_over_on")
    if row is not None and row.value == today:
        return
    recompute_date_sensitive(now.date())
    row = db.session.get(AppSetting, "segments:rolled_over_on")
    if row is None:
        db.session.add(AppSetting(key="segments:rolled_over_on", value=today))
    else:
        row.value = today
    db.session.commit()


RECOMPUTE_KEY = "segments:recompute"  # written by migrations (0020): a JSON list of segment keys


def requested_recompute(now: datetime) -> dict[int, tuple[int, int]]:
    """Recompute the segments a migration asked for (it rewrote data their rules read, as 0020
    the blank account names), then drop the request, in one transaction; returns
    ``{segment_id: (entered, left)}`` (empty when nothing was asked). Accounts that moved are
    told to the ``accounts_changed`` listeners, as after the daily rollover."""
    import json

    from ..events import accounts_changed
    from ..segments.membership import recompute_segments

    row = db.session.get(AppSetting, RECOMPUTE_KEY)
    if row is None:
        return {}
    try:
        keys = [key for key in json.loads(row.value) if isinstance(key, str)]
    except (ValueError, TypeError):
        keys = []
    started = clock.now()
    counts = recompute_segments(keys, now.date()) if keys else {}
    moved = list(db.session.scalars(select(SegmentEvent.account_id).distinct().where(
        SegmentEvent.at >= started, SegmentEvent.segment_id.in_(list(counts))))) if counts else []
    db.session.execute(delete(AppSetting).where(AppSetting.key == RECOMPUTE_KEY))
    db.session.commit()
    log.info("recomputed %d segment(s) a migration asked for", len(counts))
    accounts_changed(moved, "segments")
    return counts


def disable_failing_journeys(now: datetime) -> list[int]:
    """Disable enabled journeys whose failures in the last hour pass 10% of their enrollments."""
    from ..services.journeys import disable

    since = now - FAILURE_WINDOW
    rows = db.session.execute(
        select(Enrollment.journey_id, func.count(),
               func.count().filter((Enrollment.status == EnrollmentStatus.FAILED) & (Enrollment.ended_at >= since)))
        .join(Journey, Journey.id == Enrollment.journey_id)
        .where(Journey.enabled.is_(True),
               (Enrollment.enrolled_at >= since) | (Enrollment.updated_at >= since))
        .group_by(Enrollment.journey_id)).all()
    db.session.rollback()
    disabled = []
    for journey_id, total, failed in rows:
        if total >= FAILURE_MINIMUM and failed / total > FAILURE_RATE:
            error = db.session.scalar(select(Enrollment.error).where(
                Enrollment.journey_id == journey_id, Enrollment.status == EnrollmentStatus.FAILED)
                .order_by(Enrollment.ended_at.desc()).limit(1))
            disable(journey_id, reason=(f"Disabled automatically: {failed} of {total} enrollments failed "
                                        f"in the last hour (over 10%). Latest error: {error}"))
            log.warning("journey %s disabled: %s of %s enrollments failed", journey_id, failed, total)
            disabled.append(journey_id)
    return disabled


# The scheduler's rounds, in order (handed to ``scheduler.run_scheduler``; nothing registers
# itself on import).
TICKS = (due_waits, pending_segment_events, due_emails, due_webhooks, housekeeping, event_windows,
         event_retention, pending_event_entries)
