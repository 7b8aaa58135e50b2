"""journey/v1 JSON ⇄ :class:`~graph_engine.model.JourneyGraph`.

``parse_graph(data) -> (JourneyGraph | None, list[Problem])``
    Strict: the graph is returned only when there is no problem at all at
    the codec level (shape, unknown node types or keys, config types);
    otherwise None and every problem found. Never raises. Graph-level rules
    (one entry, no cycles, references...) are ``validate``'s job: parse a
    graph for walking only after ``validate`` said it is clean.
``read_graph(data) -> ReadResult``
    Lenient: the best-effort graph (malformed nodes/edges left out) plus
    the problems, the ids of nodes left out for an unknown type
    (``ignored_ids``) and of nodes whose config has problems
    (``bad_config_ids``). ``graph`` is None only when ``data`` is not an
    object with ``nodes`` and ``edges`` lists. ``validate`` builds on it.
``dump_graph(graph) -> dict``
    The canonical JSON: ``dump_graph(parse_graph(x)[0]) == x`` whenever ``x``
    has ``"format": "journey/v1"`` and parses clean (``label``, ``ui`` and
    the key order of configs kept as given).

Codes: ``not_an_object``, ``bad_format``, ``missing_key``, ``wrong_type``,
``unknown_key``, ``unknown_node_type``, ``duplicate_node_id``,
``duplicate_edge_id`` and the config codes of :mod:`graph_engine.schema`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .configs import check_config
from .frozen import freeze, thaw
from .model import NODE_TYPES, Edge, JourneyGraph, Node, NodeType
from .problems import Problem, edge_ref
from .send_window import window_problems

FORMAT = "journey/v1"
_GRAPH_KEYS = frozenset({"format", "nodes", "edges", "ui", "settings"})
_SETTINGS = {"send_window": window_problems}  # journey settings (SPEC §8) → their checks
_NODE_KEYS = frozenset({"id", "type", "config", "label", "ui"})
_EDGE_KEYS = frozenset({"source", "target", "branch", "id"})


@dataclass
class ReadResult:
    """What ``read_graph`` found (see module docstring)."""

    graph: JourneyGraph | None
    problems: list[Problem] = field(default_factory=list)
    ignored_ids: set = field(default_factory=set)
    bad_config_ids: set = field(default_factory=set)


def parse_graph(data) -> tuple[JourneyGraph | None, list[Problem]]:
    """Return ``(graph, [])`` for clean journey/v1 JSON, else ``(None, problems)``."""
    result = read_graph(data)
    if result.problems:
        return None, result.problems
    return result.graph, []


def read_graph(data, *, frozen: bool = True) -> ReadResult:
    """Parse leniently; see the module docstring.

    ``frozen=False`` keeps node configs as the given (mutable) dicts instead
    of frozen copies — ``validate`` uses it to save the copying.
    """
    if not isinstance(data, dict):
        return ReadResult(None, [Problem("not_an_object", "a journey graph must be a JSON object")])
    result = ReadResult(None)
    out = result.problems
    for key in data:
        if key not in _GRAPH_KEYS:
            out.append(Problem("unknown_key", f"unknown top-level key {key!r}"))
    if data.get("format") != FORMAT:
        out.append(Problem("bad_format", f'"format" must be "{FORMAT}"'))
    ui = data.get("ui")
    if "ui" in data and not isinstance(ui, dict):
        out.append(Problem("wrong_type", '"ui" must be an object'))
        ui = None
    settings = _read_settings(data, out)
    lists = []
    for key in ("nodes", "edges"):
        if key not in data:
            out.append(Problem("missing_key", f'"{key}" is required'))
        elif not isinstance(data[key], list):
            out.append(Problem("wrong_type", f'"{key}" must be a list'))
        else:
            lists.append(data[key])
    if len(lists) < 2:
        return result
    nodes = _read_nodes(lists[0], result, freeze if frozen else _same)
    edges = _read_edges(lists[1], out)
    result.graph = JourneyGraph(tuple(nodes), tuple(edges), ui=freeze(ui) if ui is not None else None,
                                format=data.get("format"),
                                settings=freeze(settings) if settings is not None else None)
    return result


def _read_settings(data: dict, out: list[Problem]) -> dict | None:
    """The graph's ``settings`` object when it is clean (problems go to ``out``), else None."""
    if "settings" not in data:
        return None
    settings = data["settings"]
    if not isinstance(settings, dict):
        out.append(Problem("wrong_type", '"settings" must be an object'))
        return None
    before = len(out)
    for key, value in settings.items():
        check = _SETTINGS.get(key)
        if check is None:
            out.append(Problem("unknown_key", f"settings: unknown key {key!r}"))
            continue
        out.extend(Problem("bad_value", f"settings.{message}") for message in check(value))
    return settings if len(out) == before else None


def _same(value):
    return value


