"""GET /api/segments/<key> names the journeys that use the segment, with their status: the
segment editor says so before a new rule changes who enters a live journey."""
from __future__ import annotations

from .journey_workspace import example, seed_workspace


def test_a_segment_names_the_journeys_that_use_it(app, client, admin_headers):
    seed_workspace(app)
    graph = example("renewal-90-days")
    entry = next(n for n in graph["nodes"] if n["type"] == "entry")
    assert entry["config"]["segments"] == ["renewal-90d"]
    exit_node = next(n for n in graph["nodes"] if n["type"] == "exit")
    exit_node["config"]["on_enroll_unenroll_from"] = {"mode": "none"}  # names no other journey
    live = client.post("/api/journeys", json={"key": "r90", "name": "Renewal", "graph": graph},
                       headers=admin_headers).get_json()
    assert client.post(f"/api/journeys/{live['id']}/publish", headers=admin_headers).status_code == 200
    assert client.post(f"/api/journeys/{live['id']}/enable", headers=admin_headers).status_code == 200
    client.post("/api/journeys", json={"key": "r90-copy", "name": "Renewal copy", "graph": graph}, headers=admin_headers)
    client.post("/api/journeys", json={"key": "other", "name": "Other"}, headers=admin_headers)

    body = client.get("/api/segments/renewal-90d", headers=admin_headers).get_json()
    assert sorted(body["journeys"], key=lambda j: j["key"]) == [
        {"key": "r90", "name": "Renewal", "status": "live"},
        {"key": "r90-copy", "name": "Renewal copy", "status": "draft"}]
    assert client.get("/api/segments/new-accounts", headers=admin_headers).get_json()["journeys"] == []
    # the list stays as it was: counts only
    assert all("journeys" not in s for s in client.get("/api/segments", headers=admin_headers).get_json()["items"])
