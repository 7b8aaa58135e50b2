"""Graph builders and the test catalog shared by the graph_engine tests."""

from __future__ import annotations

import copy
import json
import pathlib

from graph_engine import Catalog

# Copies of ../shared/examples (the SPEC's example graphs), kept with the tests.
EXAMPLES_DIR = pathlib.Path(__file__).parent / "examples"

CATALOG = Catalog.build(
    segments={"new-accounts", "new-low-touch", "renewal-90d", "trial", "vip"},
    templates={"onboarding-1", "onboarding-2", "value-recap", "tips"},
    playbooks={"renewal-rescue", "onboarding"},
    users={"asha@example.com", "bruno@example.com", "chen@example.com", "boss@example.com", "sue@example.com"},
    support_users={"sue@example.com"},  # read-only: owns no task, no account
    milestones={"first-report"},
    outcomes={"renewed"},
    journeys={"onboarding-drip", "trial-nurture", "renewal-90-days"},
    attributes={"logins_30d": "number", "nps": "number", "renewal_risk": "text",
                "touches": "number", "qbr_on": "date", "champion": "boolean"},
    contact_roles={"admin", "billing"},
)


def load_example(name: str) -> dict:
    return json.loads((EXAMPLES_DIR / name).read_text())


EXAMPLE_NAMES = sorted(p.name for p in EXAMPLES_DIR.glob("*.json"))


def node(node_id, ntype, **config):
    """A node dict; ``config`` omitted for end nodes without arguments."""
    out = {"id": node_id, "type": ntype}
    if config or ntype != "end":
        out["config"] = config
    return out


def entry(node_id="start", segments=("trial",)):
    return node(node_id, "entry", segments=list(segments), reenroll={"mode": "never"},
                enroll_existing=False)


def email(node_id, template="tips"):
    return node(node_id, "action", action="send_email", template=template, to={"contacts": "all"})


def exit_node(node_id="exit", on_goal="complete", unenroll=None, segment_exit="nothing", blacklist=None):
    return node(node_id, "exit", on_goal=on_goal,
                on_enroll_unenroll_from=unenroll or {"mode": "none"},
                on_segment_exit=segment_exit, blacklist=blacklist)


def edge(source, target, branch=None):
    out = {"source": source, "target": target}
    if branch is not None:
        out["branch"] = branch
    return out


def graph(nodes, edges):
    return {"format": "journey/v1", "nodes": list(nodes), "edges": list(edges)}


def leaf(prop, op, value=None):
    out = {"property": prop, "op": op}
    if value is not None:
        out["value"] = value
    return out


def full_graph() -> dict:
    """A valid graph using every node type (the validator table mutates it)."""
    return copy.deepcopy(graph(
        [entry(), email("mail"),
         node("wait", "wait", **{"for": {"days": 1}}),
         node("cond", "condition", rule={"all": [leaf("custom.nps", "gte", 8)]}),
         node("ab", "split", weights={"a": 1, "b": 1}),
         node("task", "action", action="create_task", title="Call", assignee="csm", due_in_days=2,
              priority="high"),
         node("until", "wait", until_rule={"rule": leaf("milestone", "has_met", "first-report"),
                                           "timeout": {"days": 7}}),
         node("set", "action", action="set_attribute", attribute="custom.renewal_risk", value="low"),
         node("done", "end"),
         node("goal", "goal", rule={"all": [leaf("outcome", "has_met", "renewed")]}),
         exit_node()],
        [edge("start", "mail"), edge("mail", "wait"), edge("wait", "cond"),
         edge("cond", "ab", "yes"), edge("cond", "done", "no"),
         edge("ab", "task", "a"), edge("ab", "until", "b"), edge("task", "done"),
         edge("until", "set", "met"), edge("until", "done", "timeout"), edge("set", "done")]))