def _read_nodes(items, result: ReadResult, keep) -> list[Node]:
    out, nodes, seen = result.problems, [], set()
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            out.append(Problem("wrong_type", f"nodes[{index}] must be an object"))
            continue
        node_id = item.get("id")
        if "id" not in item:
            out.append(Problem("missing_key", f"nodes[{index}] needs an id"))
            continue
        if not isinstance(node_id, str) or not node_id:
            out.append(Problem("wrong_type", f"nodes[{index}].id must be a non-empty text"))
            continue
        if node_id in seen:
            out.append(Problem("duplicate_node_id", f"two nodes have the id {node_id!r}", node_id))
            continue
        seen.add(node_id)
        node = _read_node(node_id, item, result, keep)
        if node is not None:
            nodes.append(node)
    return nodes


def _read_node(node_id, item, result: ReadResult, keep) -> Node | None:
    out = result.problems
    if not item.keys() <= _NODE_KEYS:
        for key in item:
            if key not in _NODE_KEYS:
                out.append(Problem("unknown_key", f"node {node_id}: unknown key {key!r}", node_id))
    if "label" in item and not isinstance(item["label"], str):
        out.append(Problem("wrong_type", f"node {node_id}: label must be a text", node_id))
    if "ui" in item and not isinstance(item["ui"], dict):
        out.append(Problem("wrong_type", f"node {node_id}: ui must be an object", node_id))
    ntype = item.get("type")
    if not isinstance(ntype, str) or ntype not in NODE_TYPES:
        code, what = ("missing_key", "needs a type") if ntype is None else \
            ("unknown_node_type", f"has unknown type {ntype!r}")
        out.append(Problem(code, f"node {node_id} {what}", node_id))
        result.ignored_ids.add(node_id)
        return None
    config = item.get("config")
    config_problems = check_config(node_id, ntype, config)
    if config_problems:
        out.extend(config_problems)
        result.bad_config_ids.add(node_id)
    label = item.get("label") if isinstance(item.get("label"), str) else None
    ui = item.get("ui") if isinstance(item.get("ui"), dict) else None
    return Node(node_id, NodeType(ntype), keep(config) if "config" in item else None,
                label=label, ui=keep(ui) if ui is not None else None)


def _read_edges(items, out: list[Problem]) -> list[Edge]:
    edges, ids = [], set()
    for index, item in enumerate(items):
        if item.__class__ is dict and item.keys() <= _EDGE_KEYS:  # fast path: a clean edge
            source, target = item.get("source"), item.get("target")
            branch, edge_id = item.get("branch"), item.get("id")
            if source.__class__ is str and target.__class__ is str and source and target \
                    and (branch is None or (branch.__class__ is str and branch)) \
                    and (edge_id is None or (edge_id.__class__ is str and edge_id and edge_id not in ids)) \
                    and ("branch" not in item or branch is not None) and ("id" not in item or edge_id is not None):
                ids.add(edge_id)
                edges.append(Edge(source, target, branch, edge_id))
                continue
        if not isinstance(item, dict):
            out.append(Problem("wrong_type", f"edges[{index}] must be an object"))
            continue
        source, target = item.get("source"), item.get("target")
        branch, edge_id = item.get("branch"), item.get("id")
        ref = edge_ref(source, target, branch, edge_id)
        bad = False
        for key in item:
            if key not in _EDGE_KEYS:
                out.append(Problem("unknown_key", f"edges[{index}]: unknown key {key!r}", edge=ref))
        for key in ("source", "target"):
            if key not in item:
                out.append(Problem("missing_key", f"edges[{index}] needs a {key}", edge=ref))
                bad = True
            elif not isinstance(item[key], str) or not item[key]:
                out.append(Problem("wrong_type", f"edges[{index}].{key} must be a node id", edge=ref))
                bad = True
        for key in ("branch", "id"):
            if key in item and (not isinstance(item[key], str) or not item[key]):
                out.append(Problem("wrong_type", f"edges[{index}].{key} must be a non-empty text", edge=ref))
                bad = True
        if isinstance(edge_id, str) and edge_id in ids:
            out.append(Problem("duplicate_edge_id", f"two edges have the id {edge_id!r}", edge=ref))
        if bad:
            continue
        ids.add(edge_id)
        edges.append(Edge(source, target, branch, edge_id))
    return edges


def dump_graph(graph: JourneyGraph) -> dict:
    """Return the journey/v1 JSON for ``graph`` (plain dicts and lists)."""
    out = {"format": graph.format or FORMAT,
           "nodes": [_dump_node(n) for n in graph.nodes],
           "edges": [e.ref() for e in graph.edges]}
    if graph.ui is not None:
        out["ui"] = thaw(graph.ui)
    if graph.settings is not None:
        out["settings"] = thaw(graph.settings)
    return out


def _dump_node(node: Node) -> dict:
    out = {"id": node.id, "type": node.type.value}
    if node.config is not None:
        out["config"] = thaw(node.config)
    if node.label is not None:
        out["label"] = node.label
    if node.ui is not None:
        out["ui"] = thaw(node.ui)
    return out
