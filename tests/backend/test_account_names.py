"""An account always has a name (SPEC §5 leaves it open; a CS team reads accounts by name).

Emptying it on the account page used to save a null name silently. Now a blank or null name
is refused on PUT, PATCH and bulk (a row error there), an account is not made or replaced
without one, and a name loses the spaces around it. Nothing is written when refused.
"""
from __future__ import annotations

import pytest

from backend.extensions import db
from backend.models.accounts import Account


def call(client, method, path, headers, body=None):
    response = client.open(path, method=method, json=body, headers=headers)
    return response.status_code, response.get_json(silent=True)


@pytest.fixture()
def acme(client, admin_headers):
    status, body = call(client, "PUT", "/api/accounts/acme", admin_headers, {"name": "Acme", "mrr": 10})
    assert status == 201, body
    return admin_headers


@pytest.mark.parametrize("blank", ["", "   ", None])
def test_patch_refuses_a_blank_name_and_keeps_the_one_set(client, acme, blank):
    status, body = call(client, "PATCH", "/api/accounts/acme", acme, {"name": blank, "mrr": 20})
    assert status == 422, body
    assert body["error"] == {"code": "invalid", "message": "Some fields are not valid: name",
                             "details": {"name": ["Name cannot be blank."]}}
    account = call(client, "GET", "/api/accounts/acme", acme)[1]
    assert (account["name"], account["mrr"]) == ("Acme", 10)


def test_put_needs_a_name_and_trims_it(client, acme):
    status, body = call(client, "PUT", "/api/accounts/acme", acme, {"mrr": 30})
    assert status == 422, body
    assert body["error"]["details"] == {"name": ["Required: an account needs a name."]}
    status, body = call(client, "PUT", "/api/accounts/beta", acme, {"stage": "new"})
    assert status == 422 and call(client, "GET", "/api/accounts/beta", acme)[0] == 404
    status, body = call(client, "PUT", "/api/accounts/acme", acme, {"name": "  Acme Corp "})
    assert status == 200 and body["name"] == "Acme Corp"


def test_patch_without_a_name_keeps_it(client, acme):
    status, body = call(client, "PATCH", "/api/accounts/acme", acme, {"mrr": 40})
    assert status == 200 and (body["name"], body["mrr"]) == ("Acme", 40)


def test_bulk_reports_a_blank_or_missing_name_as_a_row_error(app, client, acme):
    status, body = call(client, "POST", "/api/accounts/bulk", acme, {"accounts": [
        {"external_id": "acme", "mrr": 50},           # exists: its name is kept
        {"external_id": "beta", "name": "Beta"},
        {"external_id": "gamma", "stage": "new"},     # would be made without a name
        {"external_id": "delta", "name": "  "},
        {"external_id": "acme2", "name": None}]})
    assert status == 200, body
    assert (body["created"], body["updated"]) == (1, 1)
    assert [(e["index"], e["external_id"], e["error"]["details"]) for e in body["errors"]] == [
        (2, "gamma", {"name": ["Required: an account needs a name."]}),
        (3, "delta", {"name": ["Name cannot be blank."]}),
        (4, "acme2", {"name": ["Name cannot be blank."]})]
    with app.app_context():
        names = dict(db.session.execute(db.select(Account.external_id, Account.name)).all())
    assert names == {"acme": "Acme", "beta": "Beta"}
