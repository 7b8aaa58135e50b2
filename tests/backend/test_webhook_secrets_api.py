"""Secrets (SPEC §9): admin only, values write-only — encrypted at rest, never in responses,
the audit log or logs; the signing secret shown once; the designer's test request goes
through the same egress checks as the engine."""
from __future__ import annotations

import json
import logging

import pytest
from sqlalchemy import select

from backend.extensions import db
from backend.models.audit import AuditEntry
from backend.models.webhooks import Secret
from backend.outbound import secret_box
from backend.outbound.egress import EgressRefused, check_destination, why_not_public
from backend.outbound.signing import verify
from tests.backend.webhook_server import Hook

VALUE = "very-secret-value-9f3a"


def post(client, headers, path, body, status):
    response = client.post(path, json=body, headers=headers)
    assert response.status_code == status, response.get_json()
    return response.get_json()


def test_values_are_write_only_and_encrypted(app, client, admin_headers, caplog):
    caplog.set_level(logging.DEBUG)
    created = post(client, admin_headers, "/api/secrets", {"name": "CRM", "value": VALUE,
                                                           "description": "CRM token"}, 201)
    assert created["name"] == "CRM" and "value" not in created
    post(client, admin_headers, "/api/secrets", {"name": "CRM", "value": VALUE + "2"}, 201)
    listed = client.get("/api/secrets", headers=admin_headers)
    assert listed.status_code == 200 and [i["name"] for i in listed.get_json()["items"]] == ["CRM"]
    everything = [listed.get_data(as_text=True), json.dumps(created)]
    everything.append(client.get("/api/audit", headers=admin_headers).get_data(as_text=True))
    everything.append(client.get("/api/openapi.json", headers=admin_headers).get_data(as_text=True))
    with app.app_context():
        row = db.session.get(Secret, "CRM")
        assert VALUE.encode() not in bytes(row.ciphertext)
        assert secret_box.decrypt(row.ciphertext) == VALUE + "2"
        audits = db.session.scalars(select(AuditEntry).where(AuditEntry.target_type == "secret")
                                    .order_by(AuditEntry.id)).all()  # PostgreSQL keeps no order unasked
        assert [a.action for a in audits] == ["secret.create", "secret.update"]
        everything += [json.dumps(a.changes) + a.summary for a in audits]
        db.session.rollback()
    everything.append(caplog.text)
    assert not [text for text in everything if VALUE in text]
    assert client.delete("/api/secrets/CRM", headers=admin_headers).status_code == 204
    assert client.delete("/api/secrets/CRM", headers=admin_headers).status_code == 404


def test_only_admins_see_or_change_secrets(client, csm_headers, support_headers):
    for headers in (csm_headers, support_headers):
        assert client.get("/api/secrets", headers=headers).status_code == 403
        assert client.post("/api/secrets", json={"name": "X", "value": "y"}, headers=headers).status_code == 403
        assert client.post("/api/secrets/signing", headers=headers).status_code == 403


@pytest.mark.parametrize("body", [{"name": "bad name", "value": "x"}, {"name": "_signing", "value": "x"},
                                  {"name": "X", "value": ""}, {"name": "X"}, {"value": "x"},
                                  {"name": "X", "value": "x", "extra": 1}])
def test_bad_secrets_are_refused(client, admin_headers, body):
    assert client.post("/api/secrets", json=body, headers=admin_headers).status_code in (400, 422)


def test_the_signing_secret_is_shown_once(app, client, admin_headers):
    first = post(client, admin_headers, "/api/secrets/signing", None, 201)
    assert first["value"].startswith("whsec_")
    listed = client.get("/api/secrets", headers=admin_headers).get_data(as_text=True)
    assert first["value"] not in listed and json.loads(listed)["signing"]["exists"] is True
    second = post(client, admin_headers, "/api/secrets/signing", None, 201)
    assert second["value"] != first["value"]
    with app.app_context():
        assert secret_box.signing_secret() == second["value"]
        text = json.dumps([a.changes for a in db.session.scalars(select(AuditEntry))])
        db.session.rollback()
    assert first["value"] not in text and second["value"] not in text


