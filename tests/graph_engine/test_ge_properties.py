"""Property tests (hypothesis): random valid DAG journeys, their mutations, random rules."""

from __future__ import annotations

import copy
import json
import os
from datetime import date, timedelta

import networkx as nx
from ge_helpers import CATALOG, edge, exit_node, node
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from graph_engine import compile_rule, dump_graph, explain, parse_graph, validate

# GE_EXAMPLES=5000 for a deeper run; 150 keeps the suite quick.
SETTINGS = settings(max_examples=int(os.environ.get("GE_EXAMPLES", "150")), deadline=None, suppress_health_check=[HealthCheck.too_slow])

ACTION_CONFIGS = [
    {"action": "send_email", "template": "tips", "to": {"contacts": "all"}},
    {"action": "send_email", "subject": "Hi {{ contact.name }}", "body": "b", "to": {"contacts": {"role": "admin"}},
     "from": "asha@example.com"},
    {"action": "create_task", "title": "t", "assignee": "sales_manager", "due_in_days": 0, "priority": "low"},
    {"action": "assign_csm", "strategy": "named", "user": "chen@example.com"},
    {"action": "assign_csm", "strategy": "least_accounts", "pool": ["asha@example.com"]},
    {"action": "assign_playbook", "playbook": "onboarding"},
    {"action": "set_attribute", "attribute": "account.stage", "value": "live"},
    {"action": "copy_attribute", "from": "account.mrr", "to": "custom.nps"},
    {"action": "clear_attribute", "attribute": "custom.qbr_on"},
    {"action": "increase_attribute", "attribute": "account.licenses", "by": 2.5},
]
RULES = [
    {"all": [{"property": "custom.nps", "op": "gte", "value": 8}]},
    {"any": [{"property": "segment", "op": "has_met", "value": "vip"},
             {"not": {"property": "account.next_billing_on", "op": "within_next", "value": {"days": 30}}}]},
    {"property": "user.csm", "op": "is_set"},
]
KINDS = ["action", "condition", "wait_for", "wait_date", "wait_rule", "split", "end"]


def make_node(node_id: str, kind: str, draw) -> tuple[dict, list]:
    """A valid node of ``kind`` and its out-slots [(source, branch)]."""
    if kind == "action":
        return node(node_id, "action", **copy.deepcopy(draw(st.sampled_from(ACTION_CONFIGS)))), [(node_id, None)]
    if kind == "condition":
        return node(node_id, "condition", rule=draw(st.sampled_from(RULES))), [(node_id, "yes"), (node_id, "no")]
    if kind == "wait_for":
        return node(node_id, "wait", **{"for": {"days": draw(st.integers(0, 3)), "hours": 1}}), [(node_id, None)]
    if kind == "wait_date":
        cfg = {"property": "account.next_billing_on", "offset": {"days": draw(st.integers(-30, 30))}}
        return node(node_id, "wait", until_date=cfg), [(node_id, None)]
    if kind == "wait_rule":
        cfg = {"rule": draw(st.sampled_from(RULES)), "timeout": {"days": 2}}
        return node(node_id, "wait", until_rule=cfg), [(node_id, "met"), (node_id, "timeout")]
    if kind == "split":
        keys = draw(st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=1, max_size=4, unique=True))
        return node(node_id, "split", weights={k: draw(st.integers(1, 5)) for k in keys}), [(node_id, k) for k in keys]
    return node(node_id, "end"), []


@st.composite
def journeys(draw):
    """A random valid journey: nodes in topological order, edges only forward."""
    entry = node("n0", "entry", segments=["trial"], reenroll={"mode": "never"}, enroll_existing=False)
    nodes, edges, open_slots, required = [entry], [], [("n0", None)], set()
    for i in range(1, draw(st.integers(1, 25))):
        if not open_slots:
            break
        new_id = f"n{i}"
        takers = draw(st.lists(st.sampled_from(open_slots), min_size=1, max_size=3, unique=True))
        for source, branch in takers:
            open_slots.remove((source, branch))
            edges.append(edge(source, new_id, branch))
        data, slots = make_node(new_id, draw(st.sampled_from(KINDS)), draw)
        nodes.append(data)
        open_slots += slots
        if data["type"] == "split" or "until_rule" in data.get("config", {}):
            required.update(slots)
    leftovers = [s for s in open_slots if s in required or draw(st.booleans())]
    if leftovers:
        nodes.append(node("last", "end"))
        edges += [edge(source, "last", branch) for source, branch in leftovers]
    if draw(st.booleans()):
        nodes.append(node("goal", "goal", rule=draw(st.sampled_from(RULES))))
    if draw(st.booleans()):
        nodes.append(exit_node(on_goal=draw(st.sampled_from(["complete", "continue"])),
                               blacklist=draw(st.sampled_from([None] + RULES))))
    order = draw(st.permutations(range(len(nodes))))
    # deep copy: tests mutate the graph, and the sampled RULES must never change
    return copy.deepcopy({"format": "journey/v1", "nodes": [nodes[i] for i in order], "edges": edges})


