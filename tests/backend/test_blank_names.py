"""Names people read — a name, label, title or subject — are trimmed and never blank.

A journey named "   " could not be opened from the Journeys list, and an attribute labelled
"   " left an unlabelled box on the account form: every create and update path (POST, PUT,
PATCH) refuses a blank one with a 422 naming the field, and writes nothing. Empty required
fields say "Required." in words, not "Length must be between 1 and 200.".
"""
from __future__ import annotations

import pytest

from backend.extensions import db
from backend.models.audit import AuditEntry

EMPTY_GRAPH = {"format": "journey/v1", "nodes": [], "edges": []}

# (path, body with a blank human-facing field, the field, its word)
CREATES = [
    ("/api/milestones", {"key": "first-report", "name": "   "}, "name", "Name"),
    ("/api/outcomes", {"key": "renewed", "name": " \t "}, "name", "Name"),
    ("/api/playbooks", {"key": "rescue", "name": "   ", "due_in_days": 3}, "name", "Name"),
    ("/api/segments", {"key": "vip", "name": "   ", "rule": {"all": [
        {"property": "account.mrr", "op": "gt", "value": 1}]}}, "name", "Name"),
    ("/api/attributes", {"key": "nps", "label": "   ", "type": "number"}, "label", "Label"),
    ("/api/journeys", {"key": "drip", "name": "   "}, "name", "Name"),
    ("/api/templates", {"key": "hello", "subject": "   ", "body": "Hi"}, "subject", "Subject"),
    ("/api/users", {"email": "ann@example.com", "name": "   ", "role": "csm"}, "name", "Name"),
]


def _audited(app) -> int:
    with app.app_context():
        return db.session.query(AuditEntry).count()


@pytest.mark.parametrize("path, body, field, word", CREATES, ids=[c[0] for c in CREATES])
def test_a_blank_name_is_refused_on_create(app, client, admin_headers, path, body, field, word):
    before = client.get(path, headers=admin_headers).get_json()["items"]
    audited = _audited(app)
    response = client.post(path, json=body, headers=admin_headers)
    assert response.status_code == 422, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "invalid"
    assert error["message"] == f"Some fields are not valid: {field}"
    assert error["details"] == {"json": {field: [f"{word} cannot be blank."]}}
    assert client.get(path, headers=admin_headers).get_json()["items"] == before
    assert _audited(app) == audited


@pytest.mark.parametrize("path, body, field, word", CREATES, ids=[c[0] for c in CREATES])
def test_a_name_loses_the_spaces_around_it(client, admin_headers, path, body, field, word):
    response = client.post(path, json={**body, field: "  Renewal rescue \n"}, headers=admin_headers)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()[field] == "Renewal rescue"


def _made(client, headers, path, body):
    response = client.post(path, json=body, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


@pytest.mark.parametrize("kind", ["milestones", "outcomes", "playbooks"])
def test_a_blank_name_is_refused_on_update(client, admin_headers, kind):
    body = {"key": "k", "name": "Real", **({"due_in_days": 1} if kind == "playbooks" else {})}
    _made(client, admin_headers, f"/api/{kind}", body)
    for blank in ("", "   ", None):
        response = client.patch(f"/api/{kind}/k", json={"name": blank}, headers=admin_headers)
        assert response.status_code == 422, (blank, response.get_json())
        assert response.get_json()["error"]["details"] == {"json": {"name": ["Name cannot be blank."]}}
    assert client.get(f"/api/{kind}/k", headers=admin_headers).get_json()["name"] == "Real"


def test_every_other_update_path_refuses_a_blank_name(client, admin_headers):
    _made(client, admin_headers, "/api/attributes", {"key": "nps", "label": "NPS", "type": "number"})
    _made(client, admin_headers, "/api/segments", {"key": "vip", "name": "VIP", "rule": {"all": [
        {"property": "account.mrr", "op": "gt", "value": 1}]}})
    _made(client, admin_headers, "/api/templates", {"key": "hello", "subject": "Hello", "body": "Hi"})
    _made(client, admin_headers, "/api/users", {"email": "ann@example.com", "name": "Ann", "role": "csm"})
    journey = _made(client, admin_headers, "/api/journeys", {"key": "drip", "name": "Drip"})
    refused = [
        ("PATCH", "/api/attributes/nps", {"label": "  "}, "label", "Label cannot be blank."),
        ("PATCH", "/api/segments/vip", {"name": "  "}, "name", "Name cannot be blank."),
        ("PUT", "/api/templates/hello", {"subject": "  ", "body": "Hi"}, "subject", "Subject cannot be blank."),
        ("PATCH", "/api/templates/hello", {"subject": ""}, "subject", "Subject cannot be blank."),
        ("PATCH", "/api/users/ann@example.com", {"name": " "}, "name", "Name cannot be blank."),
        ("PUT", f"/api/journeys/{journey['id']}", {"graph": EMPTY_GRAPH, "draft_version": 1, "name": "  "},
         "name", "Name cannot be blank."),
        ("POST", f"/api/journeys/{journey['id']}/duplicate", {"name": "   "}, "name", "Name cannot be blank."),
    ]
    for method, path, body, field, message in refused:
        response = client.open(path, method=method, json=body, headers=admin_headers)
        assert response.status_code == 422, (method, path, response.get_json())
        assert response.get_json()["error"]["details"] == {"json": {field: [message]}}, (method, path)
    assert client.get("/api/attributes/nps", headers=admin_headers).get_json()["label"] == "NPS"
    assert client.get("/api/segments/vip", headers=admin_headers).get_json()["name"] == "VIP"
    assert client.get("/api/templates/hello", headers=admin_headers).get_json()["subject"] == "Hello"
    assert client.get("/api/users/ann@example.com", headers=admin_headers).get_json()["name"] == "Ann"
    after = client.get(f"/api/journeys/{journey['id']}", headers=admin_headers).get_json()
    assert (after["name"], after["draft_version"]) == ("Drip", 1)
    assert [j["name"] for j in client.get("/api/journeys", headers=admin_headers).get_json()["items"]] == ["Drip"]


def test_empty_required_fields_say_required_in_words(client, admin_headers):
    """Not "Length must be between 1 and 200." nor "Missing data for required field."."""
    response = client.post("/api/attributes", json={"key": "", "label": ""}, headers=admin_headers)
    assert response.status_code == 422
    assert response.get_json()["error"]["details"] == {"json": {
        "key": ["Required."], "label": ["Label cannot be blank."], "type": ["Required."]}}
    missing = client.post("/api/milestones", json={}, headers=admin_headers).get_json()["error"]
    assert missing["details"] == {"json": {"key": ["Required."], "name": ["Required."]}}
    too_long = client.post("/api/milestones", json={"key": "k" * 101, "name": "n" * 201},
                           headers=admin_headers).get_json()["error"]
    assert too_long["details"] == {"json": {"key": ["At most 100 characters."],
                                            "name": ["At most 200 characters."]}}
