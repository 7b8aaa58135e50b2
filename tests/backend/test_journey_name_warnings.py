"""Duplicate journey names are allowed, with a ``warnings`` entry naming the twins."""
from __future__ import annotations


def create(client, headers, key, name):
    response = client.post("/api/journeys", json={"key": key, "name": name}, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_a_unique_name_has_no_warnings(client, admin_headers):
    assert create(client, admin_headers, "renewal", "Renewal")["warnings"] == []


def test_a_second_journey_with_the_same_name_is_created_with_a_warning(client, admin_headers):
    first = create(client, admin_headers, "renewal", "Renewal in 90 days")
    second = create(client, admin_headers, "renewal-2", "  renewal IN  90 days ")
    [warning] = second["warnings"]
    assert warning["code"] == "duplicate_name"
    assert warning["journeys"] == [{"id": first["id"], "key": "renewal", "name": "Renewal in 90 days"}]
    assert "renewal" in warning["message"]
    listed = client.get("/api/journeys", headers=admin_headers).get_json()["items"]
    assert len(listed) == 2   # a warning, not a refusal


def test_saving_a_rename_warns_and_renaming_away_clears_it(client, admin_headers):
    create(client, admin_headers, "a", "Onboarding")
    other = create(client, admin_headers, "b", "Trial")
    url = f"/api/journeys/{other['id']}"
    graph = {"nodes": [], "edges": []}
    saved = client.put(url, json={"graph": graph, "draft_version": 1, "name": "ONBOARDING"},
                       headers=admin_headers).get_json()
    assert [w["journeys"][0]["key"] for w in saved["warnings"]] == ["a"]
    saved = client.put(url, json={"graph": graph, "draft_version": 2, "name": "Onboarding (EU)"},
                       headers=admin_headers).get_json()
    assert saved["warnings"] == []


def test_a_duplicate_keeps_its_copy_name_and_warns_when_named_the_same(client, admin_headers):
    source = create(client, admin_headers, "drip", "Drip")
    copy = client.post(f"/api/journeys/{source['id']}/duplicate", json={}, headers=admin_headers).get_json()
    assert copy["name"] == "Copy of Drip" and copy["warnings"] == []
    twin = client.post(f"/api/journeys/{source['id']}/duplicate", json={"key": "drip-2", "name": "Drip"},
                       headers=admin_headers).get_json()
    assert twin["warnings"][0]["journeys"][0]["key"] == "drip"


def test_reads_do_not_carry_warnings(client, admin_headers):
    journey = create(client, admin_headers, "x", "Same")
    create(client, admin_headers, "y", "Same")
    assert "warnings" not in client.get(f"/api/journeys/{journey['id']}", headers=admin_headers).get_json()
