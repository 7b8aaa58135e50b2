"""Accounts and their catalog through the HTTP API (SPEC §5), bad input included."""
from __future__ import annotations

import pytest


def call(client, method, path, headers, body=None):
    response = client.open(path, method=method, json=body, headers=headers)
    return response.status_code, response.get_json(silent=True)


@pytest.fixture()
def catalog(client, admin_headers):
    for body in ({"email": "asha@example.com", "name": "Asha", "role": "csm"},):
        assert call(client, "POST", "/api/users", admin_headers, body)[0] == 201
    assert call(client, "POST", "/api/attributes", admin_headers,
                {"key": "logins", "label": "Logins", "type": "number"})[0] == 201
    assert call(client, "POST", "/api/milestones", admin_headers, {"key": "first-report", "name": "First"})[0] == 201
    return admin_headers


ACME = {"name": "Acme", "mrr": 1200, "stage": "live", "next_billing_on": "2027-01-31",
        "csm": "asha@example.com", "custom": {"logins": 7},
        "contacts": [{"name": "Ana", "email": "ana@acme.example", "role": "admin"}],
        "subscriptions": [{"status": "active", "plan_name": "Pro", "mrr": 1200}]}


def test_put_creates_then_replaces_and_patch_changes_only_what_is_given(client, catalog):
    status, body = call(client, "PUT", "/api/accounts/acme", catalog, ACME)
    assert status == 201 and body["csm"] == "asha@example.com" and body["custom"] == {"logins": 7}
    status, body = call(client, "PATCH", "/api/accounts/acme", catalog, {"mrr": 1500})
    assert status == 200 and body["mrr"] == 1500 and body["stage"] == "live"
    status, body = call(client, "PUT", "/api/accounts/acme", catalog, {"name": "Acme Inc"})
    assert status == 200 and body["mrr"] is None and body["name"] == "Acme Inc"
    assert call(client, "GET", "/api/accounts/acme", catalog)[1]["name"] == "Acme Inc"


@pytest.mark.parametrize("bad, field", [({"next_billing_on": "2026-02-30"}, "next_billing_on"),
                                        ({"mrr": "lots"}, "mrr"), ({"colour": "red"}, "colour"),
                                        ({"custom": {"logins": "many"}}, "custom"),
                                        ({"csm": "nobody@example.com"}, "csm")])
def test_bad_account_fields_are_422_and_write_nothing(client, catalog, bad, field):
    status, body = call(client, "PUT", "/api/accounts/bad", catalog, {"name": "Bad", **bad})
    assert status == 422, body
    assert field in body["error"]["message"]
    assert call(client, "GET", "/api/accounts/bad", catalog)[0] == 404


def test_malformed_json_and_non_object_bodies(client, catalog):
    response = client.put("/api/accounts/x", data="{nope", content_type="application/json", headers=catalog)
    assert response.status_code == 400
    assert call(client, "PUT", "/api/accounts/x", catalog, [1, 2])[0] == 422


def test_roles_on_account_writes(client, catalog, csm_headers, support_headers):
    assert call(client, "PUT", "/api/accounts/a1", support_headers, {"name": "A"})[0] == 403
    assert call(client, "PUT", "/api/accounts/a1", csm_headers, {"name": "A"})[0] == 201
    assert call(client, "GET", "/api/accounts/a1", support_headers)[0] == 200


def test_bulk_keeps_valid_rows_and_reports_the_rest(client, catalog):
    rows = [{"external_id": "b1", "name": "One"}, {"external_id": "b2", "created_on": "2026-13-01"},
            {"name": "no id"}, {"external_id": "b3", "name": "Three", "mrr": 5}]
    status, body = call(client, "POST", "/api/accounts/bulk", catalog, {"accounts": rows})
    assert status == 200
    assert (body["created"], body["updated"]) == (2, 0)
    assert [e["index"] for e in body["errors"]] == [1, 2]
    listing = call(client, "GET", "/api/accounts?q=b", catalog)[1]
    assert [a["external_id"] for a in listing["items"]] == ["b1", "b3"]


