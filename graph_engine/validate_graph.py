"""Graph-structure checks for ``validate`` (see its docstring for the codes).

``check_structure(read_result) -> list[Problem]`` runs the small
``check_*`` functions below over a leniently read graph. Cycles: the cheap
``is_directed_acyclic_graph`` runs first; cycles are looked for (one per
strongly connected component) only when there is one.
"""

from __future__ import annotations

import networkx as nx

from .model import JourneyGraph, Node, NodeType
from .problems import Problem

_NO_EDGES = (NodeType.GOAL, NodeType.EXIT)


def check_structure(result) -> list[Problem]:
    """Return the structural problems of ``result.graph``."""
    graph: JourneyGraph = result.graph
    out: list[Problem] = []
    check_counts(graph, out)
    good_edges = check_edges(graph, result.ignored_ids, out)
    for node in graph.nodes:
        if node.id not in result.bad_config_ids:
            check_out_edges(graph, node, out)
    digraph = nx.DiGraph()
    digraph.add_nodes_from(n.id for n in graph.nodes)
    digraph.add_edges_from((e.source, e.target) for e in good_edges)
    entry = graph.entry
    check_cycles(digraph, good_edges, out, entry.id if entry is not None else None)
    check_reachable(graph, digraph, out)
    return out


def check_counts(graph: JourneyGraph, out: list[Problem]) -> None:
    """One entry; at most one goal and one exit."""
    by_type: dict[NodeType, list[Node]] = {}
    for node in graph.nodes:
        by_type.setdefault(node.type, []).append(node)
    entries = by_type.get(NodeType.ENTRY, [])
    if not entries:
        out.append(Problem("no_entry", "the journey needs an entry node"))
    for node in entries[1:]:
        out.append(Problem("multiple_entries", "a journey has exactly one entry", node.id))
    for ntype, code in ((NodeType.GOAL, "multiple_goals"), (NodeType.EXIT, "multiple_exits")):
        for node in by_type.get(ntype, [])[1:]:
            out.append(Problem(code, f"a journey has at most one {ntype.value} node", node.id))


def check_edges(graph: JourneyGraph, ignored: set, out: list[Problem]) -> list:
    """Endpoints exist; nothing into entry; nothing touches goal/exit or leaves end."""
    good = []
    for edge in graph.edges:
        source, target = graph.node(edge.source), graph.node(edge.target)
        missing = [x for x, n in ((edge.source, source), (edge.target, target))
                   if n is None and x not in ignored]
        if missing:
            out.append(Problem("dangling_edge", f"edge points to missing node(s) {', '.join(missing)}",
                               edge=edge.ref()))
        if source is None or target is None:
            continue
        if target.type is NodeType.ENTRY:
            out.append(Problem("edge_into_entry", "no edge may lead into the entry", target.id, edge.ref()))
        elif source.type in _NO_EDGES or target.type in _NO_EDGES:
            nid = source.id if source.type in _NO_EDGES else target.id
            out.append(Problem("edge_on_goal_or_exit", "goal and exit nodes take no edges", nid, edge.ref()))
        elif source.type is NodeType.END:
            out.append(Problem("edge_from_end", "an end node has no out-edges", source.id, edge.ref()))
        else:
            good.append(edge)
    return good


def branches_of(node: Node):
    """``(allowed labels, required labels)`` or None when the node takes no labels."""
    cfg = node.cfg
    if node.type is NodeType.CONDITION:
        return {"yes", "no"}, set()
    if node.type is NodeType.SPLIT:
        return set(cfg.get("weights") or ()), set(cfg.get("weights") or ())
    if node.type is NodeType.WAIT and ("until_rule" in cfg or "until_event" in cfg):
        return {"met", "timeout"}, {"met", "timeout"}
    return None


def check_out_edges(graph: JourneyGraph, node: Node, out: list[Problem]) -> None:
    """Branch labels fit the node type, no duplicates; one out-edge otherwise."""
    if node.type in _NO_EDGES or node.type is NodeType.END:
        return
    edges = graph.out_edges(node.id)
    labels = branches_of(node)
    if labels is None:
        for edge in edges:
            if edge.branch is not None:
                out.append(Problem("branch_not_allowed", f"{node.type.value} edges take no branch label",
                                   node.id, edge.ref()))
        for edge in edges[1:]:
            out.append(Problem("too_many_edges", f"a {node.type.value} node has one out-edge at most",
                               node.id, edge.ref()))
        return
    allowed, required = labels
    seen = set()
    for edge in edges:
        if edge.branch is None:
            out.append(Problem("branch_label_missing", f"edges out of a {node.type.value} need a branch "
                               f"label ({', '.join(sorted(allowed))})", node.id, edge.ref()))
        elif edge.branch not in allowed:
            out.append(Problem("unknown_branch", f"{edge.branch!r} is not a branch of this "
                               f"{node.type.value}", node.id, edge.ref()))
        elif edge.branch in seen:
            out.append(Problem("duplicate_branch", f"two edges for branch {edge.branch!r}", node.id, edge.ref()))
        seen.add(edge.branch)
    for label in sorted(required - seen):
        out.append(Problem("missing_branch", f"branch {label!r} has no edge", node.id))


def check_cycles(digraph: nx.DiGraph, edges, out: list[Problem], entry_id: str | None = None) -> None:
    """One ``cycle`` problem per strongly connected knot (DAG test first).

    The problem names the edge that closes the loop when walking from the
    entry (the "back edge") and the loop's path in its message.
    """
    if nx.is_directed_acyclic_graph(digraph):
        return
    by_pair = {}
    for edge in edges:
        by_pair.setdefault((edge.source, edge.target), edge)
    rank = {n: i for i, n in enumerate(digraph)}
    if entry_id is not None:
        rank.update((n, i - len(rank)) for i, n in enumerate(nx.bfs_tree(digraph, entry_id)))
    for component in nx.strongly_connected_components(digraph):
        first = min(component, key=rank.__getitem__)
        if len(component) == 1 and not digraph.has_edge(first, first):
            continue
        cycle = nx.find_cycle(digraph.subgraph(component), source=first)
        path = " → ".join([cycle[0][0]] + [t for _, t in cycle])
        closing = by_pair[cycle[-1][:2]]
        out.append(Problem("cycle", f"the walk could loop: {path}", closing.source, closing.ref()))


def check_reachable(graph: JourneyGraph, digraph: nx.DiGraph, out: list[Problem]) -> None:
    """Every node but goal/exit is reachable from the (first) entry."""
    entry = graph.entry
    if entry is None:
        return
    reached = nx.descendants(digraph, entry.id) | {entry.id}
    for node in graph.nodes:
        if node.id not in reached and node.type not in _NO_EDGES and node.type is not NodeType.ENTRY:
            out.append(Problem("unreachable_node", f"node {node.id} cannot be reached from the entry",
                               node.id))