def codes_at(problems):
    return {(p.code, p.node_id) for p in problems}


@SETTINGS
@given(journeys())
def test_random_valid_journeys_validate_clean_and_round_trip(data):
    assert validate(data, CATALOG) == []
    parsed, problems = parse_graph(copy.deepcopy(data))
    assert problems == [] and dump_graph(parsed) == data


def _digraph(data):
    g = nx.DiGraph()
    g.add_nodes_from(n["id"] for n in data["nodes"])
    g.add_edges_from((e["source"], e["target"]) for e in data["edges"])
    return g


@SETTINGS
@given(journeys(), st.data())
def test_back_edge_is_a_cycle(data, pick):
    types = {n["id"]: n["type"] for n in data["nodes"]}
    g = _digraph(data)
    targets = [n for n, t in types.items() if t not in ("entry", "goal", "exit", "end")]
    assume(targets)
    target = pick.draw(st.sampled_from(sorted(targets)))
    sources = sorted(s for s in nx.descendants(g, target) | {target} if types[s] != "end")
    source = pick.draw(st.sampled_from(sources))
    data["edges"].append(edge(source, target, "loop"))
    problems = validate(data, CATALOG)
    assert "cycle" in {p.code for p in problems}
    cycle = next(p for p in problems if p.code == "cycle")
    assert cycle.node_id in nx.descendants(g, target) | {target}


@SETTINGS
@given(journeys(), st.data())
def test_missing_branch_is_reported(data, pick):
    branched = [e for e in data["edges"] if e.get("branch") is not None]
    assume(branched)
    victim = pick.draw(st.sampled_from(branched))
    types = {n["id"]: n for n in data["nodes"]}
    if pick.draw(st.booleans()):
        del victim["branch"]
        expected = ("branch_label_missing", victim["source"])
    else:
        source = types[victim["source"]]
        assume(source["type"] == "split" or "until_rule" in source["config"])
        data["edges"].remove(victim)
        still_reached = _digraph(data)
        assume(all(nx.has_path(still_reached, "n0", n["id"]) for n in data["nodes"]
                   if n["type"] not in ("goal", "exit")))
        expected = ("missing_branch", victim["source"])
    assert expected in codes_at(validate(data, CATALOG))


@SETTINGS
@given(journeys(), st.data())
def test_dangling_edge_second_entry_and_unreachable_node(data, pick):
    mutation = pick.draw(st.sampled_from(["dangling", "entry", "orphan"]))
    if mutation == "dangling":
        source = pick.draw(st.sampled_from([n["id"] for n in data["nodes"]]))
        data["edges"].append(edge(source, "ghost"))
        problem = next(p for p in validate(data, CATALOG) if p.code == "dangling_edge")
        assert problem.edge == {"source": source, "target": "ghost"}
    elif mutation == "entry":
        data["nodes"].insert(pick.draw(st.integers(0, len(data["nodes"]))),
                             node("zz", "entry", segments=["vip"], reenroll={"mode": "never"}, enroll_existing=True))
        assert ("multiple_entries", "zz") in codes_at(validate(data, CATALOG)) or \
            ("multiple_entries", "n0") in codes_at(validate(data, CATALOG))
    else:
        data["nodes"].append(node("orphan", "end"))
        assert ("unreachable_node", "orphan") in codes_at(validate(data, CATALOG))


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
                    max_leaves=20)
NODEISH = st.fixed_dictionaries({"id": st.sampled_from(["a", "b", "c"]) | JSON,
                                 "type": st.sampled_from(["entry", "action", "condition", "wait", "split", "end",
                                                          "goal", "exit"]) | JSON},
                                optional={"config": JSON, "label": JSON, "ui": JSON})