def test_marks_and_search(client, catalog):
    call(client, "PUT", "/api/accounts/acme", catalog, ACME)
    assert call(client, "PUT", "/api/accounts/acme/milestones/first-report", catalog)[1]["met"] is True
    assert call(client, "GET", "/api/accounts/acme", catalog)[1]["milestones"] == ["first-report"]
    assert call(client, "DELETE", "/api/accounts/acme/milestones/first-report", catalog)[1]["met"] is False
    assert call(client, "PUT", "/api/accounts/acme/milestones/nope", catalog)[0] == 404
    found = call(client, "GET", "/api/accounts?q=ACM", catalog)[1]
    assert found["total"] == 1 and found["items"][0]["external_id"] == "acme"


def test_segments_compute_members_and_refuse_bad_rules(client, catalog):
    call(client, "PUT", "/api/accounts/acme", catalog, ACME)
    call(client, "PUT", "/api/accounts/small", catalog, {"name": "Small", "mrr": 10})
    bad = {"key": "big", "name": "Big", "rule": {"all": [{"property": "account.mrr", "op": "huge", "value": 1}]}}
    status, body = call(client, "POST", "/api/segments", catalog, bad)
    assert status == 422 and body["error"]["details"][0]["code"] == "unknown_operator"
    good = {"key": "big", "name": "Big", "rule": {"all": [{"property": "account.mrr", "op": "gte", "value": 1000}]}}
    status, body = call(client, "POST", "/api/segments", catalog, good)
    assert status == 201 and body["accounts"] == 1
    assert call(client, "POST", "/api/segments", catalog, good)[0] == 409
    members = call(client, "GET", "/api/segments/big/accounts", catalog)[1]
    assert [a["external_id"] for a in members["items"]] == ["acme"]
    call(client, "PATCH", "/api/accounts/small", catalog, {"mrr": 5000})
    assert call(client, "GET", "/api/segments/big", catalog)[1]["accounts"] == 2


def test_a_segment_a_journey_tracks_cannot_be_deleted(client, catalog):
    rule = {"all": [{"property": "account.stage", "op": "eq", "value": "new"}]}
    call(client, "POST", "/api/segments", catalog, {"key": "new", "name": "New", "rule": rule})
    graph = {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "config": {"segments": ["new"], "reenroll": {"mode": "never"},
                                                     "enroll_existing": False}},
        {"id": "done", "type": "end"}], "edges": [{"source": "start", "target": "done"}]}
    call(client, "POST", "/api/journeys", catalog, {"key": "welcome", "name": "Welcome", "graph": graph})
    status, body = call(client, "DELETE", "/api/segments/new", catalog)
    assert status == 409 and body["error"]["details"]["journeys"] == ["welcome"]
    assert call(client, "GET", "/api/segments/new", catalog)[0] == 200
    call(client, "POST", "/api/segments", catalog, {"key": "unused", "name": "Unused", "rule": rule})
    assert call(client, "DELETE", "/api/segments/unused", catalog)[0] == 204


def test_catalog_entries_are_deleted_past_journeys_that_send_email_or_hold_odd_drafts(client, catalog):
    """Deleting checks every journey for uses; an email's "to" object or a draft's odd shapes
    (a config that is a list) are not uses, and must not crash the check (they did: 500)."""
    call(client, "POST", "/api/playbooks", catalog, {"key": "rescue", "name": "Rescue", "due_in_days": 14})
    graph = {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "config": ["not", "an", "object"]},
        {"id": "mail", "type": "action", "config": {"action": "send_email", "subject": "Hi",
                                                    "body": "Hello", "to": {"contacts": "all"}}},
        {"id": "pb", "type": "action", "config": {"action": "assign_playbook", "playbook": "other"}}],
        "edges": []}
    status, journey = call(client, "POST", "/api/journeys", catalog, {"key": "drip", "name": "Drip", "graph": graph})
    assert status == 201
    assert call(client, "DELETE", "/api/playbooks/rescue", catalog) == (204, None)
    assert call(client, "DELETE", "/api/attributes/logins", catalog) == (204, None)
    graph["nodes"][2]["config"]["playbook"] = "keep"
    call(client, "POST", "/api/playbooks", catalog, {"key": "keep", "name": "Keep", "due_in_days": 1})
    assert call(client, "PUT", f"/api/journeys/{journey['id']}", catalog,
                {"graph": graph, "draft_version": journey["draft_version"]})[0] == 200
    status, body = call(client, "DELETE", "/api/playbooks/keep", catalog)
    assert status == 409 and body["error"]["details"]["journeys"] == ["drip"]


