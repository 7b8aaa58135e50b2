"""API polish (issue 12): malformed JSON answers in the SPEC error shape on every
endpoint, whole numbers stay integers, and every timestamp carries its offset."""
from __future__ import annotations

import re

import pytest


def _sample(match) -> str:
    converter = match.group(1)
    if converter.startswith("any("):
        return converter[4:].split(",")[0].strip()
    return "1"   # fits int and string converters alike


def _body_routes(app):
    """(method, path) for every /api endpoint that takes a body, with sample path values."""
    out = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api"):
            continue
        path = re.sub(r"<([^>]+)>", _sample, rule.rule)
        for method in sorted(rule.methods & {"POST", "PUT", "PATCH"}):
            out.append((method, path))
    return out


def test_every_body_endpoint_answers_malformed_json_in_the_spec_shape(app, client, admin_headers):
    routes = _body_routes(app)
    assert len(routes) > 20
    wrong = []
    for method, path in routes:
        response = client.open(path, method=method, data='{"key": "x", ', content_type="application/json",
                               headers=admin_headers)
        body = response.get_json(silent=True)
        if response.status_code != 400 or not body or body.get("error", {}).get("code") != "bad_request" \
                or not body["error"].get("message"):
            wrong.append((method, path, response.status_code, response.get_data(as_text=True)[:80]))
    assert wrong == []


def test_a_malformed_login_is_the_spec_shape_too(client):
    response = client.post("/api/session", data="{oops", content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"
    assert "<html" not in response.get_data(as_text=True).lower()


@pytest.mark.parametrize("content_type", ["application/json", "text/plain", "application/x-www-form-urlencoded",
                                          None])
def test_a_broken_body_is_never_an_html_page(client, admin_headers, content_type):
    response = client.post("/api/journeys/validate", data="{nope", content_type=content_type,
                           headers=admin_headers)
    assert 400 <= response.status_code < 500
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert error["code"] in ("bad_request", "unsupported_media_type") and error["message"]


# --- whole numbers ---------------------------------------------------------------------

def _catalog(client, headers):
    assert client.post("/api/users", json={"email": "asha@example.com", "name": "Asha", "role": "csm"},
                       headers=headers).status_code == 201
    for key in ("logins_30d", "health_score"):
        assert client.post("/api/attributes", json={"key": key, "label": key, "type": "number"},
                           headers=headers).status_code == 201


def test_whole_numbers_stay_integers(client, admin_headers):
    _catalog(client, admin_headers)
    account = {"name": "Acme", "mrr": 1200, "amount": 14400.0, "licenses": 34, "csm": "asha@example.com",
               "custom": {"logins_30d": 7, "health_score": 72.5},
               "subscriptions": [{"status": "active", "plan_quantity": 34, "plan_unit_price": 35.29}]}
    assert client.put("/api/accounts/acme", json=account, headers=admin_headers).status_code == 201
    response = client.get("/api/accounts/acme", headers=admin_headers)
    text = response.get_data(as_text=True)
    assert '"licenses":34,' in text.replace(" ", "") or '"licenses":34}' in text.replace(" ", "")
    body = response.get_json()
    assert type(body["licenses"]) is int and body["licenses"] == 34
    assert type(body["mrr"]) is int and type(body["amount"]) is int
    assert type(body["custom"]["logins_30d"]) is int and body["custom"]["health_score"] == 72.5
    subscription = body["subscriptions"][0]
    assert type(subscription["plan_quantity"]) is int and subscription["plan_unit_price"] == 35.29
    listed = client.get("/api/accounts", headers=admin_headers).get_json()["items"][0]
    assert type(listed["licenses"]) is int


def test_plain_keeps_fractions_and_huge_floats():
    from datetime import date, datetime, timedelta, timezone

    from backend.api.json_output import plain

    assert plain({"a": [1.0, 2.5, -0.0, 1e300, True, None, "3.0"]}) == {"a": [1, 2.5, 0, 1e300, True, None, "3.0"]}
    assert type(plain(1e300)) is float
    assert plain(datetime(2026, 1, 1, 9)) == "2026-01-01T09:00:00+00:00"
    assert plain(datetime(2026, 1, 1, 9, tzinfo=timezone(timedelta(hours=2)))) == "2026-01-01T09:00:00+02:00"
    assert plain(date(2026, 1, 1)) == "2026-01-01"


# --- timestamps --------------------------------------------------------------------------

_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_OFFSET = re.compile(r"([+-]\d{2}:\d{2}|Z)$")


def _timestamps(value, path="$"):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _timestamps(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _timestamps(item, f"{path}[{i}]")
    elif isinstance(value, str) and _TIMESTAMP.match(value):
        yield path, value


def test_every_timestamp_carries_its_offset(app, client, admin_headers):
    from .journey_workspace import add_account, add_enrollment, example, seed_workspace

    seed_workspace(app)
    created = client.post("/api/journeys", json={"key": "drip", "name": "Drip", "graph": example("onboarding-drip")},
                          headers=admin_headers).get_json()
    url = f"/api/journeys/{created['id']}"
    assert client.post(f"{url}/publish", headers=admin_headers).status_code == 200
    assert client.post(f"{url}/enable", headers=admin_headers).status_code == 200
    account_id = add_account(app, "acme", "Acme", mrr=100)
    add_enrollment(app, created["id"], account_id, goal=True, steps=[("start", "entry", "entered")])
    client.put("/api/accounts/acme/milestones/first-report", headers=admin_headers)
    seen = []
    for path in (url, "/api/journeys", f"{url}/versions", "/api/accounts/acme", "/api/accounts/acme/journeys",
                 "/api/tasks", "/api/outbox", "/api/users"):
        response = client.get(path, headers=admin_headers)
        assert response.status_code == 200, (path, response.get_json())
        seen += [(path, *found) for found in _timestamps(response.get_json())]
    assert len(seen) >= 6, seen   # created/updated/enabled/published/enrolled/met... were all looked at
    assert [s for s in seen if not _OFFSET.search(s[2])] == []
