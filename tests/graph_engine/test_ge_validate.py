"""Validator: one row per check — a valid graph, then mutations asserting code and node id."""

from __future__ import annotations

import pytest
from ge_helpers import CATALOG, edge, email, entry, exit_node, full_graph, graph, leaf, node

from graph_engine import Catalog, validate, validate_rule


def found(problems):
    return {(p.code, p.node_id) for p in problems}


def test_examples_validate_clean(example, catalog):
    assert validate(example, catalog) == []


def test_examples_name_what_an_empty_catalog_lacks(example):
    codes = {p.code for p in validate(example, Catalog.build())}
    assert "unknown_segment" in codes


def test_full_graph_is_valid(catalog):
    assert validate(full_graph(), catalog) == []
    assert validate(full_graph(), None) == []
    assert validate(full_graph(), Catalog.permissive()) == []


def _nodes(g):
    return {n["id"]: n for n in g["nodes"]}


def _cfg(g, node_id):
    return _nodes(g)[node_id]["config"]


def add_second_entry(g):
    g["nodes"].append(entry("start2"))


def remove_entry(g):
    g["nodes"] = [n for n in g["nodes"] if n["id"] != "start"]
    g["edges"] = [e for e in g["edges"] if e["source"] != "start"]


def back_edge(g):
    g["edges"].append(edge("task", "mail"))


def self_loop(g):
    _cfg(g, "cond")  # condition → itself via the "no" branch replaced
    g["edges"] = [e for e in g["edges"] if not (e["source"] == "cond" and e.get("branch") == "no")]
    g["edges"].append(edge("cond", "cond", "no"))


def dangling(g):
    g["edges"].append(edge("set", "nowhere"))


def unreachable(g):
    g["nodes"].append(email("orphan"))


def edge_into_entry(g):
    g["edges"].append(edge("task", "start"))


def edge_to_goal(g):
    g["edges"] = [e for e in g["edges"] if e["source"] != "task"] + [edge("task", "goal")]


def edge_from_end(g):
    g["nodes"].append(email("after"))
    g["edges"].append(edge("done", "after"))


def two_out_edges(g):
    g["edges"].append(edge("mail", "done"))


def branch_on_action(g):
    for e in g["edges"]:
        if e["source"] == "mail":
            e["branch"] = "yes"


def unlabelled_condition_edge(g):
    for e in g["edges"]:
        if e["source"] == "cond" and e.get("branch") == "yes":
            del e["branch"]


def unknown_branch(g):
    for e in g["edges"]:
        if e["source"] == "cond" and e.get("branch") == "yes":
            e["branch"] = "maybe"


def duplicate_branch(g):
    g["edges"].append(edge("cond", "task", "yes"))


def missing_split_branch(g):
    g["edges"] = [e for e in g["edges"] if not (e["source"] == "ab" and e.get("branch") == "b")]
    g["edges"].append(edge("task", "until"))
    g["edges"] = [e for e in g["edges"] if not (e["source"] == "task" and e["target"] == "done")]


def missing_timeout_branch(g):
    g["edges"] = [e for e in g["edges"] if e.get("branch") != "timeout"]


def second_goal(g):
    g["nodes"].append(node("goal2", "goal", rule={"all": []}))


def second_exit(g):
    g["nodes"].append(exit_node("exit2"))


def set_cfg(node_id, **changes):
    def mutate(g):
        _cfg(g, node_id).update(changes)
    return mutate


def del_cfg(node_id, key):
    def mutate(g):
        del _cfg(g, node_id)[key]
    return mutate


