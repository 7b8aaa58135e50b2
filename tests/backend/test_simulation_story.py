"""What Simulate tells about a step after a CSM is picked from a pool
(backend/services/simulation_story.py): the pick the real walk will make."""
from __future__ import annotations

import pytest

POOL = ["asha@example.com", "bruno@example.com", "chen@example.com"]


def pool_then_task(strategy: str) -> dict:
    return {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "config": {"segments": ["new-accounts"], "reenroll": {"mode": "never"},
                                                    "enroll_existing": False}},
        {"id": "pick", "type": "action", "config": {"action": "assign_csm", "strategy": strategy, "pool": POOL}},
        {"id": "call", "type": "action", "config": {"action": "create_task", "title": "Call {{ account.name }}",
                                                    "assignee": "csm", "due_in_days": 1, "priority": "low"}},
        {"id": "done", "type": "end"}],
        "edges": [{"source": "start", "target": "pick"}, {"source": "pick", "target": "call"},
                  {"source": "call", "target": "done"}]}


def simulated(ws, journey_id: int, external_id: str) -> dict:
    result = ws.call("POST", f"/api/journeys/{journey_id}/simulate", {"account": external_id, "days": 1})
    return {s["node_id"]: s["detail"]["result"] for s in result["steps"] if s["type"] == "action"}


@pytest.mark.parametrize("strategy", ["round_robin", "least_accounts"])
def test_a_task_for_the_accounts_csm_after_a_pool_pick_is_the_picks(ws, strategy):
    """Simulate said "unassigned: no csm on the account" while the real walk gave the task to
    the CSM it had just picked; now it names the same person, and takes no turn of the pool."""
    journey_id = ws.journey("pick", pool_then_task(strategy))
    ws.account("first")
    ws.work()  # one account assigned: the rotation and the counts have moved on
    ws.account("second", stage="trial")  # not in the segment yet
    before = simulated(ws, journey_id, "second")
    again = simulated(ws, journey_id, "second")
    assert before == again, "simulating takes no turn of the pool"
    picked = before["pick"]["csm"]
    assert picked in POOL and picked != ws.timeline("first")[0]["steps"][1]["detail"]["result"]["csm"]
    assert before["call"]["assignee"] == picked and "note" not in before["call"]
    ws.patch("second", stage="new")
    ws.work()
    steps = {s["node_id"]: s for s in ws.timeline("second")[0]["steps"]}
    assert steps["pick"]["detail"]["result"]["csm"] == picked
    assert steps["call"]["detail"]["result"]["assignee"] == picked


def test_a_pool_with_no_one_who_can_own_accounts_is_said_so(ws):
    """Support staff own no accounts: validation says so on the step (before, Simulate showed
    the pick as "a CSM from the pool" and the task unassigned), and the journey cannot publish."""
    ws.call("POST", "/api/users", {"email": "sue@example.com", "name": "Sue", "role": "support"})
    graph = pool_then_task("round_robin")
    graph["nodes"][1]["config"]["pool"] = ["sue@example.com"]  # support staff own no accounts
    result = ws.call("POST", "/api/journeys/validate", graph)
    assert [(p["code"], p["node_id"]) for p in result["problems"]] == [("support_user", "pick")]
    assert "sue@example.com is support staff" in result["problems"][0]["message"]
    created = ws.call("POST", "/api/journeys", {"key": "pick", "name": "Pick", "graph": graph})
    ws.call("POST", f"/api/journeys/{created['id']}/publish", expect=422)
