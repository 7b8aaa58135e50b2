"""Conditions comparing with an empty text (``empty_value`` problems, on save and validate).

``{"property": "account.stage", "op": "eq", "value": ""}`` is well formed, so the rule
language accepts it and evaluates it the same in Python and SQL; but an empty text is never
what an admin meant: the condition quietly matches nothing (or everything, for ``neq``), and a
blacklist or goal built on it never fires. Saving a segment and validating a journey refuse it
and say to use "is not set" / "is set" instead. Only here, not in graph_engine's rule checks:
rules already stored with an empty value still evaluate as before.
"""
from __future__ import annotations

from typing import Any, Iterator

_TEXT_OPS = frozenset({"eq", "neq", "contains", "not_contains", "in", "not_in"})


def empty_value_problems(rule: Any, path: str = "rule", node_id: str | None = None) -> list[dict]:
    """A SPEC §2 problem for each condition of ``rule`` (at ``path``) whose text value is empty."""
    return [{"code": "empty_value", "node_id": node_id, "edge": None,
             "message": f"{where} ({prop}): type a value to compare with (an empty text never "
                        "matches; for accounts without a value use “is not set”)"}
            for where, prop in _empty(rule, path)]


def graph_empty_value_problems(graph: Any) -> list[dict]:
    """``empty_value_problems`` of every rule in a journey graph's node configs."""
    nodes = graph.get("nodes") if isinstance(graph, dict) else None
    problems = []
    for node in nodes if isinstance(nodes, list) else ():
        if isinstance(node, dict) and isinstance(node.get("config"), dict):
            node_id = node.get("id") if isinstance(node.get("id"), str) else None
            problems += empty_value_problems(node["config"], "config", node_id)
    return problems


def _empty(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, list):
        for i, item in enumerate(value):
            yield from _empty(item, f"{path}[{i}]")
        return
    if not isinstance(value, dict):
        return
    if "property" in value and value.get("op") in _TEXT_OPS:
        given = value.get("value")
        texts = given if isinstance(given, list) else [given]
        if any(isinstance(t, str) and not t.strip() for t in texts):
            yield path, str(value["property"])
        return
    for key, item in value.items():
        yield from _empty(item, f"{path}.{key}")