def test_the_test_request_sends_signed_and_masks_secrets(app, client, admin_headers, caplog):
    caplog.set_level(logging.DEBUG)  # httpx and httpcore log requests at INFO/DEBUG
    post(client, admin_headers, "/api/secrets", {"name": "TOKEN", "value": VALUE}, 201)
    signing = post(client, admin_headers, "/api/secrets/signing", None, 201)["value"]
    with Hook([(201, {}, {"received": True})]) as hook:
        app.config["WEBHOOK_ALLOWED_HOSTS"] = hook.host_port
        try:
            result = post(client, admin_headers, "/api/webhooks/test", {"config": {
                "url": hook.url + "/t/{{ account.external_id }}", "headers": {"X-Token": "{{ secret.TOKEN }}"},
                "body": '{"who": "{{ account.name }}"}'}}, 200)
        finally:
            app.config["WEBHOOK_ALLOWED_HOSTS"] = ""
        [request] = hook.requests
    assert result["status"] == 201 and result["verdict"] == "sent" and '"received"' in result["response"]
    assert request["headers"]["x-token"] == VALUE and VALUE not in json.dumps(result)
    assert "api/webhooks/test" in caplog.text or caplog.records, "nothing was logged at all"
    assert VALUE not in caplog.text
    assert request["path"] == "/t/sample-account"
    assert verify(signing, request["body"], request["headers"]["x-journeys-signature"],
                  now=int(request["headers"]["x-journeys-signature"].split(",")[0][2:]))


def test_the_test_request_refuses_loopback_when_not_listed(client, admin_headers):
    post(client, admin_headers, "/api/secrets/signing", None, 201)
    with Hook() as hook:
        result = post(client, admin_headers, "/api/webhooks/test", {"config": {"url": hook.url + "/x"}}, 200)
        assert hook.requests == []
    assert result["verdict"] == "failed" and "loopback" in result["error"]


def test_the_test_request_reports_config_problems(client, admin_headers):
    body = post(client, admin_headers, "/api/webhooks/test", {"config": {"url": "ftp://x"}}, 422)
    assert body["error"]["details"]


@pytest.mark.parametrize("address, kind", [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.9", "private"),
    ("172.16.5.5", "private"), ("169.254.169.254", "metadata"), ("169.254.1.1", "link-local"),
    ("fe80::1", "link-local"), ("224.0.0.1", "multicast"), ("0.0.0.0", "address"),
    ("::ffff:127.0.0.1", "loopback"), ("100.100.100.200", "metadata"), ("100.64.0.1", "public"),
])
def test_non_public_addresses_are_named(address, kind):
    assert kind in (why_not_public(address) or "")


def test_public_addresses_pass_and_allow_listing_is_per_host_and_port():
    fixed = lambda ip: (lambda host, port: [ip])  # noqa: E731
    destination = check_destination("https://api.example.com/v1?a=b", resolver=fixed("93.184.216.34"))
    assert destination.address == "93.184.216.34" and destination.pinned_url() == "https://93.184.216.34:443/v1?a=b"
    assert destination.host_header == "api.example.com"
    with pytest.raises(EgressRefused):
        check_destination("http://internal:8080/", resolver=fixed("10.0.0.5"))
    with pytest.raises(EgressRefused):  # another port of an allowed host is not allowed
        check_destination("http://internal:9090/", "internal:8080", resolver=fixed("10.0.0.5"))
    assert check_destination("http://internal:8080/", "internal:8080", resolver=fixed("10.0.0.5")).address == "10.0.0.5"
    with pytest.raises(EgressRefused):  # one bad address among several is enough
        check_destination("https://mixed.example.com/", resolver=lambda h, p: ["93.184.216.34", "127.0.0.1"])
