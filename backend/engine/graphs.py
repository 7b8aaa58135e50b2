"""Published journey graphs, parsed once per process (versions never change)."""
from __future__ import annotations

import graph_engine as ge

from ..models.journeys import JourneyVersion
from .errors import ActionError

_GRAPHS: dict[tuple, ge.JourneyGraph] = {}


def graph_for(version: JourneyVersion) -> ge.JourneyGraph:
    """The parsed graph of a published version (versions never change, so it is cached;
    the key includes the publish time because SQLite may reuse a deleted row's id)."""
    key = (version.id, version.published_at)
    graph = _GRAPHS.get(key)
    if graph is None:
        graph, problems = ge.parse_graph(version.graph)
        if graph is None:
            raise ActionError(f"published version {version.version} does not parse: {problems[:3]}")
        _GRAPHS[key] = graph
    return graph
