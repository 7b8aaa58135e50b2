"""Publishing, enabling and disabling, version history, simulation and stats."""
from __future__ import annotations

import pytest

from backend.extensions import db
from backend.models.templates import EmailTemplate

from .journey_workspace import add_account, add_enrollment, example, row_counts, seed_workspace


@pytest.fixture()
def ws(app, client):
    seed_workspace(app)
    return app


def make(client, headers, graph=None, key="drip"):
    body = {"key": key, "name": key, "graph": graph or example("onboarding-drip")}
    response = client.post("/api/journeys", json=body, headers=headers)
    assert response.status_code == 201, response.get_json()
    return f"/api/journeys/{response.get_json()['id']}", response.get_json()["id"]


def test_publish_freezes_numbered_versions(ws, client, admin_headers):
    url, _ = make(client, admin_headers)
    first = client.post(f"{url}/publish", headers=admin_headers)
    assert first.status_code == 200, first.get_json()
    assert first.get_json()["published_version"] == 1
    assert first.get_json()["status"] == "disabled"   # published, not enabled

    graph = example("onboarding-drip")
    graph["nodes"][2]["config"]["for"]["days"] = 5
    client.put(url, json={"graph": graph, "draft_version": 1}, headers=admin_headers)
    assert client.post(f"{url}/publish", headers=admin_headers).get_json()["published_version"] == 2

    versions = client.get(f"{url}/versions", headers=admin_headers).get_json()["items"]
    assert [v["version"] for v in versions] == [2, 1]
    assert versions[0]["graph"]["nodes"][2]["config"]["for"]["days"] == 5
    assert versions[1]["graph"] == example("onboarding-drip")
    assert versions[0]["published_by"] == "test-admin"
    assert all(v["published_at"] for v in versions)


def test_publishing_an_invalid_draft_is_422_with_the_problems(ws, client, admin_headers):
    graph = example("onboarding-drip")
    graph["nodes"][1]["config"]["template"] = "nope"
    url, _ = make(client, admin_headers, graph)
    before = row_counts(ws)
    response = client.post(f"{url}/publish", headers=admin_headers)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid"
    assert [p["code"] for p in error["details"]] == ["unknown_template"]
    assert error["details"][0]["node_id"] == "welcome"
    assert row_counts(ws) == before
    assert client.get(url, headers=admin_headers).get_json()["published_version"] is None


def test_enable_needs_a_published_version(ws, client, admin_headers):
    url, _ = make(client, admin_headers)
    response = client.post(f"{url}/enable", headers=admin_headers)
    assert response.status_code == 409
    assert "Publish" in response.get_json()["error"]["message"]
    assert client.get(url, headers=admin_headers).get_json()["enabled"] is False


def test_enable_disable_round_trip(ws, client, admin_headers):
    url, _ = make(client, admin_headers)
    client.post(f"{url}/publish", headers=admin_headers)
    enabled = client.post(f"{url}/enable", headers=admin_headers).get_json()
    assert enabled["enabled"] is True and enabled["status"] == "live" and enabled["enabled_at"]
    again = client.post(f"{url}/enable", headers=admin_headers)
    assert again.status_code == 200
    disabled = client.post(f"{url}/disable", json={"reason": "holiday"}, headers=admin_headers).get_json()
    assert disabled["enabled"] is False and disabled["status"] == "disabled"
    assert disabled["disabled_reason"] == "holiday"
    assert client.post(f"{url}/disable", headers=admin_headers).status_code == 200


def test_enable_refuses_a_version_the_workspace_no_longer_fits(ws, client, admin_headers):
    url, _ = make(client, admin_headers)
    client.post(f"{url}/publish", headers=admin_headers)
    with ws.app_context():
        db.session.query(EmailTemplate).filter_by(key="onboarding-2").delete()
        db.session.commit()
    response = client.post(f"{url}/enable", headers=admin_headers)
    assert response.status_code == 422
    assert response.get_json()["error"]["details"][0]["code"] == "unknown_template"


def test_a_journey_may_not_unenroll_from_itself(ws, client, admin_headers):
    graph = example("onboarding-drip")
    graph["nodes"][-1]["config"]["on_enroll_unenroll_from"] = {"mode": "specific", "journeys": ["drip"]}
    url, _ = make(client, admin_headers, graph)
    response = client.post(f"{url}/publish", headers=admin_headers)
    assert response.status_code == 422
    assert "self_reference" in {p["code"] for p in response.get_json()["error"]["details"]}


