"""Problems: what validation returns instead of raising.

``Problem(code, message, node_id=None, edge=None)`` is a frozen dataclass;
``to_dict()`` gives exactly ``{"code", "message", "node_id", "edge"}`` — the
SPEC §2 shape. ``edge`` is ``{"source", "target"}`` plus ``"branch"`` and
``"id"`` when the edge has them, or None.

The stable problem codes are listed in :mod:`graph_engine.validate`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from .frozen import FrozenDict


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a graph, rule, snapshot or simulation input."""

    code: str
    message: str
    node_id: str | None = None
    edge: Mapping[str, Any] | None = None

    def __post_init__(self):
        if self.edge is not None and not isinstance(self.edge, FrozenDict):
            object.__setattr__(self, "edge", FrozenDict(self.edge))

    def to_dict(self) -> dict:
        """Return the SPEC §2 problem object (JSON-serialisable)."""
        return {
            "code": self.code,
            "message": self.message,
            "node_id": self.node_id,
            "edge": dict(self.edge) if self.edge is not None else None,
        }


def edge_ref(source: Any, target: Any, branch: Any = None, edge_id: Any = None) -> dict:
    """Build the ``edge`` member of a Problem (only the keys that apply)."""
    ref = {"source": source, "target": target}
    if branch is not None:
        ref["branch"] = branch
    if edge_id is not None:
        ref["id"] = edge_id
    return ref
