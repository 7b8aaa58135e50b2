"""The demo workspace's journeys (journey/v1), from the seeds' use-case table.

Three are the shared examples (the repository's copies in
``frontend/src/graph/fixtures/``, which the front end's converter tests use
too); three more are written here. ``demo_journeys()`` returns them with
labels and canvas positions (``ui``) laid out top to bottom by ``lay_out``.
"""
from __future__ import annotations

import copy
import json

from .config import REPO_ROOT

EXAMPLES = REPO_ROOT / "frontend" / "src" / "graph" / "fixtures"
ENABLED_KEY = "onboarding-drip"  # the one demo journey that is live

# Canvas geometry: the node card is 220 px wide (frontend/src/styles.css .jnode).
NODE_WIDTH, COLUMN, ROW, DETACHED_GAP = 220, 270, 160, 110


def _node(node_id: str, kind: str, config: dict | None = None) -> dict:
    return {"id": node_id, "type": kind, **({"config": config} if config is not None else {})}


def _edge(source: str, target: str, branch: str | None = None) -> dict:
    return {"source": source, "target": target, **({"branch": branch} if branch else {})}


def _entry(segment: str, reenroll: dict, enroll_existing: bool = False) -> dict:
    return _node("start", "entry", {"segments": [segment], "reenroll": reenroll,
                                    "enroll_existing": enroll_existing})


def _exit(on_goal="complete", on_segment_exit="unenroll", blacklist=None) -> dict:
    return _node("exit", "exit", {"on_goal": on_goal, "on_enroll_unenroll_from": {"mode": "none"},
                                  "on_segment_exit": on_segment_exit, "blacklist": blacklist})


CHURNED = {"any": [{"property": "account.status", "op": "eq", "value": "churned"}]}


def unpaid_invoices() -> dict:
    return {"format": "journey/v1", "nodes": [
        _entry("unpaid-invoices", {"mode": "every_time"}),
        _node("remind", "action", {"action": "send_email", "template": "invoice-reminder",
                                   "to": {"contacts": {"role": "admin"}}, "from": "csm"}),
        _node("wait5", "wait", {"for": {"days": 5, "hours": 0, "minutes": 0}}),
        _node("still", "condition", {"rule": {"all": [
            {"property": "segment", "op": "has_met", "value": "unpaid-invoices"}]}}),
        _node("escalate", "action", {"action": "create_task",
                                     "title": "Invoice still unpaid: {{ account.name }}",
                                     "description": "The reminder went out 5 days ago.",
                                     "assignee": "sales_manager", "due_in_days": 2,
                                     "priority": "high"}),
        _node("paid", "end"),
        _node("goal", "goal", {"rule": {"all": [
            {"property": "segment", "op": "has_not_met", "value": "unpaid-invoices"}]}}),
        _exit(),
    ], "edges": [_edge("start", "remind"), _edge("remind", "wait5"), _edge("wait5", "still"),
                 _edge("still", "escalate", "yes"), _edge("still", "paid", "no")]}


def qbr_reminder() -> dict:
    return {"format": "journey/v1", "nodes": [
        _entry("qbr-in-7-days", {"mode": "after_days", "days": 30}),
        _node("invite", "action", {"action": "send_email", "template": "qbr-reminder",
                                   "to": {"contacts": "all"}, "from": "csm"}),
        _node("prep", "action", {"action": "create_task",
                                 "title": "Prepare the QBR deck for {{ account.name }}",
                                 "assignee": "csm", "due_in_days": 5, "priority": "medium"}),
        _node("eve", "wait", {"until_date": {"property": "custom.qbr_on", "offset": {"days": -1}}}),
        _node("count", "action", {"action": "increase_attribute", "attribute": "custom.touches",
                                  "by": 1}),
        _node("fin", "end"),
        _exit(on_segment_exit="nothing", blacklist=CHURNED),
    ], "edges": [_edge("start", "invite"), _edge("invite", "prep"), _edge("prep", "eve"),
                 _edge("eve", "count"), _edge("count", "fin")]}


