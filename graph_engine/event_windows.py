"""Which events a graph reads, and how far back (SPEC §7).

``graph_event_windows(graph) -> {event name: days | None}`` — every event the
graph's rules (conditions, goal, blacklist, until_rule) and ``until_event`` waits
read, with the days of history needed (None: all kept history); an
``until_event`` wait needs its timeout (plus a day). The backend loads that
much into snapshots. ``entry_events(graph)`` → the entry's ``[{"name", "where"}]``.
"""

from __future__ import annotations

from .event_rules import merge_windows, rule_event_windows
from .frozen import thaw
from .model import JourneyGraph, NodeType


def graph_event_windows(graph: JourneyGraph) -> dict:
    """``{name: days | None}`` the graph reads (see module docstring)."""
    out: dict = {}
    for node in graph.nodes:
        cfg = thaw(node.config) if node.config is not None else {}
        if not isinstance(cfg, dict):
            continue
        if node.type in (NodeType.CONDITION, NodeType.GOAL):
            rule_event_windows(cfg.get("rule"), out)
        elif node.type is NodeType.EXIT:
            rule_event_windows(cfg.get("blacklist"), out)
        elif node.type is NodeType.WAIT:
            if isinstance(cfg.get("until_rule"), dict):
                rule_event_windows(cfg["until_rule"].get("rule"), out)
            until = cfg.get("until_event")
            if isinstance(until, dict) and isinstance(until.get("name"), str):
                timeout = until.get("timeout") or {}
                days = timeout.get("days", 0) + 1 + (1 if timeout.get("hours") or timeout.get("minutes") else 0)
                merge_windows(out, until["name"], days)
    return out


def entry_events(graph: JourneyGraph) -> list[dict]:
    """The entry's event triggers ``[{"name", "where"}]`` (empty when it has none)."""
    entry = graph.entry
    if entry is None:
        return []
    return [dict(item) for item in thaw(entry.config).get("events", ())]
