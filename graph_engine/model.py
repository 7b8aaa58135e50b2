"""The immutable journey model the codec builds and the interpreter walks.

- :class:`NodeType` — ``entry action condition wait split end goal exit``.
- :class:`Node` — ``id``, ``type``, ``config`` (a deeply frozen copy of the
  JSON config, or None when the node had no ``config`` key), ``label`` and
  ``ui`` (kept untouched for the canvas, ignored by the engine); None means
  the key was absent.
- :class:`Edge` — ``source``, ``target``, ``branch`` (or None), ``id`` (or None).
- :class:`JourneyGraph` — ``nodes`` and ``edges`` tuples in document order,
  plus ``ui`` (optional top-level canvas data), ``settings`` (the journey's
  settings, e.g. ``send_window``; None when absent) and O(1) lookups:
  ``node(id)``, ``out_edges(id)``, ``next_node(id, branch=None)``,
  ``entry``, ``goal``, ``exit``, and ``memo(key, factory)`` where the
  interpreter keeps what it derives from the graph (compiled rules).

Build graphs with :func:`graph_engine.codec.parse_graph`; these classes do
not check anything themselves.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from .frozen import FrozenDict


class NodeType(str, enum.Enum):
    """The node types of journey/v1 (SPEC §2)."""

    ENTRY = "entry"
    ACTION = "action"
    CONDITION = "condition"
    WAIT = "wait"
    SPLIT = "split"
    END = "end"
    GOAL = "goal"
    EXIT = "exit"


NODE_TYPES = frozenset(t.value for t in NodeType)


@dataclass(frozen=True)
class Node:
    """One node; ``config`` is a FrozenDict (or None when absent in the JSON)."""

    id: str
    type: NodeType
    config: FrozenDict | None = None
    label: str | None = None
    ui: FrozenDict | None = None

    @property
    def cfg(self) -> FrozenDict:
        """The config, or an empty FrozenDict when the node has none."""
        return self.config if self.config is not None else _EMPTY


@dataclass(frozen=True)
class Edge:
    """A directed edge; ``branch`` labels it where the source needs one."""

    source: str
    target: str
    branch: str | None = None
    id: str | None = None

    def ref(self) -> dict:
        """The ``edge`` member of a Problem for this edge."""
        out = {"source": self.source, "target": self.target}
        if self.branch is not None:
            out["branch"] = self.branch
        if self.id is not None:
            out["id"] = self.id
        return out


_EMPTY = FrozenDict()


@dataclass(frozen=True)
class JourneyGraph:
    """A parsed journey/v1 graph (valid or not: see ``validate``)."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    ui: FrozenDict | None = None
    format: str | None = "journey/v1"
    settings: FrozenDict | None = None
    _by_id: dict = field(default=None, repr=False, compare=False, hash=False)
    _out: dict = field(default=None, repr=False, compare=False, hash=False)
    _memo: dict = field(default=None, repr=False, compare=False, hash=False)

    def __post_init__(self):
        by_id = {}
        for node in self.nodes:
            by_id.setdefault(node.id, node)
        out: dict[str, list[Edge]] = {}
        for edge in self.edges:
            out.setdefault(edge.source, []).append(edge)
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_out", {k: tuple(v) for k, v in out.items()})
        object.__setattr__(self, "_memo", {})

    def memo(self, key, factory):
        """Per-graph cache: ``factory()`` once per ``key`` (the graph never changes)."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = factory()
            return value

    def node(self, node_id: str) -> Node | None:
        """The node with this id, or None."""
        return self._by_id.get(node_id)

    def out_edges(self, node_id: str) -> tuple[Edge, ...]:
        """Edges leaving ``node_id`` in document order (empty tuple if none)."""
        return self._out.get(node_id, ())

    def next_node(self, node_id: str, branch: str | None = None) -> str | None:
        """Target of the out-edge with this branch (None: no such edge)."""
        for edge in self._out.get(node_id, ()):
            if edge.branch == branch:
                return edge.target
        return None

    def first_of(self, node_type: NodeType) -> Node | None:
        """The first node of a type, or None."""
        for node in self.nodes:
            if node.type is node_type:
                return node
        return None

    def setting(self, name: str):
        """One of the journey's ``settings`` (e.g. ``"send_window"``), or None."""
        return self.settings.get(name) if self.settings is not None else None

    @property
    def entry(self) -> Node | None:
        return self.first_of(NodeType.ENTRY)

    @property
    def goal(self) -> Node | None:
        return self.first_of(NodeType.GOAL)

    @property
    def exit(self) -> Node | None:
        return self.first_of(NodeType.EXIT)
