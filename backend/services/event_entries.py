"""Entry by event at ingest (SPEC §7, issue 13): the durable half, written with the events.

When a request's valid events include a name an enabled journey enters on, ingest

1. ``claim_stamp(now)`` — first thing in its transaction: takes the request's
   ``received_at``, unique per request (an ``event_entry_batches`` row, part 0; a stamp
   another request holds is moved on by a microsecond). The events are written with it,
   so the entry job reads exactly this request's events back.
2. ``write_batches(claim, stored, names)`` — after storing: the accounts with entry
   events, in chunks of ``CHUNK`` (one row each); ``[]`` (and the claim removed) when
   none was stored (all duplicates).
3. ``announce(batches, accounts)`` — after the commit: a job per batch (interactive lane
   for a request about at most ``queueing.INTERACTIVE_MAX`` accounts, bulk otherwise and
   for a file import).
   A lost job is not lost work: the scheduler re-finds unclaimed batches.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, insert, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..db.bulk_sql import is_postgresql
from ..extensions import db
from ..models.events import EventEntryBatch

CHUNK = 2000  # accounts a batch (the engine enrolls and walks this many at a time)
_TABLE = EventEntryBatch.__table__


def claim_stamp(now: datetime) -> tuple[int, datetime]:
    """Reserve a ``received_at`` no other request has; returns (part-0 row id, stamp)."""
    dialect_insert = pg_insert if is_postgresql() else sqlite_insert
    stamp = now
    while True:
        row = db.session.execute(
            dialect_insert(_TABLE).values(received_at=stamp, part=0, account_ids=[], names=[])
            .on_conflict_do_nothing().returning(_TABLE.c.id)).first()
        if row is not None:
            return row[0], stamp
        stamp += timedelta(microseconds=1)


def write_batches(claim: tuple[int, datetime], stored: list, names: set[str]) -> tuple[list[int], int]:
    """Record the entry work of the stored rows ``(account_id, name, at, ...)``; returns the
    batch ids and how many accounts they hold."""
    batch_id, stamp = claim
    entry = [row for row in stored if row[1] in names]
    if not entry:
        db.session.execute(delete(_TABLE).where(_TABLE.c.id == batch_id))
        return [], 0
    accounts = sorted({row[0] for row in entry})
    chunks = [accounts[i:i + CHUNK] for i in range(0, len(accounts), CHUNK)]
    ats = [row[2] for row in entry]
    common = {"names": sorted({row[1] for row in entry}), "first_at": min(ats), "last_at": max(ats)}
    db.session.execute(update(_TABLE).where(_TABLE.c.id == batch_id)
                       .values(account_ids=chunks[0], **common))
    ids = [batch_id]
    for part, chunk in enumerate(chunks[1:], start=1):
        ids.append(db.session.execute(insert(_TABLE).values(
            received_at=stamp, part=part, account_ids=chunk, **common).returning(_TABLE.c.id)).scalar_one())
    return ids, len(accounts)


def announce(batch_ids: list[int], accounts: int, bulk: bool = False) -> None:
    """After the commit: queue the entry jobs (see the module doc; ``bulk``: a file import)."""
    from ..jobs.queueing import enqueue_event_entries

    if batch_ids:
        enqueue_event_entries(batch_ids, accounts, bulk=bulk)
