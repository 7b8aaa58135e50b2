"""A rule with no conditions (SPEC §12 ``empty_rule``): validate names the node,
publish refuses with 422 and writes nothing, segments refuse to save one."""
from __future__ import annotations

import pytest

from .journey_workspace import example, row_counts, seed_workspace

MRR = {"property": "account.mrr", "op": "gt", "value": 0}


@pytest.fixture()
def ws(app, client):
    seed_workspace(app)
    return app


def _node(graph, node_type):
    return next(n for n in graph["nodes"] if n["type"] == node_type)


def _empty_goal():
    graph = example("renewal-90-days")
    _node(graph, "exit")["config"]["on_enroll_unenroll_from"] = {"mode": "none"}  # names no other journey
    _node(graph, "goal")["config"]["rule"] = {"all": []}
    return graph


def test_validate_names_the_node_with_the_empty_rule(ws, client, admin_headers):
    graph = _empty_goal()
    _node(graph, "exit")["config"]["blacklist"] = {"any": []}
    body = client.post("/api/journeys/validate", json=graph, headers=admin_headers).get_json()
    assert body["valid"] is False
    assert sorted((p["code"], p["node_id"]) for p in body["problems"]) == [
        ("empty_rule", "exit"), ("empty_rule", _node(graph, "goal")["id"])]
    assert all(p["message"] for p in body["problems"])


def test_publish_refuses_an_empty_goal_and_writes_nothing(ws, client, admin_headers):
    created = client.post("/api/journeys", json={"key": "r90", "name": "Renewal", "graph": _empty_goal()},
                          headers=admin_headers)
    assert created.status_code == 201   # a draft may be unfinished
    url = f"/api/journeys/{created.get_json()['id']}"
    before = row_counts(ws)
    response = client.post(f"{url}/publish", headers=admin_headers)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid"
    assert [(p["code"], p["node_id"]) for p in error["details"]] == [("empty_rule", "goal")]
    assert row_counts(ws) == before
    assert client.get(url, headers=admin_headers).get_json()["published_version"] is None


def test_the_same_journey_with_a_condition_publishes(ws, client, admin_headers):
    graph = _empty_goal()
    _node(graph, "goal")["config"]["rule"] = {"all": [MRR]}
    created = client.post("/api/journeys", json={"key": "r90", "name": "Renewal", "graph": graph},
                          headers=admin_headers)
    url = f"/api/journeys/{created.get_json()['id']}"
    assert client.post(f"{url}/publish", headers=admin_headers).status_code == 200


@pytest.mark.parametrize("rule", [{"all": []}, {"any": []}, {"not": {"all": []}},
                                  {"all": [MRR, {"any": []}]}])
def test_a_segment_with_an_empty_rule_is_refused(ws, client, admin_headers, rule):
    response = client.post("/api/segments", json={"key": "everyone", "name": "Everyone", "rule": rule},
                           headers=admin_headers)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid" and error["message"]
    assert [p["code"] for p in error["details"]] == ["empty_rule"]
    assert client.get("/api/segments/everyone", headers=admin_headers).status_code == 404


def test_changing_a_segment_to_an_empty_rule_is_refused(ws, client, admin_headers):
    response = client.patch("/api/segments/new-accounts", json={"rule": {"all": []}}, headers=admin_headers)
    assert response.status_code == 422
    assert [p["code"] for p in response.get_json()["error"]["details"]] == ["empty_rule"]
    assert client.get("/api/segments/new-accounts", headers=admin_headers).get_json()["rule"] == {"all": [MRR]}


STAGE_EMPTY = {"property": "account.stage", "op": "eq", "value": ""}


@pytest.mark.parametrize("condition", [STAGE_EMPTY, {**STAGE_EMPTY, "op": "contains", "value": "  "},
                                       {**STAGE_EMPTY, "op": "in", "value": ["trial", ""]}])
def test_a_segment_comparing_with_an_empty_text_is_refused(ws, client, admin_headers, condition):
    """It would quietly match nothing; "is not set" is what finds accounts without a value."""
    rule = {"all": [MRR, condition]}
    response = client.post("/api/segments", json={"key": "blank", "name": "Blank", "rule": rule},
                           headers=admin_headers)
    assert response.status_code == 422
    [problem] = response.get_json()["error"]["details"]
    assert problem["code"] == "empty_value"
    assert problem["message"].startswith("rule.all[1] (account.stage): type a value")
    assert client.get("/api/segments/blank", headers=admin_headers).status_code == 404
    preview = client.post("/api/segments/preview", json={"rule": rule}, headers=admin_headers)
    assert preview.status_code == 422  # the editor's live count says it too
    not_set = {"all": [MRR, {"property": "account.stage", "op": "is_not_set"}]}
    assert client.post("/api/segments", json={"key": "blank", "name": "Blank", "rule": not_set},
                       headers=admin_headers).status_code == 201


def test_a_journey_rule_comparing_with_an_empty_text_is_a_problem_on_its_node(ws, client, admin_headers):
    graph = _empty_goal()
    _node(graph, "goal")["config"]["rule"] = {"all": [MRR]}
    _node(graph, "exit")["config"]["blacklist"] = {"any": [STAGE_EMPTY]}
    body = client.post("/api/journeys/validate", json=graph, headers=admin_headers).get_json()
    assert [(p["code"], p["node_id"]) for p in body["problems"]] == [("empty_value", "exit")]
    assert body["problems"][0]["message"].startswith("config.blacklist.any[0] (account.stage): ")
