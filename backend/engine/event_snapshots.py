"""The events in account snapshots (SPEC §7; ``graph_engine.event_rules`` documents the shape).

``workspace_event_windows()`` → ``{event name: days | None}``: what the rules of
every segment and of every version of an enabled journey read (conditions, goal,
blacklist, until_rule, until_event), the widest window per name (None: all
kept history). Parsed graphs' windows are cached per version (versions never
change), so this is two small queries.

``load_events(snaps, ids, windows, now)`` adds ``snap["events"]`` (``{name:
((at, properties), ...)}``, oldest first) and ``snap["now"]`` to each snapshot of
the chunk ``ids``, in one query over the ``(account_id, name, at)`` index.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select

import graph_engine as ge
from graph_engine.event_rules import merge_windows, rule_event_windows
from graph_engine.event_windows import graph_event_windows

from ..db.bulk_sql import in_values
from ..extensions import db
from ..models.events import Event
from ..models.journeys import Journey, JourneyVersion
from ..models.segments import Segment

_VERSION_WINDOWS: dict[tuple, dict] = {}


def workspace_event_windows() -> dict:
    """``{name: days | None}`` every live rule and until_event wait reads (see module doc)."""
    out: dict = {}
    for rule in db.session.scalars(select(Segment.rule)):
        rule_event_windows(rule, out)
    versions = db.session.execute(
        select(JourneyVersion.id, JourneyVersion.published_at)
        .join(Journey, Journey.id == JourneyVersion.journey_id).where(Journey.enabled.is_(True))).all()
    missing = [vid for vid, at in versions if (vid, at) not in _VERSION_WINDOWS]
    if missing:
        for vid, at, graph in db.session.execute(
                select(JourneyVersion.id, JourneyVersion.published_at, JourneyVersion.graph)
                .where(JourneyVersion.id.in_(missing))):
            parsed, _ = ge.parse_graph(graph)
            _VERSION_WINDOWS[(vid, at)] = graph_event_windows(parsed) if parsed is not None else {}
    for key in versions:
        for name, days in _VERSION_WINDOWS.get(tuple(key), {}).items():
            merge_windows(out, name, days)
    return out


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
