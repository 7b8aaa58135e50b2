"""POST /api/segments/preview: the segment editor's live "N accounts match" and a sample of them."""
from __future__ import annotations

from .journey_workspace import add_account, seed_workspace

BIG = {"all": [{"property": "account.mrr", "op": "gt", "value": 1000}]}


def preview(client, headers, body):
    response = client.post("/api/segments/preview", json=body, headers=headers)
    return response.status_code, response.get_json()


def test_counts_the_matching_accounts_and_samples_them_by_name(app, client, admin_headers):
    add_account(app, "z1", "Zeta", mrr=5000)
    add_account(app, "a1", "alpha", mrr=2000)
    add_account(app, "small", "Small", mrr=10)
    add_account(app, "none", "No MRR")
    status, body = preview(client, admin_headers, {"rule": BIG})
    assert status == 200
    assert body == {"count": 2, "sample": [{"external_id": "a1", "name": "alpha"},
                                           {"external_id": "z1", "name": "Zeta"}]}
    # The same SQL as membership: a negation counts the unset account too.
    status, body = preview(client, admin_headers, {"rule": {"not": BIG}})
    assert (status, body["count"]) == (200, 2)
    assert {a["external_id"] for a in body["sample"]} == {"small", "none"}


def test_the_sample_is_at_most_ten_but_the_count_is_all(app, client, admin_headers):
    for i in range(12):
        add_account(app, f"acct-{i:02d}", f"Account {i:02d}", mrr=100)
    status, body = preview(client, admin_headers, {"rule": {"all": [{"property": "account.mrr", "op": "eq", "value": 100}]}})
    assert status == 200
    assert body["count"] == 12
    assert [a["external_id"] for a in body["sample"]] == [f"acct-{i:02d}" for i in range(10)]


def test_writes_nothing(app, client, admin_headers):
    add_account(app, "a1", "Alpha", mrr=2000)
    before = client.get("/api/segments", headers=admin_headers).get_json()
    preview(client, admin_headers, {"rule": BIG, "key": "would-be"})
    assert client.get("/api/segments", headers=admin_headers).get_json() == before


def test_a_bad_rule_is_422_in_the_error_shape_with_its_problems(app, client, admin_headers):
    seed_workspace(app)
    status, body = preview(client, admin_headers, {"rule": {"all": [{"property": "account.mrr", "op": "contains", "value": "x"}]}})
    assert status == 422
    assert body["error"]["code"] == "invalid"
    assert body["error"]["message"] == "The rule is not valid."
    assert isinstance(body["error"]["details"], list) and body["error"]["details"]
    status, body = preview(client, admin_headers, {"rule": {"all": [{"property": "milestone", "op": "has_met", "value": "nope"}]}})
    assert status == 422
    assert "nope" in str(body["error"]["details"])


def test_a_missing_rule_is_422_naming_the_field(client, admin_headers):
    status, body = preview(client, admin_headers, {})
    assert status == 422
    assert body["error"]["details"]["json"]["rule"]


def test_with_the_key_it_refuses_what_saving_that_segment_would(app, client, admin_headers):
    seed_workspace(app)
    own = {"all": [{"property": "segment", "op": "has_met", "value": "renewal-90d"}]}
    status, body = preview(client, admin_headers, {"rule": own, "key": "renewal-90d"})
    assert status == 422
    assert "itself" in body["error"]["message"]
    # Another segment may read it.
    assert preview(client, admin_headers, {"rule": own, "key": "new-accounts"})[0] == 200


def test_every_role_may_preview(app, client, csm_headers, support_headers):
    add_account(app, "a1", "Alpha", mrr=2000)
    assert preview(client, csm_headers, {"rule": BIG}) == (200, {"count": 1, "sample": [{"external_id": "a1", "name": "Alpha"}]})
    assert preview(client, support_headers, {"rule": BIG})[0] == 200
