"""The events in account snapshots (SPEC §7; ``graph_engine.event_rules`` documents the shape).

``workspace_event_windows()`` (from ``segments.event_needs``) says which events
and how far back.

``load_events(snaps, ids, windows, now)`` adds ``snap["events"]`` (``{name:
((at, properties), ...)}``, oldest first) and ``snap["now"]`` to each snapshot of
the chunk ``ids``, in one query over the ``(account_id, name, at)`` index.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select

from ..db.bulk_sql import in_values
from ..extensions import db
from ..models.events import Event
from ..segments.event_needs import workspace_event_windows  # noqa: F401  (re-exported for snapshots)


def load_events(snaps: dict[int, dict], ids: list[int], windows: dict, now: datetime) -> None:
    """Fill ``events`` and ``now`` in the snapshots of ``ids`` (one query)."""
    for snap in snaps.values():
        snap["events"], snap["now"] = {}, now
    if not windows or not snaps:
        return
    which = [and_(Event.name == name, Event.at > now - timedelta(days=days)) if days is not None
             else Event.name == name for name, days in sorted(windows.items(), key=str)]
    found: dict[int, dict] = defaultdict(lambda: defaultdict(list))
    for account_id, name, at, properties in db.session.execute(
            select(Event.account_id, Event.name, Event.at, Event.properties)
            .where(in_values(Event.account_id, ids), or_(*which))
            .order_by(Event.account_id, Event.name, Event.at)):
        found[account_id][name].append((at, properties or {}))
    for account_id, by_name in found.items():
        if account_id in snaps:
            snaps[account_id]["events"] = {name: tuple(items) for name, items in by_name.items()}
