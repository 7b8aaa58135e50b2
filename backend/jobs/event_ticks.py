"""Scheduler ticks for product events (SPEC §7), added to ``ticks.TICKS``.

- ``event_windows(now)`` — every ``WINDOW_EVERY`` (2 minutes of the app's clock):
  segments whose rules count events ``within`` a window are recomputed, so an
  account leaves them within minutes of an event ageing out (new events are
  handled at once by ingest). The accounts that moved are announced
  (``accounts_changed(..., "segments")``), as the daily rollover does.
- ``pending_event_entries(now)`` — entry batches (``engine.event_entry``) no job claimed
  within ``ENTRY_GRACE`` (Redis flushed; a job that failed or died keeps its in-flight mark,
  so its batch comes back when the mark expires) → ``event_entry_job`` on the
  bulk lane, ``ENTRY_BATCHES`` a round; none while the bulk lane already holds
  ``MAX_QUEUED_JOBS`` jobs (they are still pending next round).
- ``event_retention(now)`` — once a UTC day: on PostgreSQL the partitions of this
  month and the next two are created and whole months older than
  ``EVENT_RETENTION_DAYS`` dropped; elsewhere old events are deleted; seen
  client ids and daily counts older than that go too, and entry batches processed
  more than a day ago.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select

from graph_engine.event_rules import rule_event_windows

from ..db.bulk_sql import is_postgresql
from ..extensions import db
from ..models.events import Event, EventClientId, EventDailyCount, EventEntryBatch
from ..models.segments import Segment, SegmentEvent
from ..models.settings import AppSetting

WINDOW_EVERY = timedelta(minutes=2)
ENTRY_GRACE = timedelta(seconds=2)
ENTRY_BATCHES = 50
MAX_QUEUED_JOBS = 50  # backpressure, as ticks.due_waits (which imports this module)


def _due(key: str, now: datetime, every: timedelta | None = None) -> bool:
    """Whether the task ``key`` is due (records ``now`` when it is); per interval or per day."""
    row = db.session.get(AppSetting, key)
    stamp = now.isoformat() if every else now.date().isoformat()
    if row is not None:
        if every is None and row.value == stamp:
            return False
        if every is not None and now - datetime.fromisoformat(row.value) < every:
            return False
        row.value = stamp
    else:
        db.session.add(AppSetting(key=key, value=stamp))
    db.session.commit()
    return True


def windowed_segment_keys() -> list[str]:
    """Keys of segments with an event count ``within`` a window."""
    return [key for key, rule in db.session.execute(select(Segment.key, Segment.rule))
            if any(days is not None for days in rule_event_windows(rule).values())]


def event_windows(now: datetime) -> None:
    """Recompute windowed event segments every ``WINDOW_EVERY``."""
    from ..events import accounts_changed
    from ..segments.membership import recompute_segments

    keys = windowed_segment_keys()
    if not keys or not _due("events:windows_recomputed_at", now, WINDOW_EVERY):
        db.session.rollback()
        return
    started = datetime.now(now.tzinfo)
    counts = recompute_segments(keys, now.date())
    moved = list(db.session.scalars(select(SegmentEvent.account_id).distinct().where(
        SegmentEvent.at >= started, SegmentEvent.segment_id.in_(list(counts)))))
    db.session.commit()
    accounts_changed(moved, "segments")


def pending_event_entries(now: datetime) -> int:
    """Re-queue entry batches no job claimed (see module doc); returns how many were queued."""
    from ..engine.event_entry import pending_batch_ids
    from . import lanes
    from .queueing import enqueue_event_entries

    if len(lanes.queue(lanes.BULK)) >= MAX_QUEUED_JOBS:
        return 0
    ids = pending_batch_ids(now - ENTRY_GRACE, ENTRY_BATCHES)
    db.session.rollback()
    return enqueue_event_entries(ids, 0, bulk=True) if ids else 0


def event_retention(now: datetime) -> list[str]:
    """Once a day: partitions ahead, old months dropped, old rows deleted (see module doc)."""
    if not _due("events:retention_on", now):
        db.session.rollback()
        return []
    days = int(current_app.config.get("EVENT_RETENTION_DAYS") or 400)
    cutoff = now - timedelta(days=days)
    dropped: list[str] = []
    if is_postgresql():
        from ..db.event_partitions import create_ahead, drop_before

        create_ahead(now.date())
        dropped = drop_before(cutoff.date())
    else:
        db.session.execute(delete(Event).where(Event.at < cutoff))
    db.session.execute(delete(EventClientId).where(EventClientId.seen_at < cutoff))
    db.session.execute(delete(EventDailyCount).where(EventDailyCount.day < cutoff.date()))
    db.session.execute(delete(EventEntryBatch).where(EventEntryBatch.processed_at < now - timedelta(days=1)))
    db.session.commit()
    return dropped
