"""What changed between two versions of a journey (SPEC §10 "versions/<n>/diff").

``diff_graphs(old, new) -> dict``::

    {"nodes": {"added": [{"id", "type", "label"}], "removed": [...],
               "changed": [{"id", "type", "label", "fields": {"config.for.days": {"from": 3, "to": 5}}}]},
     "edges": {"added": [{"source", "target", "branch"}], "removed": [...]},
     "settings": {"send_window.start": {"from", "to"}} ,
     "counts": {"added", "removed", "changed", "edges_added", "edges_removed"}}

Nodes are matched by id. A node's changed fields are dotted paths into it
(``type``, ``label``, ``config.<...>``); lists compare whole. Canvas positions
(``ui``) are not changes. Edges are matched by (source, target, branch); an
edge that now leads elsewhere is one removed and one added.

``version_diff(journey_id, n)`` compares published version n with n−1 (version
1 with an empty graph). Raises NotFound.
"""
from __future__ import annotations

import json

from sqlalchemy import select

from ..errors import NotFound
from ..extensions import db
from ..models.journeys import JourneyVersion
from .journey_lookup import get_journey

_SKIP = ("ui", "id")
EMPTY = {"nodes": [], "edges": []}


def _flat(value, prefix: str, out: dict) -> dict:
    if isinstance(value, dict) and value:
        for key, inner in value.items():
            _flat(inner, f"{prefix}.{key}" if prefix else str(key), out)
    else:
        out[prefix] = value
    return out


def _fields(node: dict) -> dict:
    return _flat({k: v for k, v in node.items() if k not in _SKIP}, "", {})


def changed_fields(old: dict, new: dict) -> dict:
    """``{path: {"from", "to"}}`` for every leaf that differs (missing = None)."""
    before, after = _fields(old), _fields(new)
    return {path: {"from": before.get(path), "to": after.get(path)}
            for path in sorted(set(before) | set(after)) if before.get(path) != after.get(path)}


def _nodes(graph: dict) -> dict[str, dict]:
    """Nodes by id (drafts may hold anything: only nodes with a text id count)."""
    nodes = (graph or {}).get("nodes") if isinstance(graph, dict) else None
    return {n["id"]: n for n in nodes or () if isinstance(n, dict) and isinstance(n.get("id"), str)}


def _plain(value):
    return value if isinstance(value, (str, int, float, bool, type(None))) else \
        json.dumps(value, sort_keys=True, default=str)


def _edge_key(edge: dict) -> tuple:
    return _plain(edge.get("source")), _plain(edge.get("target")), _plain(edge.get("branch"))


def _brief(node: dict) -> dict:
    return {"id": node["id"], "type": node.get("type"), "label": node.get("label")}


def diff_graphs(old: dict | None, new: dict | None) -> dict:
    """What changed from ``old`` to ``new`` (see module docstring)."""
    old = old if isinstance(old, dict) else EMPTY
    new = new if isinstance(new, dict) else EMPTY
    before, after = _nodes(old), _nodes(new)
    added = [_brief(after[i]) for i in after if i not in before]
    removed = [_brief(before[i]) for i in before if i not in after]
    changed = []
    for node_id in after:
        if node_id in before:
            fields = changed_fields(before[node_id], after[node_id])
            if fields:
                changed.append({**_brief(after[node_id]), "fields": fields})
    old_edges = {_edge_key(e): e for e in old.get("edges") or () if isinstance(e, dict)}
    new_edges = {_edge_key(e): e for e in new.get("edges") or () if isinstance(e, dict)}
    edges = {"added": [dict(zip(("source", "target", "branch"), k)) for k in new_edges if k not in old_edges],
             "removed": [dict(zip(("source", "target", "branch"), k)) for k in old_edges if k not in new_edges]}
    settings = changed_fields({"settings": old.get("settings") or {}}, {"settings": new.get("settings") or {}}) \
        if isinstance(old.get("settings") or {}, dict) and isinstance(new.get("settings") or {}, dict) else {}
    settings = {path.removeprefix("settings."): change for path, change in settings.items()}
    return {"nodes": {"added": added, "removed": removed, "changed": changed}, "edges": edges,
            "settings": settings,
            "counts": {"added": len(added), "removed": len(removed), "changed": len(changed),
                       "edges_added": len(edges["added"]), "edges_removed": len(edges["removed"])}}


def version_diff(journey_id: int, number: int) -> dict:
    """Version ``number`` against ``number - 1``: ``{"version", "against", **diff_graphs}``."""

    journey = get_journey(journey_id)
    graphs = dict(db.session.execute(select(JourneyVersion.version, JourneyVersion.graph).where(
        JourneyVersion.journey_id == journey.id, JourneyVersion.version.in_([number, number - 1]))).all())
    if number not in graphs:
        raise NotFound(f"Journey {journey_id} has no version {number}.")
    against = number - 1 if number - 1 in graphs else None
    return {"version": number, "against": against, **diff_graphs(graphs.get(against), graphs[number])}
