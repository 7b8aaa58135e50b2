"""Dates are written YYYY-MM-DD everywhere (issue 18: "20260101" was accepted)."""
from __future__ import annotations

import pytest

from backend.extensions import db
from backend.models.attributes import AttributeDefinition

from .journey_workspace import add_account

NOT_ISO = ["20260101", "2026-1-01", "2026-01-01T00:00:00", " 2026-01-01", "0000-01-01", "2026-02-30", 20260101]


@pytest.mark.parametrize("value", NOT_ISO)
def test_account_dates_must_be_iso(app, client, admin_headers, value):
    add_account(app, "acme", "Acme")
    with app.app_context():
        db.session.add(AttributeDefinition(key="qbr_on", label="QBR", type="date"))
        db.session.commit()
    for body in ({"created_on": value}, {"next_billing_on": value}, {"custom": {"qbr_on": value}}):
        response = client.patch("/api/accounts/acme", json=body, headers=admin_headers)
        assert response.status_code == 422, (body, response.get_json())
        assert response.get_json()["error"]["code"] == "invalid"
    response = client.put("/api/accounts/beta", json={"name": "Beta", "created_on": value}, headers=admin_headers)
    assert response.status_code == 422, response.get_json()
    account = client.get("/api/accounts/acme", headers=admin_headers).get_json()
    assert account["created_on"] is None and account["custom"].get("qbr_on") is None


def test_iso_dates_still_load(app, client, admin_headers):
    add_account(app, "acme", "Acme")
    response = client.patch("/api/accounts/acme", json={"created_on": "2026-01-01"}, headers=admin_headers)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["created_on"] == "2026-01-01"


def test_task_due_dates_must_be_iso(client, admin_headers):
    response = client.patch("/api/tasks/1", json={"due_on": "20260101"}, headers=admin_headers)
    assert response.status_code == 422, response.get_json()