def test_catalog_crud(client, catalog, support_headers):
    assert call(client, "POST", "/api/playbooks", catalog, {"key": "rescue", "name": "Rescue", "due_in_days": 14})[0] == 201
    assert call(client, "PATCH", "/api/playbooks/rescue", catalog, {"due_in_days": 7})[1]["due_in_days"] == 7
    assert call(client, "POST", "/api/outcomes", catalog, {"key": "renewed", "name": "Renewed"})[0] == 201
    assert call(client, "POST", "/api/outcomes", catalog, {"key": "Bad Key", "name": "x"})[0] == 422
    assert call(client, "POST", "/api/outcomes", support_headers, {"key": "x", "name": "x"})[0] == 403
    assert [o["key"] for o in call(client, "GET", "/api/outcomes", support_headers)[1]["items"]] == ["renewed"]
    call(client, "PUT", "/api/accounts/acme", catalog, ACME)
    assert call(client, "PATCH", "/api/attributes/logins", catalog, {"type": "text"})[0] == 409
    assert call(client, "DELETE", "/api/outcomes/renewed", catalog)[0] == 204
    assert call(client, "GET", "/api/outcomes/renewed", catalog)[0] == 404


def test_a_csm_lists_their_own_accounts(app, client, catalog):
    """``csm``: a staff email (any case), ``me`` for the logged-in user, ``none`` for accounts
    nobody looks after; combined with the other filters."""
    from backend.services.users import create_user

    with app.app_context():
        create_user("bruno@example.com", "Bruno", "csm", "correct horse")
    for external_id, csm in (("a1", "asha@example.com"), ("a2", "bruno@example.com"),
                             ("a3", "bruno@example.com"), ("a4", None)):
        body = {"name": external_id.upper(), "csm": csm} if csm else {"name": external_id.upper()}
        assert call(client, "PUT", f"/api/accounts/{external_id}", catalog, body)[0] == 201
    listed = lambda query, headers=catalog: [a["external_id"] for a in call(  # noqa: E731
        client, "GET", f"/api/accounts?{query}", headers)[1]["items"]]
    assert listed("csm=bruno@example.com") == ["a2", "a3"]
    assert listed("csm=Bruno@Example.com") == ["a2", "a3"]
    assert listed("csm=asha@example.com") == ["a1"]
    assert listed("csm=none") == ["a4"]
    assert listed("csm=bruno@example.com&q=a3") == ["a3"]
    assert call(client, "GET", "/api/accounts?csm=bruno@example.com", catalog)[1]["total"] == 2

    browser = app.test_client()  # Bruno, signed in to the designer
    assert browser.post("/api/session", json={"email": "bruno@example.com", "password": "correct horse"}).status_code == 200
    mine = browser.get("/api/accounts?csm=me").get_json()
    assert [a["external_id"] for a in mine["items"]] == ["a2", "a3"] and mine["total"] == 2


@pytest.mark.parametrize("query", ["csm=nobody@example.com", "csm=me", "csm="])
def test_an_unknown_csm_is_422_naming_the_field(client, catalog, query):
    """An email that is no staff user is a 422, never an empty list that looks like "no
    accounts"; ``me`` with a token (which is no staff user) too."""
    status, body = call(client, "GET", f"/api/accounts?{query}", catalog)
    assert status == 422, body
    assert "csm" in str(body["error"]["details"])


