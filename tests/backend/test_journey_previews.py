"""What the confirmations count before an admin acts: enable-preview, per-version counts
and publishers, a simulation told in the timeline's words (merge fields rendered), and
the journey a task came from."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from backend.extensions import db
from backend.models.accounts import Contact
from backend.models.segments import Segment, SegmentMembership
from backend.models.suppressions import Suppression
from backend.models.tasks import Task

from .journey_workspace import add_account, add_enrollment, example, seed_workspace


@pytest.fixture()
def ws(app, client):
    seed_workspace(app)
    return app


def make(client, headers, graph, key="renewal"):
    if key == "renewal":   # the renewal example unenrolls from the onboarding journey: it must exist
        client.post("/api/journeys", json={"key": "onboarding-drip", "name": "Onboarding",
                                           "graph": example("onboarding-drip")}, headers=headers)
    response = client.post("/api/journeys", json={"key": key, "name": "Renewal", "graph": graph}, headers=headers)
    assert response.status_code == 201, response.get_json()
    return f"/api/journeys/{response.get_json()['id']}", response.get_json()["id"]


def join(app, segment_key: str, *account_ids: int) -> None:
    with app.app_context():
        segment_id = db.session.scalar(select(Segment.id).where(Segment.key == segment_key))
        db.session.add_all(SegmentMembership(segment_id=segment_id, account_id=a) for a in account_ids)
        db.session.commit()


def test_enable_preview_counts_who_would_enroll(ws, client, admin_headers):
    graph = example("renewal-90-days")   # enroll_existing: true, re-enroll after 300 days
    url, journey_id = make(client, admin_headers, graph)
    assert client.get(f"{url}/enable-preview", headers=admin_headers).status_code == 409  # nothing published
    ids = [add_account(ws, f"acct-{n}") for n in range(4)]
    join(ws, "renewal-90d", *ids[:3])
    assert client.post(f"{url}/publish", headers=admin_headers).status_code == 200
    add_enrollment(ws, journey_id, ids[0])          # already active: not enrolled again
    preview = client.get(f"{url}/enable-preview", headers=admin_headers)
    assert preview.status_code == 200, preview.get_json()
    assert preview.get_json() == {
        "version": 1, "enroll_existing": True, "members": 3, "will_enroll": 2, "already_active": 1,
        "segments": [{"key": "renewal-90d", "name": "Renewal-90D", "members": 3}], "events": []}

    graph["nodes"][0]["config"]["enroll_existing"] = False
    graph["nodes"][0]["config"]["events"] = [{"name": "trial_started"}]  # enrolls as they arrive too
    client.put(url, json={"graph": graph, "draft_version": 1}, headers=admin_headers)
    assert client.post(f"{url}/publish", headers=admin_headers).status_code == 200
    later = client.get(f"{url}/enable-preview", headers=admin_headers).get_json()
    assert later["enroll_existing"] is False and later["will_enroll"] == 0 and later["members"] == 3
    assert later["version"] == 2 and later["events"] == [{"name": "trial_started"}]
    assert client.get("/api/journeys/999999/enable-preview", headers=admin_headers).status_code == 404


def test_versions_say_who_published_which_is_live_and_how_many_walk_each(ws, client, admin_headers):
    graph = example("onboarding-drip")
    url, journey_id = make(client, admin_headers, graph, key="drip")
    client.post(f"{url}/publish", headers=admin_headers)
    a, b, c = (add_account(ws, f"v-{n}") for n in range(3))
    add_enrollment(ws, journey_id, a)
    add_enrollment(ws, journey_id, b, status="completed")
    graph["nodes"][2]["config"]["for"]["days"] = 5
    client.put(url, json={"graph": graph, "draft_version": 1}, headers=admin_headers)
    client.post(f"{url}/publish", headers=admin_headers)
    add_enrollment(ws, journey_id, c, version=2)

    items = client.get(f"{url}/versions", headers=admin_headers).get_json()["items"]
    assert [(v["version"], v["live"], v["active"], v["enrolled"], v["published_by"]) for v in items] == [
        (2, False, 1, 1, "test-admin"), (1, False, 1, 2, "test-admin")]   # disabled: nothing is live
    client.post(f"{url}/enable", headers=admin_headers)
    items = client.get(f"{url}/versions", headers=admin_headers).get_json()["items"]
    assert [v["live"] for v in items] == [True, False]


def test_simulation_renders_merge_fields_and_times_each_step(ws, client, admin_headers):
    account_id = add_account(ws, "acme-1", "Acme Corp", next_billing_on=date.today() + timedelta(days=30))
    with ws.app_context():
        db.session.add(Contact(account_id=account_id, name="Ann", email="ann@acme.test", role="admin"))
        db.session.commit()
    url, _ = make(client, admin_headers, example("renewal-90-days"))
    body = {"account": "acme-1", "days": 40,
            "changes": [{"at_day": 1, "set": {"account.name": "Acme Renamed"}}]}
    response = client.post(f"{url}/simulate", json=body, headers=admin_headers)
    assert response.status_code == 200, response.get_json()
    result = response.get_json()
    start = datetime.fromisoformat(result["start"])
    steps = {s["node_id"]: s for s in result["steps"]}

    email = steps["value"]["detail"]["result"]
    assert email["simulated"] is True and email["to"] == ["ann@acme.test"]
    assert email["subject"] == "value-recap for Acme Corp"
    assert email["body"] == "Hi Ann,  here."        # no CSM on the account: csm.name is empty
    task = steps["hit"]["detail"]["result"]
    assert task["title"] == "Renewal check-in with Acme Corp" and task["assignee"] is None
    assert "unassigned" in task["note"]
    assert steps["tag"]["detail"]["result"] == {"attribute": "custom.renewal_risk", "previous": None,
                                                "value": "low", "simulated": True}
    # The reminder comes 7 days before billing, after the day-1 rename, at the wait's wake time.
    remind = steps["remind"]
    assert remind["detail"]["result"]["title"] == "Renewal is in 7 days: Acme Renamed"
    woke = next(s for s in result["steps"] if s["node_id"] == "before" and s["outcome"] == "done")
    assert woke["at"] == woke["detail"]["wake_at"] == remind["at"]
    assert datetime.fromisoformat(steps["start"]["at"]) == start
    assert (datetime.fromisoformat(remind["at"]) - start).days == remind["day"]


def test_simulation_says_an_email_skips_contacts_who_unsubscribed(ws, client, admin_headers):
    """As the engine does (SPEC §8): the simulated email goes to the contacts still subscribed,
    says who it skips, and says it would skip the email when nobody is left."""
    account_id = add_account(ws, "acme-2", "Acme Two", next_billing_on=date.today() + timedelta(days=30))
    with ws.app_context():
        db.session.add_all([Contact(account_id=account_id, name="Ann", email="ann@acme.test", role="admin"),
                            Contact(account_id=account_id, name="Bo", email="Bo@Acme.test", role="admin"),
                            Suppression(address="bo@acme.test", reason="unsubscribed", source="api")])
        db.session.commit()
    url, _ = make(client, admin_headers, example("renewal-90-days"))
    simulate = lambda: {s["node_id"]: s for s in client.post(  # noqa: E731
        f"{url}/simulate", json={"account": "acme-2", "days": 40}, headers=admin_headers).get_json()["steps"]}
    email = simulate()["value"]["detail"]["result"]
    assert (email["to"], email["suppressed"]) == (["ann@acme.test"], ["Bo@Acme.test"])

    with ws.app_context():
        db.session.add(Suppression(address="ann@acme.test", reason="unsubscribed", source="api"))
        db.session.commit()
    step = simulate()["value"]
    assert step["detail"]["result"] == {"emails": [], "skipped": "unsubscribed (ann@acme.test, Bo@Acme.test)",
                                        "suppressed": ["ann@acme.test", "Bo@Acme.test"], "simulated": True}
    assert step["outcome"] == "skipped"  # as the real walk logs an email that went to no one


def test_a_task_names_the_journey_that_created_it(ws, client, admin_headers):
    url, journey_id = make(client, admin_headers, example("onboarding-drip"), key="drip")
    client.post(f"{url}/publish", headers=admin_headers)
    account_id = add_account(ws, "acme")
    enrollment_id = add_enrollment(ws, journey_id, account_id)
    with ws.app_context():
        db.session.add_all([Task(title="From journey", account_id=account_id, enrollment_id=enrollment_id),
                            Task(title="By hand", account_id=account_id)])
        db.session.commit()
    items = {t["title"]: t for t in client.get("/api/tasks", headers=admin_headers).get_json()["items"]}
    assert items["From journey"]["journey"] == {"id": journey_id, "name": "Renewal"}
    assert items["By hand"]["journey"] is None
    task_id = items["From journey"]["id"]
    done = client.patch(f"/api/tasks/{task_id}", json={"status": "done"}, headers=admin_headers).get_json()
    assert done["journey"] == {"id": journey_id, "name": "Renewal"} and done["completed_at"]
    undone = client.patch(f"/api/tasks/{task_id}", json={"status": "open"}, headers=admin_headers).get_json()
    assert undone["status"] == "open" and undone["completed_at"] is None


def test_the_told_email_goes_to_whoever_the_step_names(ws, app_ctx):
    from backend.services.simulation_story import tell
    start = datetime(2025, 12, 1, 9, 0)
    snapshot = {"account": {"name": "Acme"}, "custom": {}, "user": {"csm": "asha@example.com", "sales_manager": "bruno@example.com"},
                "contacts": [{"name": "Ann", "email": "ann@acme.test", "role": "admin"},
                             {"name": "Bo", "email": "bo@acme.test", "role": "user"}]}

    def told(**effect):
        step = {"node_id": "e", "type": "action", "day": 0, "outcome": "done",
                "detail": {"kind": "send_email", "template": None, "subject": "Hi {{ contact.name }}", "body": "",
                           "sender": "csm", "role": None, "staff_field": None, "user": None, **effect}}
        return tell([step], snapshot, [], start, None)[0]["detail"]["result"]

    assert told(to="all_contacts")["to"] == ["ann@acme.test", "bo@acme.test"]
    assert told(to="all_contacts")["subject"] == "Hi Ann"
    assert told(to="role", role="user")["to"] == ["bo@acme.test"]
    assert told(to="csm")["to"] == ["asha@example.com"]
    assert told(to="staff", staff_field="sales_manager")["to"] == ["bruno@example.com"]
    assert told(to="user", user="chen@example.com")["to"] == ["chen@example.com"]
    assert told(to="role", role="finance")["skipped"] == "no recipient on this account"
    assert told(to="csm")["from"] == "asha@example.com"
