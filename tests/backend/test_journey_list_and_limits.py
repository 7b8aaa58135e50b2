"""Cheap lists and bounded graphs (issue 18): ``GET /api/journeys`` never reads draft
graphs (two 50,000-node drafts made it 2 requests/s), and a graph over the size limits
(``JOURNEY_MAX_NODES`` 2,000, ``JOURNEY_MAX_BYTES`` 2,000,000) is a 422
``graph_too_large`` in the SPEC shape on create, save, validate, publish and simulate,
with nothing written."""
from __future__ import annotations

import pytest
from sqlalchemy import event, select

from backend.extensions import db
from backend.models.journeys import Journey, JourneyVersion

from .journey_workspace import example, seed_workspace


def _nodes(n: int, label: str = "") -> list[dict]:
    return [{"id": f"n{i}", "type": "end", **({"label": label} if label else {})} for i in range(n)]


def _graph(n: int, label: str = "") -> dict:
    return {"format": "journey/v1", "nodes": _nodes(n, label), "edges": []}


@pytest.fixture()
def ws(app, client):
    seed_workspace(app)
    return app


def _create(client, headers, key, graph):
    return client.post("/api/journeys", json={"key": key, "name": key.title(), "graph": graph},
                       headers=headers)


def _store_draft(app, journey_id: int, graph: dict) -> None:
    """Write a draft straight to the table, as one saved before the limit existed."""
    with app.app_context():
        db.session.get(Journey, journey_id).draft_graph = graph
        db.session.commit()


def _assert_too_large(response, words: str):
    assert response.status_code == 422, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "graph_too_large"
    assert words in error["message"]
    [problem] = error["details"]
    assert problem["code"] == "graph_too_large" and problem["message"] == error["message"]
    assert problem["node_id"] is None


# ---- the list --------------------------------------------------------------------------------

def test_the_list_never_reads_draft_graphs(ws, app, client, admin_headers):
    ids = [_create(client, admin_headers, key, example("onboarding-drip")).get_json()["id"]
           for key in ("small", "huge")]
    before = client.get("/api/journeys", headers=admin_headers)
    _store_draft(app, ids[1], _graph(50_000, label="a step with a fairly long label"))

    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", record)
    try:
        after = client.get("/api/journeys", headers=admin_headers)
    finally:
        with app.app_context():
            event.remove(db.engine, "before_cursor_execute", record)
    assert after.status_code == 200
    assert any("FROM journeys" in s for s in statements)
    assert not [s for s in statements if "draft_graph" in s]
    # a 50,000-node draft (megabytes) does not change what the list sends
    assert len(after.get_data()) == len(before.get_data())
    assert [i["key"] for i in after.get_json()["items"]] == ["huge", "small"]
    item = after.get_json()["items"][0]
    assert item["status"] == "draft" and "graph" not in item


def test_the_list_still_says_each_status(ws, app, client, admin_headers):
    live = _create(client, admin_headers, "live-one", example("onboarding-drip")).get_json()["id"]
    off = _create(client, admin_headers, "off-one", example("onboarding-drip")).get_json()["id"]
    _create(client, admin_headers, "draft-one", example("onboarding-drip"))
    for journey_id in (live, off):
        assert client.post(f"/api/journeys/{journey_id}/publish", headers=admin_headers).status_code == 200
    assert client.post(f"/api/journeys/{live}/enable", headers=admin_headers).status_code == 200
    items = {i["key"]: i for i in client.get("/api/journeys", headers=admin_headers).get_json()["items"]}
    assert {k: (i["status"], i["enabled"], i["published_version"]) for k, i in items.items()} == {
        "live-one": ("live", True, 1), "off-one": ("disabled", False, 1), "draft-one": ("draft", False, None)}


# ---- the size limit --------------------------------------------------------------------------

def test_2000_nodes_save_and_2001_do_not(ws, app, client, admin_headers):
    assert _create(client, admin_headers, "big", _graph(2000)).status_code == 201
    refused = _create(client, admin_headers, "bigger", _graph(2001))
    _assert_too_large(refused, "The journey has 2,001 steps; a journey may have at most 2,000.")
    with app.app_context():
        assert db.session.scalars(select(Journey.key)).all() == ["big"]


def test_more_than_2_mb_of_json_is_refused(ws, client, admin_headers):
    graph = _graph(2, label="x" * 1_000_000)   # two steps, 2 MB of labels
    _assert_too_large(_create(client, admin_headers, "wordy", graph),
                      "a journey may be at most 2,000,000")
    assert _create(client, admin_headers, "wordy", _graph(2, label="x" * 900_000)).status_code == 201


def test_saving_an_oversized_draft_is_refused_and_keeps_the_old_one(ws, app, client, admin_headers):
    created = _create(client, admin_headers, "drip", example("onboarding-drip")).get_json()
    response = client.put(f"/api/journeys/{created['id']}",
                          json={"graph": _graph(2500), "draft_version": 1}, headers=admin_headers)
    _assert_too_large(response, "2,500 steps")
    kept = client.get(f"/api/journeys/{created['id']}", headers=admin_headers).get_json()
    assert kept["draft_version"] == 1 and kept["graph"] == example("onboarding-drip")


def test_validate_refuses_an_oversized_graph(ws, client, admin_headers):
    _assert_too_large(client.post("/api/journeys/validate", json=_graph(5000), headers=admin_headers),
                      "5,000 steps")
    ok = client.post("/api/journeys/validate", json=example("onboarding-drip"), headers=admin_headers)
    assert ok.status_code == 200 and ok.get_json()["valid"] is True


def test_publish_and_simulate_refuse_a_draft_stored_before_the_limit(ws, app, client, admin_headers):
    journey_id = _create(client, admin_headers, "drip", example("onboarding-drip")).get_json()["id"]
    _store_draft(app, journey_id, _graph(3000))
    _assert_too_large(client.post(f"/api/journeys/{journey_id}/publish", headers=admin_headers),
                      "3,000 steps")
    with app.app_context():
        assert db.session.scalars(select(JourneyVersion.id)).all() == []
        assert db.session.get(Journey, journey_id).published_version is None
    simulate = {"account": {"name": "Acme", "mrr": 10}, "days": 5}
    _assert_too_large(client.post(f"/api/journeys/{journey_id}/simulate", json=simulate,
                                  headers=admin_headers), "3,000 steps")


def test_simulating_unsaved_oversized_edits_is_refused(ws, client, admin_headers):
    journey_id = _create(client, admin_headers, "drip", example("onboarding-drip")).get_json()["id"]
    simulate = {"account": {"name": "Acme", "mrr": 10}, "days": 5, "graph": _graph(2001)}
    _assert_too_large(client.post(f"/api/journeys/{journey_id}/simulate", json=simulate,
                                  headers=admin_headers), "2,001 steps")


def test_the_limits_are_settings(ws, app, client, admin_headers, monkeypatch):
    monkeypatch.setitem(app.config, "JOURNEY_MAX_NODES", 10)
    monkeypatch.setitem(app.config, "JOURNEY_MAX_BYTES", 5_000)
    _assert_too_large(_create(client, admin_headers, "eleven", _graph(11)),
                      "a journey may have at most 10")
    _assert_too_large(_create(client, admin_headers, "long", _graph(2, label="y" * 5_000)),
                      "at most 5,000")
    assert _create(client, admin_headers, "ten", _graph(10)).status_code == 201
