"""Workspace settings (SPEC §8): ``GET/PUT /api/settings`` and ``services.workspace_settings``.

Defaults when nothing is stored, partial PUTs keep the other keys, each bad value is a
422 naming it that changes nothing, only admins read or write, and every change is
audited with what changed.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from backend.extensions import db
from backend.models.audit import AuditEntry

DEFAULTS = {"default_timezone": "UTC", "frequency_cap": {"emails": 3, "per_days": 7}, "tracking": True,
            "public_url": "http://127.0.0.1:5000", "default_from": "journeys@localhost"}


def test_defaults_when_nothing_is_stored(client, admin_headers):
    response = client.get("/api/settings", headers=admin_headers)
    assert response.status_code == 200
    assert response.get_json() == DEFAULTS


def test_public_url_defaults_to_the_config(app, app_ctx, monkeypatch):
    from backend.services import workspace_settings

    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://cs.example.com/")
    assert workspace_settings.load()["public_url"] == "https://cs.example.com"


def test_the_default_sender_comes_from_mail_from_and_the_workspace_setting_wins(app, app_ctx, monkeypatch):
    from backend.services import workspace_settings

    monkeypatch.setitem(app.config, "MAIL_FROM", "journeys@cs.example.com")
    assert workspace_settings.load()["default_from"] == "journeys@cs.example.com"
    workspace_settings.update({"default_from": " success@example.com "})
    assert workspace_settings.load()["default_from"] == "success@example.com"


def test_put_a_subset_keeps_the_rest_and_is_audited(app, client, admin_headers):
    response = client.put("/api/settings", headers=admin_headers,
                          json={"default_timezone": "Europe/Berlin", "frequency_cap": None})
    assert response.status_code == 200, response.get_json()
    expected = {**DEFAULTS, "default_timezone": "Europe/Berlin", "frequency_cap": None}
    assert response.get_json() == expected
    assert client.get("/api/settings", headers=admin_headers).get_json() == expected

    client.put("/api/settings", headers=admin_headers,
               json={"tracking": False, "public_url": "https://cs.example.com/",
                     "frequency_cap": {"emails": 2, "per_days": 1}})
    after = client.get("/api/settings", headers=admin_headers).get_json()
    assert after == {"default_timezone": "Europe/Berlin", "frequency_cap": {"emails": 2, "per_days": 1},
                     "tracking": False, "public_url": "https://cs.example.com",
                     "default_from": "journeys@localhost"}
    with app.app_context():
        log = list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == "settings.update")
                                      .order_by(AuditEntry.id)))
        assert [(e.actor, e.target_type) for e in log] == [("test-admin", "settings")] * 2
        assert log[0].changes == {"default_timezone": {"from": "UTC", "to": "Europe/Berlin"},
                                  "frequency_cap": {"from": {"emails": 3, "per_days": 7}, "to": None}}
        assert set(log[1].changes) == {"tracking", "public_url", "frequency_cap"}


@pytest.mark.parametrize("body, field", [
    ({"default_timezone": "Mars/Olympus"}, "default_timezone"),
    ({"default_timezone": "../../etc/passwd"}, "default_timezone"),
    ({"default_timezone": ""}, "default_timezone"),
    ({"frequency_cap": {"emails": 0, "per_days": 7}}, "frequency_cap"),
    ({"frequency_cap": {"emails": 3}}, "frequency_cap"),
    ({"frequency_cap": {"emails": 3, "per_days": 9999}}, "frequency_cap"),
    ({"frequency_cap": {"emails": "3", "per_days": 7}}, "frequency_cap"),
    ({"tracking": "yes please"}, "tracking"),
    ({"public_url": "ftp://files.example.com"}, "public_url"),
    ({"public_url": "javascript:alert(1)"}, "public_url"),
    ({"public_url": "https://x.example.com/?a=1"}, "public_url"),
    ({"default_from": "success at example.com"}, "default_from"),
    ({"default_from": ""}, "default_from"),
    ({"colour": "blue"}, "colour"),
])
def test_bad_values_are_422_and_change_nothing(app, client, admin_headers, body, field):
    before = client.get("/api/settings", headers=admin_headers).get_json()
    response = client.put("/api/settings", headers=admin_headers, json={**body, "tracking": False}
                          if "tracking" not in body else body)
    assert response.status_code == 422, response.get_json()
    error = response.get_json()["error"]
    assert field in error["message"]
    assert client.get("/api/settings", headers=admin_headers).get_json() == before
    with app.app_context():
        assert not db.session.scalars(select(AuditEntry).where(AuditEntry.action == "settings.update")).all()


def test_service_refuses_what_the_api_schema_cannot_see(app_ctx):
    from backend.errors import Invalid
    from backend.services import workspace_settings

    with pytest.raises(Invalid) as caught:
        workspace_settings.update({"default_timezone": "Nowhere/Town", "frequency_cap": {"emails": True,
                                                                                          "per_days": 7}})
    assert set(caught.value.details) == {"default_timezone", "frequency_cap"}
    assert workspace_settings.load() == DEFAULTS


def test_only_admins(client, csm_headers, support_headers):
    for headers in (csm_headers, support_headers):
        assert client.get("/api/settings", headers=headers).status_code == 403
        assert client.put("/api/settings", headers=headers, json={"tracking": False}).status_code == 403
    assert client.get("/api/settings").status_code == 401


@pytest.mark.parametrize("body, details", [
    # refused before any schema (no column holds it): at its field, as a schema's error is
    ('{"frequency_cap": {"emails": 99999999999999999999, "per_days": 7}}',
     {"frequency_cap": {"emails": ["Whole numbers must fit in 64 bits (at most 9223372036854775807 either way)."]}}),
    # out of the service's range: under the number, not the whole cap
    ('{"frequency_cap": {"emails": 3, "per_days": 9999}}',
     {"frequency_cap": {"per_days": ["Must be a whole number from 1 to 365."]}}),
])
def test_a_cap_number_refused_is_said_at_its_field(app, client, admin_headers, body, details):
    """So the settings page can say it under the box it is about (it said "Whole numbers must
    fit in 64 bits…" as a banner that stayed after the value was corrected)."""
    before = client.get("/api/settings", headers=admin_headers).get_json()
    response = client.put("/api/settings", headers=admin_headers, data=body, content_type="application/json")
    assert response.status_code == 422, response.get_json()
    error = response.get_json()["error"]
    assert (error["code"], error["details"]) == ("invalid", details)
    assert error["message"].startswith("Some fields are not valid: frequency_cap")
    assert client.get("/api/settings", headers=admin_headers).get_json() == before
