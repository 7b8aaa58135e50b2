"""GET /api/catalog lists every name a graph may use; validation uses the same names."""
from __future__ import annotations

import pytest

from backend.extensions import db
from backend.models.accounts import Contact

from .journey_workspace import add_account, example, seed_workspace


def test_catalog_lists_the_workspace(app, client, support_headers, admin_headers):
    seed_workspace(app)
    account = add_account(app, "acme")
    with app.app_context():
        db.session.add_all([Contact(account_id=account, email="a@acme.test", role="admin"),
                            Contact(account_id=account, email="b@acme.test", role="billing"),
                            Contact(account_id=account, email="c@acme.test", role="admin")])
        db.session.commit()
    client.post("/api/journeys", json={"key": "drip", "name": "Drip"}, headers=admin_headers)
    response = client.get("/api/catalog", headers=support_headers)
    assert response.status_code == 200
    catalog = response.get_json()
    assert [s["key"] for s in catalog["segments"]] == ["new-accounts", "new-low-touch", "renewal-90d"]
    assert {"key": "onboarding-1", "subject": "onboarding-1 for {{ account.name }}"} in catalog["templates"]
    assert catalog["playbooks"] == [{"key": "renewal-rescue", "name": "Renewal rescue", "due_in_days": 14}]
    assert {"email": "asha@example.com", "name": "Asha", "role": "csm"} in catalog["users"]
    assert catalog["milestones"] == [{"key": "first-report", "name": "First report"}]
    assert catalog["outcomes"] == [{"key": "renewed", "name": "Renewed"}]
    assert {"key": "logins_30d", "label": "logins_30d", "type": "number"} in catalog["attributes"]
    assert catalog["journeys"] == [{"key": "drip", "name": "Drip"}]
    assert catalog["contact_roles"] == ["admin", "billing"]


@pytest.mark.parametrize("name", ["onboarding-drip", "new-account-round-robin", "renewal-90-days"])
def test_every_shared_example_is_valid_in_a_workspace_that_defines_its_names(app, client, admin_headers, name):
    seed_workspace(app)
    client.post("/api/journeys", json={"key": "onboarding-drip", "name": "x"}, headers=admin_headers)
    body = client.post("/api/journeys/validate", json=example(name), headers=admin_headers).get_json()
    assert body == {"valid": True, "problems": []}


def test_the_same_example_is_invalid_in_an_empty_workspace(client, admin_headers):
    body = client.post("/api/journeys/validate", json=example("renewal-90-days"), headers=admin_headers).get_json()
    codes = {p["code"] for p in body["problems"]}
    assert body["valid"] is False
    assert {"unknown_segment", "unknown_template", "unknown_playbook", "unknown_journey",
            "unknown_outcome", "unknown_attribute"} <= codes


def test_catalog_serves_graph_engines_fields_and_operators(client, support_headers):
    """The rule builder reads field types and operators from here, not from a copy of its own."""
    from graph_engine.catalog import ACCOUNT_FIELDS, SUBSCRIPTION_FIELDS
    from graph_engine.rulespec import OPS_BY_TYPE, USER_OPS

    catalog = client.get("/api/catalog", headers=support_headers).get_json()
    account = {f["key"]: f for f in catalog["fields"]["account"]}
    assert {k: f["type"] for k, f in account.items()} == dict(ACCOUNT_FIELDS)
    assert account["mrr"]["writable"] and not account["external_id"]["writable"]
    assert [(f["key"], f["type"]) for f in catalog["fields"]["subscription"]] == list(SUBSCRIPTION_FIELDS.items())
    assert catalog["operators"]["date"] == list(OPS_BY_TYPE["date"])  # in the order to offer them
    assert catalog["operators"]["user"] == list(USER_OPS)
    assert catalog["operators"]["membership"] == ["has_met", "has_not_met"]


def test_the_front_ends_copy_of_the_vocabulary_is_graph_engines():
    """frontend/src/inspector/vocabulary.json serves screens with no catalog loaded; it may not drift.

    Regenerate it with: .venv/bin/python -c "import json, graph_engine.catalog as c;
    print(json.dumps(c.vocabulary(), indent=2))" > frontend/src/inspector/vocabulary.json
    """
    import json

    from backend.config import REPO_ROOT
    from graph_engine.catalog import vocabulary

    copy = json.loads((REPO_ROOT / "frontend/src/inspector/vocabulary.json").read_text())
    assert copy == vocabulary()
