"""A support user is read-only help, never an account's CSM or sales manager (issue 18):
PUT, PATCH and bulk refuse one with a 422 naming the field, and a user who is some
account's CSM or sales manager cannot be made support (409) until the accounts have
someone else. Nothing is written when refused."""
from __future__ import annotations

import pytest

CSM, SUPPORT, SALES = "asha@example.com", "sam@example.com", "sally@example.com"


def call(client, method, path, headers, body=None):
    response = client.open(path, method=method, json=body, headers=headers)
    return response.status_code, response.get_json(silent=True)


@pytest.fixture()
def staff(client, admin_headers):
    for email, role in ((CSM, "csm"), (SUPPORT, "support"), (SALES, "sales_manager")):
        body = {"email": email, "name": email.split("@")[0].title(), "role": role}
        assert call(client, "POST", "/api/users", admin_headers, body)[0] == 201
    return admin_headers


def _assert_support_refused(status, body, field):
    assert status == 422, body
    error = body["error"]
    assert error["code"] == "invalid"
    assert field in error["message"]
    [problem] = error["details"][field]
    assert "support user" in problem and SUPPORT in problem


@pytest.mark.parametrize("field", ["csm", "sales_manager"])
def test_put_refuses_a_support_user_as_account_staff(client, staff, field):
    status, body = call(client, "PUT", "/api/accounts/acme", staff, {"name": "Acme", field: SUPPORT})
    _assert_support_refused(status, body, field)
    assert call(client, "GET", "/api/accounts/acme", staff)[0] == 404


@pytest.mark.parametrize("field", ["csm", "sales_manager"])
def test_patch_refuses_a_support_user_and_keeps_the_account(client, staff, field):
    assert call(client, "PUT", "/api/accounts/acme", staff, {"name": "Acme", "csm": CSM,
                                                            "sales_manager": SALES})[0] == 201
    status, body = call(client, "PATCH", "/api/accounts/acme", staff, {field: SUPPORT, "mrr": 5})
    _assert_support_refused(status, body, field)
    account = call(client, "GET", "/api/accounts/acme", staff)[1]
    assert (account["csm"], account["sales_manager"], account["mrr"]) == (CSM, SALES, None)


def test_bulk_refuses_the_row_and_keeps_the_others(client, staff):
    rows = [{"external_id": "b1", "name": "One", "csm": CSM},
            {"external_id": "b2", "name": "Two", "csm": SUPPORT},
            {"external_id": "b3", "name": "Three", "sales_manager": SUPPORT.upper()}]
    status, body = call(client, "POST", "/api/accounts/bulk", staff, {"accounts": rows})
    assert status == 200, body
    assert (body["created"], body["updated"]) == (1, 0)
    assert [(e["index"], e["external_id"], sorted(e["error"]["details"])) for e in body["errors"]] == [
        (1, "b2", ["csm"]), (2, "b3", ["sales_manager"])]
    assert "support user" in body["errors"][0]["error"]["details"]["csm"][0]
    assert call(client, "GET", "/api/accounts/b2", staff)[0] == 404


@pytest.mark.parametrize("field, words", [("csm", "the CSM of 1 account(s)"),
                                          ("sales_manager", "the sales manager of 1 account(s)")])
def test_account_staff_cannot_become_support_until_the_accounts_move(client, staff, field, words):
    user = CSM if field == "csm" else SALES
    assert call(client, "PUT", "/api/accounts/acme", staff, {"name": "Acme", field: user})[0] == 201
    status, body = call(client, "PATCH", f"/api/users/{user}", staff, {"role": "support", "name": "Renamed"})
    assert status == 409, body
    assert body["error"]["code"] == "conflict"
    assert words in body["error"]["message"] and "cannot" in body["error"]["message"]
    unchanged = call(client, "GET", f"/api/users/{user}", staff)[1]
    assert unchanged["role"] != "support" and unchanged["name"] != "Renamed"
    assert call(client, "PATCH", "/api/accounts/acme", staff, {field: None})[0] == 200
    status, body = call(client, "PATCH", f"/api/users/{user}", staff, {"role": "support"})
    assert status == 200 and body["role"] == "support"


def test_other_role_changes_are_not_held_up(client, staff):
    assert call(client, "PUT", "/api/accounts/acme", staff, {"name": "Acme", "csm": CSM})[0] == 201
    status, body = call(client, "PATCH", f"/api/users/{CSM}", staff, {"role": "sales_manager"})
    assert status == 200 and body["role"] == "sales_manager"
    status, body = call(client, "PATCH", f"/api/users/{SALES}", staff, {"role": "support"})
    assert status == 200 and body["role"] == "support"