EDGEISH = st.fixed_dictionaries({"source": st.sampled_from(["a", "b", "c"]) | JSON,
                                 "target": st.sampled_from(["a", "b", "c"]) | JSON},
                                optional={"branch": JSON, "id": JSON})


@SETTINGS
@given(st.one_of(JSON, st.fixed_dictionaries({"format": st.just("journey/v1"),
                                              "nodes": st.lists(NODEISH | JSON, max_size=5),
                                              "edges": st.lists(EDGEISH | JSON, max_size=5)})))
def test_garbage_gives_problems_not_exceptions(data):
    problems = validate(data, CATALOG)
    json.dumps([p.to_dict() for p in problems])


LEAVES = st.sampled_from([
    {"property": "account.mrr", "op": "gt", "value": 50},
    {"property": "account.stage", "op": "in", "value": ["live", "Trial"]},
    {"property": "custom.nps", "op": "neq", "value": 5},
    {"property": "account.created_on", "op": "within_last", "value": {"days": 10}},
    {"property": "subscription.status", "op": "not_contains", "value": "act"},
    {"property": "segment", "op": "has_met", "value": "vip"},
    {"property": "custom.flag", "op": "is_false"},
    {"property": "playbook", "op": "is_overdue", "value": "p"},
])
RULE_TREES = st.recursive(LEAVES, lambda inner: st.builds(lambda k, xs: {k: xs}, st.sampled_from(["all", "any"]),
                                                          st.lists(inner, max_size=4))
                          | st.builds(lambda x: {"not": x}, inner), max_leaves=12)
SNAPSHOTS = st.fixed_dictionaries({}, optional={
    "account": st.fixed_dictionaries({}, optional={
        "mrr": st.none() | st.integers(0, 100), "stage": st.sampled_from(["live", "TRIAL", "x"]) | st.none(),
        "created_on": st.dates(date(2026, 1, 1), date(2026, 2, 1)) | st.none()}),
    "custom": st.fixed_dictionaries({}, optional={"nps": st.integers(0, 10) | st.text(max_size=1),
                                                  "flag": st.booleans() | st.none()}),
    "subscriptions": st.lists(st.fixed_dictionaries({}, optional={"status": st.sampled_from(["active", "off"])}),
                              max_size=3),
    "segments": st.frozensets(st.sampled_from(["vip", "trial"])),
    "playbooks": st.dictionaries(st.just("p"), st.fixed_dictionaries({
        "status": st.sampled_from(["active", "completed", "overdue"]),
        "due_on": st.none() | st.dates(date(2026, 1, 1), date(2026, 2, 1))})),
})


def reference(rule, snap, today):
    """Groups combined in plain Python over single-condition predicates."""
    if "all" in rule:
        return all(reference(r, snap, today) for r in rule["all"])
    if "any" in rule:
        return any(reference(r, snap, today) for r in rule["any"])
    if "not" in rule:
        return not reference(rule["not"], snap, today)
    return compile_rule(rule)(snap, today)


@SETTINGS
@given(RULE_TREES, SNAPSHOTS, st.dates(date(2026, 1, 1), date(2026, 2, 1)))
def test_compiled_rule_agrees_with_explain_and_reference(rule, snap, today):
    verdict = compile_rule(rule)(snap, today)
    assert verdict is reference(rule, snap, today)
    result = explain(rule, snap, today)
    assert result["verdict"] is verdict
    json.dumps(result)
    assert compile_rule(rule)(snap, today + timedelta(days=0)) is verdict


def _paths(value, prefix=()):
    """Every path to a value inside a JSON document."""
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, prefix + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, prefix + (index,))


@SETTINGS
@given(journeys(), st.data())
def test_any_value_replaced_by_garbage_gives_problems_not_exceptions(data, pick):
    from ge_helpers import full_graph
    base = copy.deepcopy(pick.draw(st.sampled_from([data, full_graph()])))
    for _ in range(pick.draw(st.integers(1, 3))):
        path = pick.draw(st.sampled_from(list(_paths(base))[1:]))
        target = base
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = pick.draw(JSON)
    problems = validate(base, CATALOG)
    json.dumps([p.to_dict() for p in problems])
