"""Account time zones (SPEC §8, §12): an IANA name on every write path (PUT, PATCH, bulk, the
import CLI, the demo), null for the workspace default; in account JSON and rules as
``account.timezone``; actions may not write it."""
from __future__ import annotations

import pytest

from tests.backend.test_cli_import import _run


def test_put_patch_and_read_back(client, admin_headers):
    created = client.put("/api/accounts/acme", headers=admin_headers,
                         json={"name": "Acme", "timezone": "Europe/Berlin"})
    assert created.status_code in (200, 201), created.get_json()
    assert client.get("/api/accounts/acme", headers=admin_headers).get_json()["timezone"] == "Europe/Berlin"
    client.patch("/api/accounts/acme", headers=admin_headers, json={"timezone": "America/New_York"})
    assert client.get("/api/accounts/acme", headers=admin_headers).get_json()["timezone"] == "America/New_York"
    client.patch("/api/accounts/acme", headers=admin_headers, json={"timezone": None})
    assert client.get("/api/accounts/acme", headers=admin_headers).get_json()["timezone"] is None


@pytest.mark.parametrize("bad", ["Mars/Olympus", "CET+1", "../etc/passwd", "", 5, "Europe/" + "x" * 80])
def test_a_bad_zone_is_a_422_naming_timezone_and_writes_nothing(client, admin_headers, bad):
    response = client.put("/api/accounts/acme", headers=admin_headers, json={"name": "Acme", "timezone": bad})
    assert response.status_code == 422
    assert "timezone" in response.get_json()["error"]["message"]
    assert client.get("/api/accounts/acme", headers=admin_headers).status_code == 404


def test_bulk_keeps_good_rows_and_names_the_bad_one(client, admin_headers):
    response = client.post("/api/accounts/bulk", headers=admin_headers, json={"accounts": [
        {"external_id": "a1", "name": "A", "timezone": "Asia/Kolkata"},
        {"external_id": "a2", "name": "B", "timezone": "Asia/Nowhere"}]})
    body = response.get_json()
    assert body["created"] == 1
    [error] = body["errors"]
    assert error["external_id"] == "a2" and "timezone" in error["error"]["message"]
    assert client.get("/api/accounts/a1", headers=admin_headers).get_json()["timezone"] == "Asia/Kolkata"


def test_the_import_cli_checks_it_too(client, admin_headers, database_url, tmp_path):
    file = tmp_path / "accounts.csv"
    file.write_text("external_id,name,timezone\nt1,Tee,Europe/Paris\nt2,Bad,Paris/France\n")
    result = _run(file, database_url, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "1 created, 0 updated, 1 rejected" in result.stdout
    assert "row 2 (t2)" in result.stderr and "timezone" in result.stderr
    assert client.get("/api/accounts/t1", headers=admin_headers).get_json()["timezone"] == "Europe/Paris"


def test_rules_read_it_and_actions_cannot_write_it(client, admin_headers):
    client.put("/api/accounts/berlin", headers=admin_headers, json={"name": "B", "timezone": "Europe/Berlin"})
    client.put("/api/accounts/nyc", headers=admin_headers, json={"name": "N", "timezone": "America/New_York"})
    rule = {"all": [{"property": "account.timezone", "op": "contains", "value": "europe/"}]}
    created = client.post("/api/segments", headers=admin_headers, json={"key": "eu", "name": "EU", "rule": rule})
    assert created.status_code == 201, created.get_json()
    members = client.get("/api/segments/eu/accounts", headers=admin_headers).get_json()
    assert [a["external_id"] for a in members["items"]] == ["berlin"]
    graph = {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "config": {"segments": ["eu"], "reenroll": {"mode": "never"},
                                                     "enroll_existing": False}},
        {"id": "set", "type": "action", "config": {"action": "set_attribute", "attribute": "account.timezone",
                                                    "value": "Mars/Olympus"}}],
        "edges": [{"source": "start", "target": "set"}]}
    problems = client.post("/api/journeys/validate", headers=admin_headers, json=graph).get_json()["problems"]
    assert [p["code"] for p in problems] == ["attribute_not_writable"]


def test_demo_accounts_have_zones():
    from datetime import date

    from backend.demo_data import demo_accounts
    from graph_engine.send_window import zone_problem

    zones = {row["timezone"] for row in demo_accounts(date(2026, 5, 1))}
    assert len(zones) > 1 and all(zone_problem(z) is None for z in zones)