def test_simulate_walks_posted_account_json_and_writes_nothing(ws, client, admin_headers):
    url, _ = make(client, admin_headers)
    before = row_counts(ws)
    body = {"account": {"name": "Acme", "custom": {"logins_30d": 9},
                        "contacts": [{"name": "Ann", "email": "ann@acme.test", "role": "admin"}]},
            "days": 10}
    response = client.post(f"{url}/simulate", json=body, headers=admin_headers)
    assert response.status_code == 200, response.get_json()
    result = response.get_json()
    assert result["status"] == "completed" and result["goal_achieved"] is False
    condition = next(s for s in result["steps"] if s["node_id"] == "used")
    assert condition["outcome"] == "yes" and condition["day"] == 3
    assert condition["detail"]["rule"]["all"][0]["actual"] == 9
    assert [s["node_id"] for s in result["steps"]][-2:] == ["tips", "done"]
    assert row_counts(ws) == before


def test_simulate_with_a_goal_change(ws, client, admin_headers):
    url, _ = make(client, admin_headers)
    body = {"account": {"name": "Acme"}, "days": 2,
            "changes": [{"at_day": 1, "set": {"milestones": ["first-report"]}}]}
    result = client.post(f"{url}/simulate", json=body, headers=admin_headers).get_json()
    assert result["status"] == "goal_exited" and result["goal_achieved"] is True


def test_simulate_a_stored_account_by_external_id(ws, client, admin_headers):
    add_account(ws, "acme-1", "Acme", mrr=100.0)
    url, _ = make(client, admin_headers)
    response = client.post(f"{url}/simulate", json={"account": "acme-1", "days": 5}, headers=admin_headers)
    assert response.status_code == 200, response.get_json()
    used = next(s for s in response.get_json()["steps"] if s["node_id"] == "used")
    assert used["outcome"] == "no"   # logins_30d unset
    missing = client.post(f"{url}/simulate", json={"account": "nobody", "days": 5}, headers=admin_headers)
    assert missing.status_code == 404


@pytest.mark.parametrize("body", [
    {"account": {"name": "Acme", "mrr": "lots"}, "days": 5},
    {"account": {"name": "Acme"}, "days": 5, "changes": [{"at_day": 9, "set": {}}]},
    {"account": {"name": "Acme"}, "days": -1},
    {"account": 42, "days": 5},
    {"days": 5},
])
def test_simulate_refuses_bad_input(ws, client, admin_headers, body):
    url, _ = make(client, admin_headers)
    response = client.post(f"{url}/simulate", json=body, headers=admin_headers)
    assert response.status_code == 422, response.get_json()


def test_simulate_an_invalid_draft_is_422(ws, client, admin_headers):
    url, _ = make(client, admin_headers, {"nodes": [], "edges": []})
    response = client.post(f"{url}/simulate", json={"account": {"name": "x"}}, headers=admin_headers)
    assert response.status_code == 422
    assert response.get_json()["error"]["details"][0]["code"]


def test_stats_count_statuses_nodes_and_branches(ws, client, admin_headers):
    url, journey_id = make(client, admin_headers)
    client.post(f"{url}/publish", headers=admin_headers)
    walked = [("start", "entry", "entered"), ("welcome", "action", "done"), ("wait3", "wait", "waiting"),
              ("wait3", "wait", "done")]
    a, b, c, d = (add_account(ws, f"acct-{i}") for i in range(4))
    add_enrollment(ws, journey_id, a, node="wait3", steps=walked[:3])
    add_enrollment(ws, journey_id, b, status="completed", goal=True,
                   steps=walked + [("used", "condition", "yes"), ("tips", "action", "done"),
                                   ("done", "end", "completed")])
    add_enrollment(ws, journey_id, c, status="completed",
                   steps=walked + [("used", "condition", "no"), ("call", "action", "done"),
                                   ("done", "end", "completed")])
    add_enrollment(ws, journey_id, d, status="failed", node="welcome",
                   steps=[("start", "entry", "entered"), ("welcome", "action", "failed")])
    stats = client.get(f"{url}/stats", headers=admin_headers).get_json()
    assert stats["enrolled"] == 4 and stats["goal_achieved"] == 1
    assert stats["by_status"] == {"active": 1, "completed": 2, "goal_exited": 0, "unenrolled": 0, "failed": 1}
    nodes = stats["nodes"]
    assert nodes["start"] == {"now": 0, "passed": 4, "branches": {}}
    assert nodes["welcome"]["passed"] == 3
    assert nodes["wait3"] == {"now": 1, "passed": 2, "branches": {}}
    assert nodes["used"] == {"now": 0, "passed": 2, "branches": {"no": 1, "yes": 1}}
    assert nodes["tips"]["passed"] == 1 and nodes["call"]["passed"] == 1
    assert "goal" not in nodes and "exit" not in nodes

    listed = client.get(f"/api/journeys", headers=admin_headers).get_json()["items"][0]
    assert (listed["enrolled"], listed["active"], listed["goal_achieved"]) == (4, 1, 1)

    at_wait = client.get(f"{url}/nodes/wait3/accounts", headers=admin_headers).get_json()["items"]
    assert [(i["external_id"], i["status"], i["here"]) for i in at_wait][0] == ("acct-0", "active", True)
    assert [i["here"] for i in at_wait[1:]] == [False, False]
    assert {i["external_id"] for i in at_wait} == {"acct-0", "acct-1", "acct-2"}
    assert all(i["entered_at"] and "name" in i for i in at_wait)
    # the Live panel lists "here now" and "passed" apart, counted in all, each passed account with
    # where it is now; one the step's action stopped did not pass it (QA: 26 "at" an email they had left)
    at_welcome = client.get(f"{url}/nodes/welcome/accounts", headers=admin_headers).get_json()
    assert (at_welcome["here_count"], at_welcome["passed_count"]) == (0, 3)
    assert {(i["external_id"], i["here"], i["status"], i["current_node"]) for i in at_welcome["items"]} == {
        ("acct-0", False, "active", "wait3"), ("acct-1", False, "completed", None),
        ("acct-2", False, "completed", None)}
    wait_counts = client.get(f"{url}/nodes/wait3/accounts?limit=1", headers=admin_headers).get_json()
    assert (wait_counts["here_count"], wait_counts["passed_count"], len(wait_counts["items"])) == (1, 2, 1)
    at_call = client.get(f"{url}/nodes/call/accounts", headers=admin_headers).get_json()["items"]
    assert [i["external_id"] for i in at_call] == ["acct-2"]
    # which way each account went at the decision, and its enrollment (to show its path)
    at_used = client.get(f"{url}/nodes/used/accounts", headers=admin_headers).get_json()["items"]
    assert sorted((i["external_id"], i["outcome"]) for i in at_used) == [("acct-1", "yes"), ("acct-2", "no")]
    assert all(isinstance(i["enrollment_id"], int) for i in at_used)
    assert at_wait[0]["outcome"] is None  # here now: it has not passed yet
    assert client.get(f"{url}/nodes/nowhere/accounts", headers=admin_headers).get_json()["items"] == []


