"""A journey with every kind of step a report counts: a split, an email, waits, a condition,
a goal and exit rules (used by the reporting tests)."""
from __future__ import annotations


def ab_journey(segment: str = "new-accounts", reenroll: str = "never") -> dict:
    """Entry → split a/b; a: email, wait 2 days, condition → (yes) increase / (no) end;
    b: wait 1 day → end. Goal: milestone first-report; unenrolled when the account leaves
    the segment or churns."""
    return {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "config": {"segments": [segment],
                                                     "reenroll": {"mode": reenroll},
                                                     "enroll_existing": False}},
        {"id": "ab", "type": "split", "config": {"weights": {"a": 1, "b": 1}}},
        {"id": "welcome", "type": "action", "config": {"action": "send_email", "template": "welcome",
                                                       "to": {"contacts": "all"}}},
        {"id": "wait2", "type": "wait", "config": {"for": {"days": 2}}},
        {"id": "used", "type": "condition", "config": {"rule": {"all": [
            {"property": "custom.logins_30d", "op": "gte", "value": 5}]}}},
        {"id": "count", "type": "action", "config": {"action": "increase_attribute",
                                                     "attribute": "custom.touches", "by": 1}},
        {"id": "wait1", "type": "wait", "config": {"for": {"days": 1}}},
        {"id": "done", "type": "end"},
        {"id": "done_b", "type": "end"},
        {"id": "goal", "type": "goal", "config": {"rule": {"all": [
            {"property": "milestone", "op": "has_met", "value": "first-report"}]}}},
        {"id": "exit", "type": "exit", "config": {
            "on_goal": "complete", "on_enroll_unenroll_from": {"mode": "none"},
            "on_segment_exit": "unenroll", "blacklist": {"all": [
                {"property": "account.status", "op": "eq", "value": "churned"}]}}},
    ], "edges": [
        {"source": "start", "target": "ab"},
        {"source": "ab", "target": "welcome", "branch": "a"},
        {"source": "ab", "target": "wait1", "branch": "b"},
        {"source": "welcome", "target": "wait2"}, {"source": "wait2", "target": "used"},
        {"source": "used", "target": "count", "branch": "yes"},
        {"source": "used", "target": "done", "branch": "no"},
        {"source": "count", "target": "done"}, {"source": "wait1", "target": "done_b"},
    ]}
