"""PostgreSQL's monthly partitions of ``events`` (SPEC §7): created ahead, dropped whole.

``events`` is ``PARTITION BY RANGE (at)`` with one partition per UTC month,
named ``events_YYYY_MM``. Rows can only go into an existing partition, so:

- ``ensure_months(days)`` — creates the months holding these days (ingest calls
  it for the months of its batch; known months are cached per process, so it
  costs nothing after the first time). ``CREATE TABLE IF NOT EXISTS`` makes
  racing creators harmless.
- ``create_ahead(today, months=2)`` — this month and the next ``months`` (the
  scheduler's retention tick).
- ``drop_before(cutoff)`` — drops every partition wholly older than ``cutoff``
  (its upper bound <= cutoff's month start); returns their names.
- ``partition_months()`` → the first days of the existing months.

Nothing here runs off PostgreSQL (callers check ``is_postgresql()``).
"""
from __future__ import annotations

import re
from datetime import date
from typing import Iterable

from sqlalchemy import text

from ..extensions import db

_KNOWN: set[date] = set()
_NAME = re.compile(r"events_(\d{4})_(\d{2})\Z")


def month_start(day: date) -> date:
    """The first day of ``day``'s month."""
    return date(day.year, day.month, 1)


def add_months(day: date, count: int) -> date:
    """The first day of the month ``count`` months after ``day``'s."""
    index = day.year * 12 + day.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def partition_months() -> list[date]:
    """First days of the months that have a partition, oldest first."""
    names = db.session.scalars(text(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'events'"))
    months = []
    for name in names:
        match = _NAME.match(name)
        if match:
            months.append(date(int(match[1]), int(match[2]), 1))
    return sorted(months)


def ensure_months(days: Iterable[date]) -> list[date]:
    """Create the partitions of the months holding ``days``; returns the months created."""
    wanted = {month_start(d) for d in days} - _KNOWN
    if not wanted:
        return []
    existing = set(partition_months())
    _KNOWN.update(existing)
    created = []
    for start in sorted(wanted - existing):
        end = add_months(start, 1)
        db.session.execute(text(
            f"CREATE TABLE IF NOT EXISTS events_{start:%Y_%m} PARTITION OF events "
            f"FOR VALUES FROM ('{start.isoformat()}') TO ('{end.isoformat()}')"))
        created.append(start)
    _KNOWN.update(wanted)
    return created


def create_ahead(today: date, months: int = 2) -> list[date]:
    """Partitions for this month and the next ``months``; returns those created."""
    return ensure_months(add_months(today, i) for i in range(months + 1))


def drop_before(cutoff: date) -> list[str]:
    """Drop every partition whose month ends on or before ``cutoff``'s month start."""
    limit = month_start(cutoff)
    dropped = []
    for start in partition_months():
        if add_months(start, 1) <= limit:
            name = f"events_{start:%Y_%m}"
            db.session.execute(text(f'DROP TABLE IF EXISTS "{name}"'))
            _KNOWN.discard(start)
            dropped.append(name)
    return dropped