CASES = [
    ("second entry", add_second_entry, "multiple_entries", "start2"),
    ("no entry", remove_entry, "no_entry", None),
    ("back edge", back_edge, "cycle", "task"),
    ("self loop", self_loop, "cycle", "cond"),
    ("dangling edge", dangling, "dangling_edge", None),
    ("unreachable", unreachable, "unreachable_node", "orphan"),
    ("edge into entry", edge_into_entry, "edge_into_entry", "start"),
    ("edge to goal", edge_to_goal, "edge_on_goal_or_exit", "goal"),
    ("edge from end", edge_from_end, "edge_from_end", "done"),
    ("two out-edges", two_out_edges, "too_many_edges", "mail"),
    ("branch on action", branch_on_action, "branch_not_allowed", "mail"),
    ("unlabelled", unlabelled_condition_edge, "branch_label_missing", "cond"),
    ("unknown branch", unknown_branch, "unknown_branch", "cond"),
    ("duplicate branch", duplicate_branch, "duplicate_branch", "cond"),
    ("missing split branch", missing_split_branch, "missing_branch", "ab"),
    ("missing timeout branch", missing_timeout_branch, "missing_branch", "until"),
    ("second goal", second_goal, "multiple_goals", "goal2"),
    ("second exit", second_exit, "multiple_exits", "exit2"),
    # config: complete and well typed
    ("no segments", set_cfg("start", segments=[]), "wrong_type", "start"),
    ("reenroll days < 1", set_cfg("start", reenroll={"mode": "after_days", "days": 0}), "bad_value", "start"),
    ("reenroll without days", set_cfg("start", reenroll={"mode": "after_days"}), "missing_key", "start"),
    ("days with never", set_cfg("start", reenroll={"mode": "never", "days": 3}), "unknown_key", "start"),
    ("enroll_existing text", set_cfg("start", enroll_existing="yes"), "wrong_type", "start"),
    ("unknown config key", set_cfg("mail", cc="x@example.com"), "unknown_key", "mail"),
    ("template and body", set_cfg("mail", subject="Hi", body="There"), "email_content", "mail"),
    ("no content", del_cfg("mail", "template"), "email_content", "mail"),
    ("bad recipients", set_cfg("mail", to={"everyone": True}), "bad_value", "mail"),
    ("bad from", set_cfg("mail", **{"from": "not an email"}), "bad_value", "mail"),
    ("priority", set_cfg("task", priority="urgent"), "bad_value", "task"),
    ("due in -1", set_cfg("task", due_in_days=-1), "bad_value", "task"),
    ("no title", del_cfg("task", "title"), "missing_key", "task"),
    ("zero wait", set_cfg("wait", **{"for": {"days": 0, "hours": 0}}), "bad_value", "wait"),
    ("two wait kinds", set_cfg("wait", until_date={"property": "account.next_billing_on"}), "wait_kind", "wait"),
    ("negative hours", set_cfg("wait", **{"for": {"hours": -1}}), "bad_value", "wait"),
    ("float days", set_cfg("wait", **{"for": {"days": 1.5}}), "wrong_type", "wait"),
    ("no timeout", set_cfg("until", until_rule={"rule": leaf("custom.nps", "gt", 5)}), "missing_key", "until"),
    ("negative weight", set_cfg("ab", weights={"a": -1, "b": 2}), "bad_value", "ab"),
    ("zero weights", set_cfg("ab", weights={"a": 0, "b": 0}), "bad_value", "ab"),
    ("weight text", set_cfg("ab", weights={"a": "1", "b": 2}), "wrong_type", "ab"),
    ("on_goal", set_cfg("exit", on_goal="later"), "bad_value", "exit"),
    ("specific w/o journeys", set_cfg("exit", on_enroll_unenroll_from={"mode": "specific"}), "missing_key", "exit"),
    ("blacklist text", set_cfg("exit", blacklist="churned"), "wrong_type", "exit"),
    # references
    ("unknown segment", set_cfg("start", segments=["ghosts"]), "unknown_segment", "start"),
    ("unknown template", set_cfg("mail", template="nope"), "unknown_template", "mail"),
    ("unknown role", set_cfg("mail", to={"contacts": {"role": "ceo"}}), "unknown_contact_role", "mail"),
    ("unknown sender", set_cfg("mail", **{"from": "ghost@example.com"}), "unknown_user", "mail"),
    ("unknown assignee", set_cfg("task", assignee="ghost@example.com"), "unknown_user", "task"),
    ("support assignee", set_cfg("task", assignee="Sue@example.com"), "support_user", "task"),
    ("unknown journey", set_cfg("exit", on_enroll_unenroll_from={"mode": "specific", "journeys": ["x"]}),
     "unknown_journey", "exit"),
    ("unknown attribute", set_cfg("set", attribute="custom.ghost"), "unknown_attribute", "set"),
    ("not writable", set_cfg("set", attribute="account.external_id", value="x"), "attribute_not_writable", "set"),
    ("value type", set_cfg("set", attribute="custom.nps", value="high"), "value_type_mismatch", "set"),
    ("bad date value", set_cfg("set", attribute="custom.qbr_on", value="2026-02-30"), "value_type_mismatch", "set"),
    ("not a prefix", set_cfg("set", attribute="renewal_risk"), "unknown_attribute", "set"),
    # rules inside configs
    ("rule property", set_cfg("cond", rule=leaf("account.colour", "eq", "red")), "unknown_property", "cond"),
    ("rule op", set_cfg("cond", rule=leaf("custom.nps", "contains", "9")), "unknown_operator", "cond"),
    ("rule value", set_cfg("cond", rule=leaf("custom.nps", "gt", "9")), "bad_rule_value", "cond"),
    ("rule attribute", set_cfg("cond", rule=leaf("custom.ghost", "gt", 9)), "unknown_attribute", "cond"),
    ("rule shape", set_cfg("cond", rule={"all": {}}), "bad_rule", "cond"),
    ("goal rule", lambda g: _cfg(g, "goal").update(rule=leaf("outcome", "has_met", "x")),
     "unknown_outcome", "goal"),
    ("blacklist rule", set_cfg("exit", blacklist=leaf("segment", "has_met", "x")), "unknown_segment", "exit"),
    ("until rule", set_cfg("until", until_rule={"rule": leaf("playbook", "active_in", "x"),
                                                "timeout": {"days": 1}}), "unknown_playbook", "until"),
    # rules without conditions (SPEC §12): never "always true"
    ("empty goal", set_cfg("goal", rule={"all": []}), "empty_rule", "goal"),
    ("empty condition", set_cfg("cond", rule={"any": []}), "empty_rule", "cond"),
    ("empty not", set_cfg("cond", rule={"not": {"all": []}}), "empty_rule", "cond"),
    ("only empty groups", set_cfg("cond", rule={"all": [{"any": []}, {"not": {"all": []}}]}),
     "empty_rule", "cond"),
    ("empty inner group", set_cfg("cond", rule={"all": [leaf("custom.nps", "gt", 5), {"any": []}]}),
     "empty_rule", "cond"),
    ("empty until rule", set_cfg("until", until_rule={"rule": {"all": []}, "timeout": {"days": 1}}),
     "empty_rule", "until"),
    ("empty blacklist", set_cfg("exit", blacklist={"any": []}), "empty_rule", "exit"),
]


