"""Segment membership of an in-memory snapshot, in Python (graph_engine's rules).

The walker changes accounts inside a round and goes on walking at once with
the changed snapshot (SPEC §4: every later node sees the changed data), so it
needs the account's segments *now*, before the round's writes and the SQL
re-evaluation (``membership.reevaluate_accounts``) that stores them at its
end. The SQL compiler and graph_engine's rules are held to the same answers
by the hypothesis test in tests/backend/test_segments_compile.py, so this and
the stored membership agree.

``SegmentRules.load()`` → the segments, dependencies first, with compiled
predicates; ``rules.members(snapshot, today)`` → the frozenset of segment keys
the snapshot belongs to.
"""
from __future__ import annotations

from datetime import date
from typing import Mapping

import graph_engine as ge

from .membership import ordered_segments


def _properties(rule) -> frozenset:
    """The properties a rule reads (``custom.tier``, ``account.mrr``, ``segment``, ...)."""
    found: set[str] = set()
    stack = [rule]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "property" in node:
                found.add(str(node["property"]))
            stack.extend(v for k, v in node.items() if k in ("all", "any", "not"))
        elif isinstance(node, list):
            stack.extend(node)
    return frozenset(found)


class SegmentRules:
    """Every segment's compiled rule, in an order where a segment comes after those it reads."""

    def __init__(self, rules: list[tuple[str, ge.Predicate, frozenset]]):
        self._rules = rules

    @classmethod
    def load(cls) -> "SegmentRules":
        """The current segments (one query)."""
        return cls([(s.key, ge.compile_rule(s.rule), _properties(s.rule))
                    for s in ordered_segments()])

    def members(self, snapshot: Mapping, today: date, changed: str | None = None) -> frozenset:
        """Keys of the segments ``snapshot`` is in (segments that read segments see the
        memberships decided before them, as the SQL levels do). ``changed``: the one
        property that changed since ``snapshot["segments"]`` was right — only segments that
        read it (or read a segment whose membership moved) are evaluated again."""
        if not self._rules:
            return frozenset()
        before = snapshot.get("segments") or frozenset()
        keys: set[str] = set()
        view = dict(snapshot)
        moved = False
        for key, predicate, reads in self._rules:
            if changed is not None and changed not in reads and not (moved and "segment" in reads):
                if key in before:
                    keys.add(key)
                continue
            view["segments"] = keys
            member = predicate(view, today)
            if member:
                keys.add(key)
            moved = moved or member != (key in before)
        return frozenset(keys)
