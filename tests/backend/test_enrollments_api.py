"""An account's journeys with step logs; unenroll and retry; the one-active-enrollment rule."""
from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from backend.extensions import db
from backend.models.enrollments import Enrollment

from .journey_workspace import add_account, add_enrollment, example, seed_workspace


@pytest.fixture()
def journey(app, client, admin_headers):
    seed_workspace(app)
    body = client.post("/api/journeys", json={"key": "drip", "name": "Drip", "graph": example("onboarding-drip")},
                       headers=admin_headers).get_json()
    assert client.post(f"/api/journeys/{body['id']}/publish", headers=admin_headers).status_code == 200
    return body["id"]


def test_account_journeys_lists_enrollments_with_steps(app, client, journey, support_headers):
    account = add_account(app, "acme", "Acme")
    first = add_enrollment(app, journey, account, status="completed", goal=True,
                           steps=[("start", "entry", "entered"), ("welcome", "action", "done")])
    second = add_enrollment(app, journey, account, node="wait3",
                            steps=[("start", "entry", "entered"), ("wait3", "wait", "waiting")])
    response = client.get("/api/accounts/acme/journeys", headers=support_headers)
    assert response.status_code == 200
    enrollments = response.get_json()["enrollments"]
    assert [e["id"] for e in enrollments] == [second, first]
    done = enrollments[1]
    assert done["journey_id"] == journey and done["journey_key"] == "drip" and done["journey_name"] == "Drip"
    assert done["version"] == 1 and done["status"] == "completed" and done["goal_achieved_at"]
    assert done["ended_at"] and done["enrolled_at"]
    assert [(s["node_id"], s["type"], s["outcome"]) for s in done["steps"]] == \
        [("start", "entry", "entered"), ("welcome", "action", "done")]
    assert done["steps"][0]["detail"] == {"n": 1} and done["steps"][0]["at"]
    assert client.get("/api/accounts/ghost/journeys", headers=support_headers).status_code == 404


def test_unenroll(app, client, journey, admin_headers, support_headers):
    enrollment = add_enrollment(app, journey, add_account(app, "acme"), node="wait3")
    assert client.post(f"/api/enrollments/{enrollment}/unenroll", headers=support_headers).status_code == 403
    response = client.post(f"/api/enrollments/{enrollment}/unenroll", headers=admin_headers)
    assert response.status_code == 200
    body = response.get_json()
    assert (body["status"], body["reason"]) == ("unenrolled", "manual") and body["ended_at"]
    again = client.post(f"/api/enrollments/{enrollment}/unenroll", headers=admin_headers)
    assert again.status_code == 409
    assert client.post("/api/enrollments/999/unenroll", headers=admin_headers).status_code == 404


def test_retry_a_failed_enrollment(app, client, journey, admin_headers):
    account = add_account(app, "acme")
    failed = add_enrollment(app, journey, account, status="failed", node="welcome")
    with app.app_context():
        row = db.session.get(Enrollment, failed)
        row.error, row.attempts, row.reason = "SMTP down", 5, "action_failed"
        db.session.commit()
    response = client.post(f"/api/enrollments/{failed}/retry", headers=admin_headers)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["status"], body["error"], body["ended_at"], body["current_node"]) == \
        ("active", None, None, "welcome")
    with app.app_context():
        assert db.session.get(Enrollment, failed).attempts == 0
    assert client.post(f"/api/enrollments/{failed}/retry", headers=admin_headers).status_code == 409


def test_retry_refused_when_the_account_is_active_again(app, client, journey, admin_headers):
    account = add_account(app, "acme")
    failed = add_enrollment(app, journey, account, status="failed", node="welcome")
    add_enrollment(app, journey, account, node="wait3")
    response = client.post(f"/api/enrollments/{failed}/retry", headers=admin_headers)
    assert response.status_code == 409
    with app.app_context():
        assert db.session.get(Enrollment, failed).status == "failed"


def test_never_two_active_enrollments_of_one_account_in_one_journey(app, client, journey):
    account = add_account(app, "acme")
    add_enrollment(app, journey, account, status="completed")
    add_enrollment(app, journey, account, status="unenrolled")
    add_enrollment(app, journey, account)                         # one active: fine
    with pytest.raises(IntegrityError):
        add_enrollment(app, journey, account)                     # a second active: refused
    other = add_account(app, "beta")
    add_enrollment(app, journey, other)                           # another account: fine


def test_unenroll_and_retry_keep_the_apps_clock(ws, app):
    """The timeline's times are the app's clock's (the walker's, the scheduler's): an unenroll
    ends the enrollment then, and a Retry makes it due then — not at the wall clock's time."""
    from datetime import datetime

    from tests.backend.test_journey_migration import at_wait

    journey_id = at_wait(ws, "acme", "birch")
    now = ws.clock.advance(days=2)  # the app's clock (its scheduler not run), not the wall clock
    acme, birch = (ws.timeline(name)[0] for name in ("acme", "birch"))
    ended = ws.call("POST", f"/api/enrollments/{acme['id']}/unenroll")["ended_at"]
    assert datetime.fromisoformat(ended) == now
    with app.app_context():  # birch failed at its step: Retry makes it due at the app's now
        row = db.session.get(Enrollment, birch["id"])
        row.status, row.error = "failed", "SMTP down"
        db.session.commit()
    ws.call("POST", f"/api/enrollments/{birch['id']}/retry")
    with app.app_context():
        assert db.session.get(Enrollment, birch["id"]).wake_at == now
    assert journey_id