def high_adoption_review() -> dict:
    return {"format": "journey/v1", "nodes": [
        _entry("high-adoption", {"mode": "never"}),
        _node("promoter", "condition", {"rule": {"all": [
            {"property": "custom.nps", "op": "gte", "value": 9}]}}),
        _node("ask", "action", {"action": "send_email", "template": "review-request",
                                "to": {"contacts": {"role": "admin"}}, "from": "csm"}),
        _node("feedback", "action", {"action": "create_task",
                                     "title": "Ask {{ account.name }} what would make them a 10",
                                     "assignee": "csm", "due_in_days": 7, "priority": "low"}),
        _node("fin", "end"),
        _exit(on_segment_exit="nothing", blacklist=CHURNED),
    ], "edges": [_edge("start", "promoter"), _edge("promoter", "ask", "yes"),
                 _edge("promoter", "feedback", "no"), _edge("ask", "fin"),
                 _edge("feedback", "fin")]}


def trial_first_export() -> dict:
    """Entry by event and a wait for another (SPEC §7)."""
    return {"format": "journey/v1", "nodes": [
        _node("start", "entry", {"events": [{"name": "trial_started"}], "reenroll": {"mode": "never"},
                                 "enroll_existing": False}),
        _node("export", "wait", {"until_event": {"name": "report.exported", "timeout": {"days": 7}}}),
        _node("cheer", "action", {"action": "send_email", "template": "onboarding-2",
                                  "to": {"contacts": "all"}, "from": "csm"}),
        _node("help", "action", {"action": "create_task",
                                 "title": "Help {{ account.name }} export a first report",
                                 "assignee": "csm", "due_in_days": 2, "priority": "medium"}),
        _node("fin", "end"),
        _node("goal", "goal", {"rule": {"all": [
            {"property": "event.report.exported.count", "within": {"days": 30}, "op": "gte", "value": 3}]}}),
        _exit(on_goal="complete", on_segment_exit="nothing", blacklist=CHURNED),
    ], "edges": [_edge("start", "export"), _edge("export", "cheer", "met"),
                 _edge("export", "help", "timeout"), _edge("cheer", "fin"), _edge("help", "fin")]}


def _example(name: str) -> dict:
    return json.loads((EXAMPLES / f"{name}.json").read_text())


LOW_HEALTH = {"all": [{"property": "custom.health_score", "op": "lt", "value": 40}]}


def renewal_90_days() -> dict:
    """The shared example, with "Unhealthy?" read from the demo's health score (the
    example guesses health from NPS and logins, which the demo accounts also carry)."""
    graph = _example("renewal-90-days")
    for node in graph["nodes"]:
        if node["id"] == "health":
            node["config"]["rule"] = copy.deepcopy(LOW_HEALTH)
    return graph


LABELS = {
    "start": "Entry", "goal": "Goal", "exit": "Exit rules", "assign": "Assign a CSM in turn",
    "intro": "Introduce the CSM", "ab": "Call or email?", "kick": "Kick-off call task",
    "count": "Count the touch", "fin": "Done", "welcome": "Welcome email", "wait3": "Wait 3 days",
    "used": "Logged in 5+ times?", "tips": "Tips email", "call": "Offer a call", "done": "Done",
    "value": "Value recap email", "hit": "Renewal check-in task", "health": "Health under 40?",
    "pb": "Renewal rescue playbook", "tag": "Mark low risk", "before": "Until 7 days before renewal",
    "remind": "Reminder", "wait5": "Wait 5 days", "still": "Still unpaid?",
    "escalate": "Escalate to sales", "paid": "Paid", "invite": "QBR reminder email",
    "prep": "Prepare the deck", "eve": "Until the day before", "promoter": "Promoter (NPS 9+)?",
    "ask": "Ask for a G2 review", "feedback": "Ask for feedback",
    "export": "Until the first report export", "cheer": "Well done email", "help": "Offer help task",
}