def test_contacts_are_replaced_as_a_whole_and_an_address_keeps_its_unsubscribe(client, catalog):
    """PATCH "contacts" replaces the list (what the account page sends when one is added, edited or
    removed). Suppressions are kept by address, not by contact row: renaming a contact, changing
    its role or the case of its address, or removing and adding it again never lifts one."""
    body = {**ACME, "contacts": [{"name": "Ana", "email": "ana@acme.example", "role": "admin"},
                                 {"name": "Bo", "email": "bo@acme.example", "role": None}]}
    call(client, "PUT", "/api/accounts/acme", catalog, body)
    assert call(client, "POST", "/api/suppressions", catalog, {"address": "ana@acme.example"})[0] == 201
    contacts = [{"name": "Ana Silva", "email": "Ana@Acme.example", "role": "billing"},
                {"name": "Cy", "email": "cy@acme.example", "role": "admin"}]
    status, account = call(client, "PATCH", "/api/accounts/acme", catalog, {"contacts": contacts})
    assert status == 200 and account["contacts"] == contacts
    assert [s["plan_name"] for s in account["subscriptions"]] == ["Pro"]  # not given: kept
    listed = call(client, "GET", "/api/suppressions?account=acme", catalog)[1]
    assert [s["address"] for s in listed["items"]] == ["ana@acme.example"]


@pytest.mark.parametrize("contacts, row", [
    ([{"email": "ana@acme.example"}, {"name": "Ana again", "email": "ANA@acme.example"}], "1"),
    ([{"email": "ana@acme.example"}, {"email": "bo@acme.example"}, {"email": "bo@acme.example"}], "2"),
])
def test_an_address_twice_among_an_accounts_contacts_is_422_under_the_second_row(client, catalog, contacts, row):
    """Two contacts with one address would get every journey email twice: refused, naming the row,
    and nothing is written."""
    call(client, "PUT", "/api/accounts/acme", catalog, ACME)
    status, body = call(client, "PATCH", "/api/accounts/acme", catalog, {"contacts": contacts})
    assert status == 422, body
    assert body["error"]["message"] == "Some fields are not valid: contacts"
    assert list(body["error"]["details"]["contacts"]) == [row]
    assert "another contact" in body["error"]["details"]["contacts"][row]["email"][0]
    assert call(client, "GET", "/api/accounts/acme", catalog)[1]["contacts"] == ACME["contacts"]
    status, body = call(client, "PUT", "/api/accounts/other", catalog, {"name": "Other", "contacts": contacts})
    assert status == 422 and list(body["error"]["details"]["contacts"]) == [row]
    status, body = call(client, "POST", "/api/accounts/bulk", catalog,
                        {"accounts": [{"external_id": "b1", "name": "B1", "contacts": contacts},
                                      {"external_id": "b2", "name": "B2"}]})
    assert (body["created"], [e["index"] for e in body["errors"]]) == (1, [0])


def test_a_bad_contact_or_subscription_field_is_422_under_its_row(client, catalog):
    """The account page shows these under the row they concern: the details name the index."""
    call(client, "PUT", "/api/accounts/acme", catalog, ACME)
    status, body = call(client, "PATCH", "/api/accounts/acme", catalog, {
        "contacts": [{"email": "ana@acme.example"}, {"name": "Bo", "email": "bo@"}],
        "subscriptions": [{"plan_name": "Pro"}, {"mrr": "lots", "ends_on": "2026-02-30"}]})
    assert status == 422
    details = body["error"]["details"]
    assert list(details["contacts"]) == ["1"] and list(details["contacts"]["1"]) == ["email"]
    assert list(details["subscriptions"]) == ["1"] and set(details["subscriptions"]["1"]) == {"mrr", "ends_on"}
    assert call(client, "GET", "/api/accounts/acme", catalog)[1]["contacts"] == ACME["contacts"]
