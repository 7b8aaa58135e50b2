"""Codec: journey/v1 JSON ⇄ model, problems instead of stack traces."""

from __future__ import annotations

import copy

import pytest
from ge_helpers import edge, entry, full_graph, graph, node

from graph_engine import NodeType, dump_graph, parse_graph, read_graph


def codes(problems):
    return [p.code for p in problems]


def test_examples_round_trip(example):
    parsed, problems = parse_graph(example)
    assert problems == []
    assert dump_graph(parsed) == example


def test_full_graph_round_trips_with_label_and_ui():
    data = full_graph()
    data["nodes"][0]["label"] = "Start here"
    data["nodes"][0]["ui"] = {"x": 1.5, "y": -2, "collapsed": [True, None]}
    data["edges"][0]["id"] = "e1"
    data["ui"] = {"viewport": {"zoom": 1.2}}
    parsed, problems = parse_graph(copy.deepcopy(data))
    assert problems == []
    assert parsed.node("start").label == "Start here"
    assert dump_graph(parsed) == data


def test_model_lookups():
    parsed, _ = parse_graph(full_graph())
    assert parsed.entry.id == "start"
    assert parsed.goal.id == "goal" and parsed.exit.id == "exit"
    assert parsed.node("cond").type is NodeType.CONDITION
    assert parsed.next_node("cond", "no") == "done"
    assert parsed.next_node("cond", "maybe") is None
    assert [e.target for e in parsed.out_edges("ab")] == ["task", "until"]


def test_model_is_immutable():
    parsed, _ = parse_graph(full_graph())
    with pytest.raises(AttributeError):
        parsed.nodes[0].id = "x"
    with pytest.raises(TypeError):
        parsed.node("cond").config["rule"] = {}


@pytest.mark.parametrize("data, code", [
    (None, "not_an_object"),
    ([], "not_an_object"),
    ("graph", "not_an_object"),
    ({"format": "journey/v1", "edges": []}, "missing_key"),
    ({"format": "journey/v1", "nodes": {}, "edges": []}, "wrong_type"),
    ({"format": "journey/v2", "nodes": [], "edges": []}, "bad_format"),
    ({"nodes": [], "edges": []}, "bad_format"),
    ({"format": "journey/v1", "nodes": [], "edges": [], "extra": 1}, "unknown_key"),
])
def test_top_level_problems(data, code):
    parsed, problems = parse_graph(data)
    assert parsed is None
    assert code in codes(problems)


@pytest.mark.parametrize("bad_node, code", [
    ({"id": "x", "type": "teleport"}, "unknown_node_type"),
    ({"id": "x"}, "missing_key"),
    ({"id": "x", "type": "end", "colour": "red"}, "unknown_key"),
    ({"id": "x", "type": "end", "label": 7}, "wrong_type"),
    ({"id": "x", "type": "end", "ui": [1, 2]}, "wrong_type"),
    ({"id": "x", "type": "condition", "config": {"rule": "yes please"}}, "wrong_type"),
    ({"id": "x", "type": "condition", "config": []}, "wrong_type"),
    ({"id": "x", "type": "condition"}, "missing_key"),
    ({"id": "x", "type": "wait", "config": {"for": {"days": "3"}}}, "wrong_type"),
    ({"id": "x", "type": "action", "config": {"action": "launch_rocket"}}, "unknown_action"),
    ({"id": "x", "type": "end", "config": {"why": 1}}, "unknown_key"),
])
def test_node_problems_carry_the_node_id(bad_node, code):
    data = graph([entry(), bad_node], [edge("start", "x")])
    parsed, problems = parse_graph(data)
    assert parsed is None
    assert any(p.code == code and p.node_id == "x" for p in problems), problems


@pytest.mark.parametrize("bad_node", [{"type": "end"}, {"id": 5, "type": "end"}, {"id": "", "type": "end"}, 7])
def test_nodes_without_usable_id(bad_node):
    _, problems = parse_graph(graph([entry(), bad_node], []))
    assert set(codes(problems)) <= {"missing_key", "wrong_type"} and problems


def test_duplicate_ids():
    data = graph([entry(), node("x", "end"), node("x", "end")],
                 [dict(edge("start", "x"), id="e"), dict(edge("start", "x"), id="e")])
    problems = read_graph(data).problems
    assert ("duplicate_node_id", "x") in [(p.code, p.node_id) for p in problems]
    assert "duplicate_edge_id" in codes(problems)


@pytest.mark.parametrize("bad_edge, code", [
    ({"source": "start"}, "missing_key"),
    ({"source": "start", "target": 3}, "wrong_type"),
    ({"source": "start", "target": "x", "branch": ""}, "wrong_type"),
    ({"source": "start", "target": "x", "weight": 2}, "unknown_key"),
    ("start->x", "wrong_type"),
])
def test_edge_problems(bad_edge, code):
    data = graph([entry(), node("x", "end")], [bad_edge])
    parsed, problems = parse_graph(data)
    assert parsed is None and code in codes(problems)


def test_problem_to_dict_shape():
    _, problems = parse_graph(graph([entry(), node("x", "end")], [{"source": "start", "target": "x", "w": 1}]))
    as_dict = problems[0].to_dict()
    assert set(as_dict) == {"code", "message", "node_id", "edge"}
    assert as_dict["edge"] == {"source": "start", "target": "x"}


def test_lenient_read_keeps_good_parts():
    data = graph([entry(), {"id": "x", "type": "teleport"}, node("y", "end")],
                 [edge("start", "x"), edge("start", "y")])
    result = read_graph(data)
    assert [n.id for n in result.graph.nodes] == ["start", "y"]
    assert result.ignored_ids == {"x"}
