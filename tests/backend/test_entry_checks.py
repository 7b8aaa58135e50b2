"""GET /api/accounts/<id>/entry-checks: why an account in a journey's entry segment is not in
the journey (backend/services/entry_checks.py), on real enrollments by the engine."""
from __future__ import annotations

from datetime import datetime


def quick(reenroll: dict, enroll_existing: bool = False) -> dict:
    """Entry (new-accounts) → end: an account is in it for a moment, then completed."""
    return {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "config": {"segments": ["new-accounts"], "reenroll": reenroll,
                                                    "enroll_existing": enroll_existing}},
        {"id": "done", "type": "end"}], "edges": [{"source": "start", "target": "done"}]}


def checks(ws, external_id: str) -> dict:
    return {c["journey"]["key"]: c for c in ws.call("GET", f"/api/accounts/{external_id}/entry-checks")["items"]}


def reenter(ws, external_id: str) -> None:
    ws.patch(external_id, stage="trial")
    ws.work()
    ws.patch(external_id, stage="new")
    ws.work()


def test_each_reason_an_account_in_the_segment_is_not_in_the_journey(ws):
    ws.journey("once", quick({"mode": "never"}))
    ws.journey("monthly", quick({"mode": "after_days", "days": 30}))
    ws.journey("always", quick({"mode": "every_time"}))
    ws.account("acme")
    ws.work()
    assert [e["status"] for e in ws.timeline("acme")] == ["completed"] * 3
    found = checks(ws, "acme")
    assert found["always"]["code"] == "stayed_in_segment"
    assert "enrolls again when it leaves and enters it again" in found["always"]["message"]

    ws.clock.advance(days=3)
    reenter(ws, "acme")  # "always" enrolls again (and completes); the other two may not
    found = checks(ws, "acme")
    assert found["once"]["code"] == "reenroll_never" and "only once" in found["once"]["message"]
    wait = found["monthly"]
    assert wait["code"] == "reenroll_wait"
    first = datetime.fromisoformat(wait["last_enrollment"]["enrolled_at"])
    assert (datetime.fromisoformat(wait["eligible_from"]) - first).days == 30
    eligible = datetime.fromisoformat(wait["eligible_from"])
    assert f"from {eligible.day} {eligible:%b %Y}," in wait["message"] and "30 days" in wait["message"]
    assert wait["segments"][0]["key"] == "new-accounts" and wait["journey"]["enabled"] is True
    assert len([e for e in ws.timeline("acme") if e["journey_key"] == "always"]) == 2

    ws.clock.advance(days=30)  # allowed again: but it has to enter the segment again
    assert checks(ws, "acme")["monthly"]["code"] == "stayed_in_segment"
    reenter(ws, "acme")
    assert len([e for e in ws.timeline("acme") if e["journey_key"] == "monthly"]) == 2
    again = checks(ws, "acme")["monthly"]  # enrolled (and completed) again: 30 more days now
    assert again["code"] == "reenroll_wait" and again["last_enrollment"]["id"] != wait["last_enrollment"]["id"]


def test_a_journey_that_is_off_or_turned_on_after_the_account_entered(ws):
    journey_id = ws.journey("later", quick({"mode": "never"}), enable=False)
    ws.account("acme")
    ws.work()
    off = checks(ws, "acme")["later"]
    assert off["code"] == "journey_off" and off["journey"]["enabled"] is False
    assert "not enrolled when it is turned on" in off["message"]
    ws.clock.advance(hours=1)
    ws.call("POST", f"/api/journeys/{journey_id}/enable")
    ws.work()
    before = checks(ws, "acme")["later"]
    assert before["code"] == "in_before_enabled" and before["last_enrollment"] is None
    assert "Enroll accounts already in the segment" in before["message"]


def test_an_account_in_the_journey_or_outside_its_segment_has_nothing_to_explain(ws):
    ws.journey("wait", {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "config": {"segments": ["new-accounts"], "reenroll": {"mode": "never"},
                                                    "enroll_existing": False}},
        {"id": "w", "type": "wait", "config": {"for": {"days": 3}}},
        {"id": "done", "type": "end"}],
        "edges": [{"source": "start", "target": "w"}, {"source": "w", "target": "done"}]})
    ws.account("inside")
    ws.account("outside", stage="trial")
    ws.work()
    assert checks(ws, "inside") == {} and checks(ws, "outside") == {}
    ws.call("GET", "/api/accounts/nobody/entry-checks", expect=404)
