"""Which product events the workspace's live rules read (SPEC §7); read-only queries.

Shared by the engine (what snapshots load) and the services (whom ingest announces).

- ``workspace_event_windows()`` → ``{event name: days | None}``: what the rules of
  every segment and of every version of an enabled journey read (conditions, goal,
  blacklist, until_rule, until_event), the widest window per name (None: all kept
  history). Parsed graphs are cached per version (versions never change), so this
  is two small queries.
- ``entry_event_names()`` → names of the events that enter an enabled journey.
"""
from __future__ import annotations

from sqlalchemy import select

import graph_engine as ge
from graph_engine.event_rules import merge_windows, rule_event_windows
from graph_engine.event_windows import graph_event_windows

from ..extensions import db
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


def entry_event_names() -> set[str]:
    """Names of the events that enter some enabled journey (their published versions' entries)."""
    from graph_engine.event_windows import entry_events

    names: set[str] = set()
    for version_id, published_at, graph in _published_graphs():
        names |= {e.get("name") for e in entry_events(graph)}
    return names


_PARSED: dict[tuple, ge.JourneyGraph | None] = {}


def _published_graphs():
    """``(version id, published_at, parsed graph)`` of enabled journeys' published versions
    (graphs parsed once per version)."""
    rows = db.session.execute(
        select(JourneyVersion.id, JourneyVersion.published_at)
        .join(Journey, (Journey.id == JourneyVersion.journey_id)
              & (Journey.published_version == JourneyVersion.version))
        .where(Journey.enabled.is_(True))).all()
    missing = [vid for vid, at in rows if (vid, at) not in _PARSED]
    if missing:
        for vid, at, graph in db.session.execute(
                select(JourneyVersion.id, JourneyVersion.published_at, JourneyVersion.graph)
                .where(JourneyVersion.id.in_(missing))):
            _PARSED[(vid, at)] = ge.parse_graph(graph)[0]
    return [(vid, at, _PARSED[(vid, at)]) for vid, at in rows if _PARSED.get((vid, at)) is not None]
