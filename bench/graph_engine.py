"""Benchmark of graph_engine: validation, rule evaluation, interpreter steps.

Run from the repo root: ``python bench/graph_engine.py``. Prints:
- validation time for 100 / 1,000 / 5,000-node journeys (median of runs);
- rule evaluations per second for a 5-condition rule over 100,000 snapshots,
  compiled vs a hand-written Python function of the same rule, measured in
  the same run (target: compiled >= 40% of hand-written);
- interpreter steps per second (actions and conditions, no waits).
Not part of the test suite; figures are noisy, take the median of a few runs.
"""

from __future__ import annotations

import pathlib
import random
import sys
import time
from datetime import date, datetime, timedelta, timezone

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from graph_engine import Catalog, compile_rule, parse_graph, start, validate  # noqa: E402

CATALOG = Catalog.build(segments={"trial"}, templates={"tips"}, users={"csm@example.com"},
                        milestones={"m"}, attributes={"nps": "number", "logins_30d": "number",
                                                      "risk": "text"})


def journey(size: int, waits: bool = True) -> dict:
    """A realistic journey of about ``size`` nodes: blocks of email → condition →
    (task | set attribute) → wait, chained."""
    nodes = [{"id": "start", "type": "entry", "config": {"segments": ["trial"], "reenroll": {"mode": "never"},
                                                         "enroll_existing": False}}]
    edges, prev = [], "start"
    for i in range((size - 4) // 5):
        a, c, t, s, w = (f"{k}{i}" for k in "actsw")
        nodes += [
            {"id": a, "type": "action", "config": {"action": "send_email", "template": "tips",
                                                  "to": {"contacts": "all"}}},
            {"id": c, "type": "condition", "config": {"rule": {"all": [
                {"property": "custom.nps", "op": "gte", "value": 8},
                {"property": "account.stage", "op": "in", "value": ["live", "trial"]}]}}},
            {"id": t, "type": "action", "config": {"action": "create_task", "title": "Call", "assignee": "csm",
                                                  "due_in_days": 2, "priority": "high"}},
            {"id": s, "type": "action", "config": {"action": "send_email", "subject": "Hi", "body": "b",
                                                  "to": {"csm": True}}},
            {"id": w, "type": "wait", "config": {"for": {"hours": 1}}} if waits else
            {"id": w, "type": "action", "config": {"action": "send_email", "template": "tips",
                                                  "to": {"contacts": "all"}}},
        ]
        edges += [{"source": prev, "target": a}, {"source": a, "target": c},
                  {"source": c, "target": t, "branch": "yes"}, {"source": c, "target": s, "branch": "no"},
                  {"source": t, "target": w}, {"source": s, "target": w}]
        prev = w
    nodes += [{"id": "end", "type": "end"},
              {"id": "goal", "type": "goal", "config": {"rule": {"all": [
                  {"property": "milestone", "op": "has_met", "value": "m"}]}}},
              {"id": "exit", "type": "exit", "config": {"on_goal": "complete", "on_enroll_unenroll_from": {
                  "mode": "none"}, "on_segment_exit": "nothing", "blacklist": None}}]
    edges.append({"source": prev, "target": "end"})
    return {"format": "journey/v1", "nodes": nodes, "edges": edges}


def bench_validation() -> None:
    print("validation (best of 7 runs)")
    for size in (100, 1000, 5000):
        data = journey(size)
        assert validate(data, CATALOG) == []
        runs = []
        for _ in range(7):
            began = time.perf_counter()
            validate(data, CATALOG)
            runs.append(time.perf_counter() - began)
        print(f"  {len(data['nodes']):>5} nodes, {len(data['edges']):>5} edges: "
              f"{min(runs) * 1000:8.2f} ms")


RULE = {"all": [
    {"property": "account.mrr", "op": "gt", "value": 500},
    {"property": "account.stage", "op": "eq", "value": "Live"},
    {"property": "custom.logins_30d", "op": "gte", "value": 3},
    {"property": "account.next_billing_on", "op": "within_next", "value": {"days": 90}},
    {"property": "custom.nps", "op": "lt", "value": 9},
]}


def hand_written(today: date):
    """The same rule written by hand (same unset and case semantics)."""
    horizon = today + timedelta(days=90)

    def pred(s, t):
        a, c = s["account"], s["custom"]
        mrr, stage, billing = a.get("mrr"), a.get("stage"), a.get("next_billing_on")
        logins, nps = c.get("logins_30d"), c.get("nps")
        return (mrr is not None and mrr > 500 and stage is not None and stage.lower() == "live"
                and logins is not None and logins >= 3 and billing is not None and t <= billing <= horizon
                and nps is not None and nps < 9)
    return pred


def snapshots(count: int) -> list[dict]:
    rng = random.Random(7)
    out = []
    for _ in range(count):
        out.append({
            "account": {"mrr": rng.choice([None, rng.randint(0, 2000)]), "stage": rng.choice(["live", "Live", "trial"]),
                        "next_billing_on": date(2026, 1, 1) + timedelta(days=rng.randint(0, 365))},
            "custom": {"logins_30d": rng.randint(0, 10), "nps": rng.choice([None, rng.randint(0, 10)])},
        })
    return out


def _rate(pred, snaps, today) -> tuple[float, int]:
    best, hits = 0.0, 0
    for _ in range(5):
        began = time.perf_counter()
        hits = 0
        for s in snaps:
            if pred(s, today):
                hits += 1
        best = max(best, len(snaps) / (time.perf_counter() - began))
    return best, hits


def bench_rules() -> None:
    today = date(2026, 3, 1)
    snaps = snapshots(100_000)
    compiled = compile_rule(RULE)
    hand = hand_written(today)
    hand_rate, hand_hits = _rate(hand, snaps, today)
    comp_rate, comp_hits = _rate(compiled, snaps, today)
    assert hand_hits == comp_hits, (hand_hits, comp_hits)
    print("rules: 5 conditions over 100,000 snapshots (best of 5)")
    print(f"  hand-written : {hand_rate / 1e6:6.2f} M evaluations/s")
    print(f"  compiled     : {comp_rate / 1e6:6.2f} M evaluations/s  "
          f"= {comp_rate / hand_rate:.0%} of hand-written (target >= 40%)")


def bench_interpreter() -> None:
    parsed, problems = parse_graph(journey(1000, waits=False))
    assert not problems
    now = datetime(2026, 3, 1, tzinfo=timezone.utc)
    snap = {"segments": frozenset({"trial"}), "account": {"stage": "live"}, "custom": {"nps": 9}}
    steps, began = 0, time.perf_counter()
    for i in range(20):
        decision = start(parsed, f"e{i}", snap, now, max_steps=10_000)
        steps += len(decision.steps)
        assert decision.state.status == "completed"
    elapsed = time.perf_counter() - began
    print(f"interpreter: {steps:,} steps in {elapsed:.2f} s = {steps / elapsed:,.0f} steps/s "
          "(actions and conditions with explain detail)")


if __name__ == "__main__":
    bench_validation()
    bench_rules()
    bench_interpreter()
