"""GET /api/accounts/<id>/entry-checks ``events``: an event a journey enters on that did not
enroll the account says which event, when, and why (the re-enrollment rule), as the entry job
decided it (``EventEntrySkip``), on real enrollments by the engine."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from backend.extensions import db
from backend.models.events import EventEntrySkip


def graph(reenroll: dict, wait_days: int | None = None) -> dict:
    """Enters on trial_started; waits ``wait_days`` (stays active) or ends at once."""
    nodes = [{"id": "start", "type": "entry", "config": {"events": [{"name": "trial_started"}],
                                                         "reenroll": reenroll, "enroll_existing": False}},
             {"id": "done", "type": "end"}]
    edges = [{"source": "start", "target": "done"}]
    if wait_days:
        nodes.append({"id": "w", "type": "wait", "config": {"for": {"days": wait_days}}})
        edges = [{"source": "start", "target": "w"}, {"source": "w", "target": "done"}]
    return {"format": "journey/v1", "nodes": nodes, "edges": edges}


def post(ws, account: str, client_id: str) -> str:
    at = ws.clock().isoformat()
    result = ws.call("POST", "/api/events", {"events": [
        {"id": client_id, "account": account, "name": "trial_started", "at": at}]})
    assert result["errors"] == [] and result["accepted"] == 1, result
    ws.work()
    return at


def event_checks(ws, external_id: str) -> dict:
    return {c["journey"]["key"]: c for c in ws.call("GET", f"/api/accounts/{external_id}/entry-checks")["events"]}


def test_an_ignored_entry_event_says_which_event_when_and_why(ws):
    ws.journey("onboarding", graph({"mode": "every_time"}, wait_days=10))   # still active
    ws.journey("once", graph({"mode": "never"}))
    ws.journey("monthly", graph({"mode": "after_days", "days": 30}))
    ws.account("acme")
    first = post(ws, "acme", "e-1")
    assert sorted(e["journey_key"] for e in ws.timeline("acme")) == ["monthly", "onboarding", "once"]
    assert event_checks(ws, "acme") == {}  # every event enrolled it: nothing to explain

    ws.clock.advance(days=2)
    second = post(ws, "acme", "e-2")
    assert len(ws.timeline("acme")) == 3  # no journey enrolled it again
    found = event_checks(ws, "acme")
    assert set(found) == {"onboarding", "once", "monthly"}

    active = found["onboarding"]
    assert active["code"] == "active" and active["event"] == {"name": "trial_started", "at": second, "id": "e-2"}
    assert active["since"] == first and active["journey"]["enabled"] is True
    assert "did not enroll it again: it was already active in this journey" in active["message"]

    never = found["once"]
    assert never["code"] == "reenroll_never" and never["eligible_from"] is None
    assert "enrolls an account only once" in never["message"]

    wait = found["monthly"]
    assert wait["code"] == "reenroll_wait" and wait["reenroll_days"] == 30
    eligible = datetime.fromisoformat(wait["eligible_from"])
    assert eligible - datetime.fromisoformat(first) == timedelta(days=30)
    assert f"only 30 days after its last enrollment: from {eligible.day} {eligible:%b %Y}." in wait["message"]

    ws.clock.advance(days=1)
    third = post(ws, "acme", "e-3")  # the latest ignored event replaces the one before
    assert event_checks(ws, "acme")["once"]["event"]["at"] == third


def test_the_explanation_goes_once_the_account_enrolls_there_again(ws, app):
    journey_id = ws.journey("monthly", graph({"mode": "after_days", "days": 30}))
    ws.account("acme")
    post(ws, "acme", "e-1")
    ws.clock.advance(days=3)
    post(ws, "acme", "e-2")
    assert event_checks(ws, "acme")["monthly"]["code"] == "reenroll_wait"
    ws.clock.advance(days=30)
    post(ws, "acme", "e-3")  # allowed again: enrolled, so the old refusal no longer applies
    assert len(ws.timeline("acme")) == 2
    assert event_checks(ws, "acme") == {}

    ws.clock.advance(days=1)
    post(ws, "acme", "e-4")
    assert event_checks(ws, "acme")["monthly"]["code"] == "reenroll_wait"
    ws.call("POST", f"/api/journeys/{journey_id}/disable")
    deleted = ws.client.delete(f"/api/journeys/{journey_id}", headers=ws.headers)  # its rows go with it
    assert deleted.status_code == 204, deleted.get_json(silent=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(EventEntrySkip)) == 0
    assert event_checks(ws, "acme") == {}
