"""The journey shapes bench/engine.py walks: what customer-success teams actually draw.

Every shape tracks the segment ``bench`` (accounts with stage "bench", two contacts each,
a CSM and a sales manager) and enrolls the existing members. ``seed_graphs()`` gives the
demo's onboarding drip and renewal journeys as they are (their own segments, the demo's
accounts).
"""
from __future__ import annotations

import copy

CSMS = ["asha@example.com", "bruno@example.com", "chen@example.com"]


def _line(actions: list[dict], *, tail: list[dict] = ()) -> dict:
    """entry → the nodes in a row → end (each item a full node without id, or an action config)."""
    nodes = [{"id": "start", "type": "entry", "config": {"segments": ["bench"], "reenroll": {"mode": "never"},
                                                          "enroll_existing": True}}]
    for i, item in enumerate([*actions, *tail]):
        node = dict(item) if "type" in item else {"type": "action", "config": item}
        nodes.append({"id": f"n{i}", **node})
    nodes.append({"id": "done", "type": "end"})
    edges = []
    for a, b in zip(nodes, nodes[1:]):
        edge = {"source": a["id"], "target": b["id"]}
        if a["type"] == "condition":
            edge["branch"] = "yes"
        elif a["type"] == "wait" and "until_rule" in a["config"]:
            edges += [{**edge, "branch": "met"}, {**edge, "branch": "timeout"}]
            continue
        elif a["type"] == "split":
            edges += [{"source": a["id"], "target": b["id"], "branch": key} for key in a["config"]["weights"]]
            continue
        edges.append(edge)
    return {"format": "journey/v1", "nodes": nodes, "edges": edges}


def _condition(rule: dict) -> dict:
    return {"type": "condition", "config": {"rule": rule}}


EMAIL = {"action": "send_email", "subject": "Hello {{ account.name }}",
         "body": "Hi {{ contact.name }},\n\n{{ csm.name }} here about {{ account.name }}.", "to": {"contacts": "all"}}
TEMPLATE_EMAIL = {"action": "send_email", "template": "onboarding-1", "to": {"contacts": "all"}}
TASK = {"action": "create_task", "title": "Call {{ account.name }}", "assignee": "csm", "due_in_days": 3,
        "priority": "low"}
INCREASE = {"action": "increase_attribute", "attribute": "custom.touches", "by": 1}
SET_TEXT = {"action": "set_attribute", "attribute": "custom.tier", "value": "gold"}
SET_DATE = {"action": "set_attribute", "attribute": "custom.renewal_on", "value": {"days_from_now": 90}}
INCREASE_LICENSES = {"action": "increase_attribute", "attribute": "account.licenses", "by": 2}
COPY = {"action": "copy_attribute", "from": "account.mrr", "to": "custom.score"}

_CONDITIONS = [
    _condition({"all": [{"property": "account.mrr", "op": "gte", "value": 0}]}),
    {"type": "split", "config": {"weights": {"a": 50, "b": 50}}},
    _condition({"any": [{"property": "account.stage", "op": "eq", "value": "bench"},
                        {"property": "custom.score", "op": "gt", "value": 5}]}),
    _condition({"all": [{"property": "account.licenses", "op": "lt", "value": 10 ** 9}]}),
    TASK,
    _condition({"all": [{"property": "account.status", "op": "neq", "value": "churned"}]}),
    _condition({"all": [{"property": "custom.score", "op": "is_set"}]}),
    _condition({"all": [{"property": "account.name", "op": "contains", "value": "co"}]}),
]

# SPEC §8: the email shape walks with the send window and frequency cap checks on — a window
# open all week in each account's time zone, and a cap the bench sets so high it never binds
# (WORKSPACE_CAP), so every email is checked against the outbox count and none waits.
ALWAYS_OPEN = {"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "start": "00:00", "end": "24:00",
               "timezone": "account"}
WORKSPACE_CAP = {"emails": 1000, "per_days": 7}

SHAPES = {
    "conditions": _line(_CONDITIONS),
    "email": {**_line([EMAIL, TEMPLATE_EMAIL] * 4), "settings": {"send_window": ALWAYS_OPEN}},
    "mixed": _line([EMAIL, TASK, INCREASE, SET_TEXT, TEMPLATE_EMAIL, TASK, SET_DATE, INCREASE_LICENSES]),
    "attributes": _line([INCREASE, SET_TEXT, SET_DATE, INCREASE_LICENSES, COPY, INCREASE, SET_TEXT,
                         INCREASE_LICENSES]),
    "waits": _line([
        {"type": "wait", "config": {"until_date": {"property": "account.created_on", "offset": {"days": 0}}}},
        _condition({"all": [{"property": "custom.score", "op": "gte", "value": 0}]}),
        {"type": "wait", "config": {"until_rule": {"rule": {"all": [
            {"property": "account.mrr", "op": "gte", "value": 0}]}, "timeout": {"days": 3}}}},
        TASK,
        {"type": "wait", "config": {"for": {"minutes": 1}}},
        INCREASE,
        {"type": "wait", "config": {"until_rule": {"rule": {"all": [
            {"property": "custom.touches", "op": "gte", "value": 1}]}, "timeout": {"days": 1}}}},
        TASK]),
    "split_csm": _line([
        {"type": "split", "config": {"weights": {"a": 50, "b": 50}}},
        {"action": "assign_csm", "strategy": "round_robin", "pool": CSMS},
        {"action": "assign_playbook", "playbook": "onboarding-call"},
        TASK,
        {"action": "assign_csm", "strategy": "least_accounts", "pool": CSMS},
        _condition({"all": [{"property": "account.licenses", "op": "gte", "value": 0}]}),
        {"action": "assign_playbook", "playbook": "renewal-rescue"},
        EMAIL]),
}


def seed_graphs() -> list[tuple[str, dict]]:
    """The demo's onboarding drip and renewal journeys, enrolling their segments' members
    (named ``seed:<demo key>``: the renewal journey names the drip by its key)."""
    from backend.demo_journeys import demo_journeys

    out = []
    for spec in demo_journeys():
        if spec["key"] in ("onboarding-drip", "renewal-90-days"):
            graph = copy.deepcopy(spec["graph"])
            for node in graph["nodes"]:
                if node["type"] == "entry":
                    node["config"]["enroll_existing"] = True
            out.append((f"seed:{spec['key']}", graph))
    return out