def demo_journeys() -> list[dict]:
    """``[{"key", "name", "description", "graph"}]``, every graph labelled and laid out."""
    specs = [
        ("new-account-round-robin", "New accounts: assign a CSM",
         "New accounts get a CSM in turn, an introduction email, and a kick-off call or an "
         "email-only path.", _example("new-account-round-robin")),
        (ENABLED_KEY, "Low-touch onboarding drip",
         "Self-onboarding for small new accounts: welcome email, then tips or a call offer "
         "depending on usage. Goal: the first report.", _example("onboarding-drip")),
        ("unpaid-invoices", "Unpaid invoice reminder",
         "Remind the account's admin about an open invoice; escalate to sales after 5 days.",
         unpaid_invoices()),
        ("qbr-reminder", "QBR in 7 days",
         "Invite the contacts and prepare the deck a week before the quarterly review.",
         qbr_reminder()),
        ("renewal-90-days", "Renewal in 90 days",
         "Value recap, check-in, a rescue playbook for accounts with a health score under 40 and "
         "a reminder 7 days before billing.", renewal_90_days()),
        ("high-adoption-review", "High adoption: ask for a review",
         "Promoters are asked for a G2 review; the others for feedback.", high_adoption_review()),
        ("trial-first-export", "Trial: first report export",
         "Enters when a trial starts (a product event); waits up to 7 days for the first report "
         "export, then says well done, or asks the CSM to help.", trial_first_export()),
    ]
    out = []
    for key, name, description, graph in specs:
        graph = copy.deepcopy(graph)
        for node in graph["nodes"]:
            node.setdefault("label", LABELS.get(node["id"], node["id"]))
        lay_out(graph)
        out.append({"key": key, "name": name, "description": description, "graph": graph})
    return out


def lay_out(graph: dict) -> dict:
    """Give every node ``ui.x``/``ui.y``: rows by longest path from the entry, each row
    centred, children ordered by their parents' places (yes before no, splits in weight
    order); goal and exit in a column to the right. Changes and returns ``graph``."""
    nodes = {n["id"]: n for n in graph["nodes"]}
    flow = [n["id"] for n in graph["nodes"] if n["type"] not in ("goal", "exit")]
    out_edges: dict[str, list[dict]] = {i: [] for i in flow}
    parents: dict[str, list[str]] = {i: [] for i in flow}
    for edge in graph["edges"]:
        if edge["source"] in out_edges and edge["target"] in parents:
            out_edges[edge["source"]].append(edge)
            parents[edge["target"]].append(edge["source"])
    rank = {i: 0 for i in flow}
    for _ in flow:  # longest path; the graph is a DAG, so |flow| passes suffice
        for source, edges in out_edges.items():
            for edge in edges:
                rank[edge["target"]] = max(rank[edge["target"]], rank[source] + 1)
    order: dict[str, float] = {}
    rows: dict[int, list[str]] = {}
    for node_id in sorted(flow, key=lambda i: rank[i]):
        rows.setdefault(rank[node_id], []).append(node_id)
    for r in sorted(rows):
        def weight(node_id: str) -> float:
            places = [order[p] + _branch_offset(nodes[p], node_id, out_edges[p])
                      for p in parents[node_id] if p in order]
            return sum(places) / len(places) if places else 0.0
        row = sorted(rows[r], key=weight)
        for index, node_id in enumerate(row):
            x = (index - (len(row) - 1) / 2) * COLUMN
            order[node_id] = x
            nodes[node_id]["ui"] = {**nodes[node_id].get("ui", {}), "x": round(x), "y": r * ROW}
    right = max((order[i] for i in flow), default=0) + NODE_WIDTH + DETACHED_GAP
    y = 0
    for node in graph["nodes"]:
        if node["type"] in ("goal", "exit"):
            node["ui"] = {**node.get("ui", {}), "x": round(right), "y": y}
            y += ROW
    return graph


def _branch_offset(parent: dict, child: str, edges: list[dict]) -> float:
    """Where ``child`` hangs under ``parent``: -1 … +1 in the order of the parent's outputs."""
    if len(edges) < 2:
        return 0.0
    if parent["type"] == "split":
        keys = list(parent.get("config", {}).get("weights", {}))
    else:
        keys = ["yes", "met", "no", "timeout"]
    ranked = sorted(edges, key=lambda e: keys.index(e.get("branch")) if e.get("branch") in keys else 99)
    index = next(i for i, e in enumerate(ranked) if e["target"] == child)
    return (index - (len(ranked) - 1) / 2) / len(ranked)
