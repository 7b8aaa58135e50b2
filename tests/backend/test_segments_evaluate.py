"""Segment membership in memory (what the walker uses inside a round) agrees with itself when
only the changed property's segments are evaluated again."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

import graph_engine as ge
from backend.segments.evaluate import SegmentRules, _properties

from .segment_strategies import TODAY, rules

_ATTRS = ["custom.score", "custom.plan", "custom.vip", "account.mrr", "account.licenses",
          "account.stage", "user.csm"]
_VALUES = st.one_of(st.none(), st.integers(-3, 3), st.sampled_from(["", "a", "B", "pro"]),
                    st.booleans(), st.just("ann@example.com"))


def _snapshot(values: dict) -> dict:
    snap = {"account": {}, "custom": {}, "user": {}, "segments": frozenset()}
    for attribute, value in values.items():
        scope, _, name = attribute.partition(".")
        if value is not None:
            snap["account" if scope == "account" else scope][name] = value
    return snap


def _segment_rules(bodies: list) -> SegmentRules:
    """Segments s0, s1, ...; each may read the ones before it (as ordered_segments orders them)."""
    out = []
    for index, body in enumerate(bodies):
        if index and index % 2:  # every other one also reads an earlier segment
            body = {"all": [body, {"property": "segment", "op": "has_met", "value": f"s{index - 1}"}]}
        out.append((f"s{index}", ge.compile_rule(body), _properties(body)))
    return SegmentRules(out)


@settings(max_examples=300, deadline=None)
@given(st.lists(rules, min_size=1, max_size=5),
       st.fixed_dictionaries({a: _VALUES for a in _ATTRS}),
       st.sampled_from(_ATTRS), _VALUES)
def test_evaluating_only_what_reads_the_change_gives_the_full_answer(bodies, values, attribute, value):
    segments = _segment_rules(bodies)
    before = _snapshot(values)
    before["segments"] = segments.members(before, TODAY)
    after = ge.effects.set_attribute(before, attribute, value) if not attribute.startswith("user.") \
        else {**before, "user": {**before["user"], "csm": value}}
    assert segments.members(after, TODAY, attribute) == segments.members(after, TODAY)


def test_a_segment_that_reads_a_moved_segment_is_evaluated_again():
    """s0 reads the changed attribute; s1 reads only s0: s1 must follow s0 in and out."""
    rich = {"all": [{"property": "account.mrr", "op": "gte", "value": 100}]}
    follows = {"all": [{"property": "segment", "op": "has_met", "value": "s0"}]}
    segments = SegmentRules([("s0", ge.compile_rule(rich), _properties(rich)),
                             ("s1", ge.compile_rule(follows), _properties(follows))])
    poor = {"account": {"mrr": 1}, "segments": frozenset()}
    poor["segments"] = segments.members(poor, TODAY)
    assert poor["segments"] == frozenset()
    now_rich = ge.effects.set_attribute(poor, "account.mrr", 500)
    assert segments.members(now_rich, TODAY, "account.mrr") == {"s0", "s1"}
    now_rich["segments"] = frozenset({"s0", "s1"})
    poor_again = ge.effects.set_attribute(now_rich, "account.mrr", 5)
    assert segments.members(poor_again, TODAY, "account.mrr") == frozenset()