def test_stats_of_a_fresh_journey_list_every_walkable_node(ws, client, admin_headers):
    url, _ = make(client, admin_headers)
    stats = client.get(f"{url}/stats", headers=admin_headers).get_json()
    assert stats["enrolled"] == 0
    assert set(stats["nodes"]) == {"start", "welcome", "wait3", "used", "tips", "call", "done"}
    assert stats["nodes"]["used"]["branches"] == {"no": 0, "yes": 0}


def test_deleting_a_journey_removes_its_history(ws, client, admin_headers):
    url, journey_id = make(client, admin_headers)
    client.post(f"{url}/publish", headers=admin_headers)
    add_enrollment(ws, journey_id, add_account(ws, "x"), steps=[("start", "entry", "entered")])
    assert client.delete(url, headers=admin_headers).status_code == 204
    assert row_counts(ws)["enrollments"] == 0 and row_counts(ws)["step_logs"] == 0


def test_simulate_an_unsaved_graph_without_saving_it(ws, client, admin_headers):
    url, _ = make(client, admin_headers)
    saved = client.get(url, headers=admin_headers).get_json()
    edited = example("onboarding-drip")
    edited["nodes"][2]["config"]["for"]["days"] = 6   # wait3 now waits six days
    before = row_counts(ws)
    body = {"account": {"name": "Acme", "custom": {"logins_30d": 9}}, "days": 10, "graph": edited}
    response = client.post(f"{url}/simulate", json=body, headers=admin_headers)
    assert response.status_code == 200, response.get_json()
    used = next(s for s in response.get_json()["steps"] if s["node_id"] == "used")
    assert used["day"] == 6   # the posted graph was walked, not the saved draft (3 days)
    assert row_counts(ws) == before
    again = client.get(url, headers=admin_headers).get_json()
    assert again["graph"] == saved["graph"] and again["draft_version"] == saved["draft_version"]


def test_simulate_an_invalid_unsaved_graph_is_422_with_its_problems(ws, client, admin_headers):
    url, _ = make(client, admin_headers)
    edited = example("onboarding-drip")
    edited["nodes"][1]["config"]["template"] = "nope"
    body = {"account": {"name": "Acme"}, "graph": edited}
    response = client.post(f"{url}/simulate", json=body, headers=admin_headers)
    assert response.status_code == 422
    details = response.get_json()["error"]["details"]
    assert [(p["code"], p["node_id"]) for p in details] == [("unknown_template", "welcome")]
    both = client.post(f"{url}/simulate", json={**body, "graph": example("onboarding-drip"),
                                                 "version": 1}, headers=admin_headers)
    assert both.status_code == 422
    assert "graph" in both.get_json()["error"]["details"]["json"]