@pytest.mark.parametrize("mutate, code, node_id", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_check(mutate, code, node_id):
    data = full_graph()
    mutate(data)
    problems = validate(data, CATALOG)
    assert (code, node_id) in found(problems), [p.to_dict() for p in problems]


def test_support_staff_are_named_where_someone_must_act():
    """A support user is read-only: a task given to them is never done, and they own no account
    (the walk skips them in a pool and fails a named pick). Anyone else is fine, and a permissive
    catalog looks nothing up."""
    def assign(**cfg):
        return graph([entry(), node("pick", "action", action="assign_csm", **cfg)], [edge("start", "pick")])

    for data in (assign(strategy="named", user="sue@example.com"),
                 assign(strategy="round_robin", pool=["asha@example.com", "sue@example.com"])):
        problems = validate(data, CATALOG)
        assert [(p.code, p.node_id) for p in problems] == [("support_user", "pick")]
        assert problems[0].message.startswith("sue@example.com is support staff (read-only)")
        assert validate(data, None) == []
    assert validate(assign(strategy="least_accounts", pool=["asha@example.com", "bruno@example.com"]), CATALOG) == []
    data = full_graph()
    set_cfg("task", assignee="sue@example.com")(data)
    [problem] = validate(data, CATALOG)
    assert problem.message == ("sue@example.com is support staff (read-only): they cannot complete tasks: "
                               "assign the task to someone else")


def test_edge_problems_carry_the_edge():
    data = full_graph()
    dangling(data)
    problem = next(p for p in validate(data, CATALOG) if p.code == "dangling_edge")
    assert problem.to_dict()["edge"] == {"source": "set", "target": "nowhere"}


def test_cycle_reported_once_with_path():
    data = full_graph()
    back_edge(data)
    cycles = [p for p in validate(data, CATALOG) if p.code == "cycle"]
    assert len(cycles) == 1
    assert "mail" in cycles[0].message and cycles[0].edge == {"source": "task", "target": "mail"}


def test_returns_all_problems_at_once():
    data = full_graph()
    for mutate in (add_second_entry, dangling, unreachable, set_cfg("mail", template="nope")):
        mutate(data)
    codes = {p.code for p in validate(data, CATALOG)}
    assert {"multiple_entries", "dangling_edge", "unreachable_node", "unknown_template"} <= codes


def test_condition_may_miss_a_branch():
    data = graph([entry(), node("c", "condition", rule=leaf("custom.nps", "gt", 5)), email("m")],
                 [edge("start", "c"), edge("c", "m", "yes")])
    assert validate(data, CATALOG) == []


@pytest.mark.parametrize("catalog_", [CATALOG, None], ids=["catalog", "permissive"])
def test_empty_rule_is_one_problem_on_the_node(catalog_):
    data = full_graph()
    set_cfg("goal", rule={"all": []})(data)
    problems = validate(data, catalog_)
    assert [p.to_dict() for p in problems] == [{
        "code": "empty_rule", "message": "config.rule: the rule has no conditions", "node_id": "goal",
        "edge": None}]


def test_empty_inner_group_names_its_path():
    data = full_graph()
    set_cfg("exit", blacklist={"any": [leaf("custom.nps", "lt", 3), {"all": []}]})(data)
    [problem] = validate(data, CATALOG)
    assert (problem.code, problem.node_id) == ("empty_rule", "exit")
    assert problem.message == "config.blacklist.any[1]: this group has no conditions"


def test_null_blacklist_is_no_rule_not_an_empty_one():
    data = full_graph()
    assert _cfg(data, "exit")["blacklist"] is None
    assert validate(data, CATALOG) == []


def test_a_rule_already_malformed_is_not_also_empty():
    data = full_graph()
    set_cfg("cond", rule={"all": {}})(data)
    assert [p.code for p in validate(data, CATALOG)] == ["bad_rule"]


def test_validate_rule_allows_empty_rules_unless_asked():
    assert validate_rule({"all": []}, CATALOG) == []
    assert [p.code for p in validate_rule({"all": []}, CATALOG, require_conditions=True)] == ["empty_rule"]
    assert validate_rule(leaf("custom.nps", "gt", 1), CATALOG, require_conditions=True) == []


def test_self_key_cannot_be_named():
    data = full_graph()
    set_cfg("exit", on_enroll_unenroll_from={"mode": "specific", "journeys": ["onboarding-drip"]})(data)
    assert validate(data, CATALOG) == []
    assert ("self_reference", "exit") in found(validate(data, CATALOG, self_key="onboarding-drip"))


def test_permissive_catalog_checks_no_names_but_still_types():
    data = full_graph()
    set_cfg("mail", template="anything")(data)
    set_cfg("set", attribute="custom.whatever", value=3)(data)
    assert validate(data, None) == []
    set_cfg("set", attribute="account.mrr", value="lots")(data)
    assert ("value_type_mismatch", "set") in found(validate(data, None))


def test_users_compare_case_insensitively():
    data = full_graph()
    set_cfg("task", assignee="Asha@Example.com")(data)
    assert validate(data, CATALOG) == []


def test_one_mistake_reported_once():
    data = full_graph()
    set_cfg("mail", template=5)(data)
    assert [p.code for p in validate(data, CATALOG)] == ["wrong_type"]


@pytest.mark.parametrize("garbage", [
    None, 1, "x", [], {}, {"nodes": None, "edges": None}, {"nodes": [None, 1, "a", []], "edges": [None]},
    {"format": "journey/v1", "nodes": [{"id": "a", "type": "entry", "config": {"segments": [1, None],
     "reenroll": 7, "enroll_existing": None}}], "edges": [{"source": [], "target": {}}]},
    {"format": "journey/v1", "nodes": [{"id": "w", "type": "wait", "config": {"until_rule": {"rule": [],
     "timeout": 3}, "until_date": {"offset": "x"}}}], "edges": []},
    {"format": "journey/v1", "nodes": [{"id": "x", "type": "exit", "config": {"on_enroll_unenroll_from": [],
     "blacklist": {"not": {"not": {"all": [None, {"any": 1}]}}}}}], "edges": []},
    {"format": "journey/v1", "nodes": [{"id": {"a": 1}, "type": ["entry"]}], "edges": []},
])
def test_garbage_never_raises(garbage):
    problems = validate(garbage, CATALOG)
    assert problems and all(p.code for p in problems)


def test_deeply_nested_json_is_a_problem():
    deep = {"all": []}
    for _ in range(5000):
        deep = {"not": deep}
    data = graph([entry(), node("c", "condition", rule=deep)], [edge("start", "c")])
    codes = {p.code for p in validate(data, CATALOG)}
    assert codes & {"rule_too_deep", "too_deep"}


def chain(n: int) -> dict:
    nodes = [entry()] + [email(f"n{i}") for i in range(n - 1)]
    ids = [x["id"] for x in nodes]
    return graph(nodes, [edge(a, b) for a, b in zip(ids, ids[1:])])


def test_a_thousand_node_chain_is_valid():
    """How fast is bench/graph_engine.py's to measure; here, only that the answer is right."""
    assert validate(chain(1000), CATALOG) == []


def test_ten_thousand_nodes_with_a_cycle():
    data = chain(10_000)
    data["edges"].append(edge("n9998", "n10"))
    assert [p.code for p in validate(data, CATALOG)] == ["cycle"]
