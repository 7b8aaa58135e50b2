"""How big a journey graph may be: ``JOURNEY_MAX_NODES`` nodes and ``JOURNEY_MAX_BYTES``
bytes of compact JSON (defaults 2,000 and 2,000,000; ``backend.config``).

A graph past either is refused before any other work (saving, validating,
publishing, enabling, simulating): validating, storing and listing a 50,000-node
draft costs seconds, and no journey a team can read on a canvas comes near 2,000
steps. ``check_graph_size(graph)`` raises ``Invalid`` (422, code
``graph_too_large``) whose ``details`` is a one-problem list in the SPEC §2
shape, so the designer shows it like any other problem.
"""
from __future__ import annotations

import orjson
from flask import current_app

from ..errors import Invalid

DEFAULT_MAX_NODES = 2000
DEFAULT_MAX_BYTES = 2_000_000


def limits() -> tuple[int, int]:
    """(max nodes, max bytes) from the app's config."""
    config = current_app.config
    return (config.get("JOURNEY_MAX_NODES", DEFAULT_MAX_NODES),
            config.get("JOURNEY_MAX_BYTES", DEFAULT_MAX_BYTES))


def _size_in_bytes(graph) -> int:
    try:
        return len(orjson.dumps(graph))
    except (TypeError, orjson.JSONEncodeError):  # not plain JSON: let the shape checks say so
        return 0


def check_graph_size(graph) -> None:
    """Raises Invalid (422 ``graph_too_large``) when ``graph`` has more nodes or more bytes
    of JSON than allowed; anything else (even a malformed graph) passes."""
    max_nodes, max_bytes = limits()
    nodes = graph.get("nodes") if isinstance(graph, dict) else None
    count = len(nodes) if isinstance(nodes, list) else 0
    if count > max_nodes:
        message = (f"The journey has {count:,} steps; a journey may have at most {max_nodes:,}. "
                   "Split it into smaller journeys.")
    else:
        size = _size_in_bytes(graph)
        if size <= max_bytes:
            return
        message = (f"The journey is {size:,} bytes of JSON; a journey may be at most {max_bytes:,}. "
                   "Shorten its texts or split it into smaller journeys.")
    problem = {"code": "graph_too_large", "message": message, "node_id": None, "edge": None}
    raise Invalid(message, details=[problem], code="graph_too_large")
