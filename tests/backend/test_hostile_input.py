"""Hostile input is a 400/415/422 in the SPEC error shape, never a 500, and writes nothing
(issue 18): deep JSON, deep rules, lone surrogates, 1e309 / NaN / integers beyond 64
bits, relative dates out of range, offsets beyond 64 bits, bodies that are not JSON.

Targeted cases first, then a hypothesis sweep that sends generated hostile bodies and
query strings to every /api route.
"""
from __future__ import annotations

import hashlib
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from backend.extensions import db

from .journey_workspace import add_account, example, seed_workspace

SURROGATE = '"\\udc80"'          # JSON text for a lone low surrogate
HUGE = str(2 ** 64)
HOSTILE_NUMBERS = ["1e309", "-1e309", "NaN", "Infinity", HUGE, "-" + HUGE, "1" + "0" * 30]


def fingerprint(app) -> str:
    """A digest of every row of every table: equal before and after means nothing was written.
    (A token's last-used stamp is bookkeeping of the call itself, not a write it asked for.)"""
    digest = hashlib.sha256()
    with app.app_context():
        for table in db.metadata.sorted_tables:
            columns = [c for c in table.c if (table.name, c.name) != ("api_tokens", "last_used_at")]
            for row in db.session.execute(select(*columns)).all():
                digest.update(repr(tuple(row)).encode())
        db.session.remove()
    return digest.hexdigest()


@pytest.fixture()
def workspace(app, client, admin_headers):
    seed_workspace(app)
    add_account(app, "acme", "Acme")
    response = client.post("/api/journeys", json={"key": "drip", "name": "Drip",
                                                  "graph": example("onboarding-drip")}, headers=admin_headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def send(client, headers, method, path, raw: str | None = None, content_type="application/json"):
    kwargs = {"headers": headers}
    if raw is not None:
        kwargs.update(data=raw.encode("utf-8", "surrogatepass"), content_type=content_type)
    return client.open(path, method=method, **kwargs)


def assert_refused(response, statuses=(400, 422)):
    assert response.status_code in statuses, (response.status_code, response.get_data(as_text=True)[:300])
    error = response.get_json()["error"]
    assert set(error) == {"code", "message", "details"} and error["message"]


def _nested(depth: int, leaf: str = "1") -> str:
    return "[" * depth + leaf + "]" * depth


def _deep_rule(depth: int) -> str:
    rule = '{"property": "account.mrr", "op": "gt", "value": 1}'
    for _ in range(depth):
        rule = '{"not": ' + rule + "}"
    return rule


def _segment(rule_json: str) -> str:
    return '{"key": "hostile", "name": "Hostile", "rule": ' + rule_json + "}"


def _mrr_rule(value_json: str, op: str = "gt", prop: str = "account.mrr") -> str:
    return '{"all": [{"property": "%s", "op": "%s", "value": %s}]}' % (prop, op, value_json)


TARGETED = [
    # JSON nested deeper than the NUL check's recursion could take (~330) and than the parser's
    ("POST", "/api/journeys/validate", _nested(400)),
    ("POST", "/api/journeys/validate", '{"graph": ' + _nested(100_000) + "}"),
    ("PATCH", "/api/accounts/acme", '{"custom": {"nps": ' + _nested(350) + "}}"),
    ("POST", "/api/segments", _segment(_deep_rule(1000))),
    ("POST", "/api/segments/preview", '{"rule": ' + _deep_rule(1000) + "}"),
    # lone surrogates in any string, keys included
    ("POST", "/api/segments", '{"key": "s", "name": ' + SURROGATE + ', "rule": ' + _mrr_rule("1") + "}"),
    ("PATCH", "/api/accounts/acme", '{"name": ' + SURROGATE + "}"),
    ("PATCH", "/api/accounts/acme", '{"custom": {' + SURROGATE + ': 1}}'),
    ("POST", "/api/accounts/bulk", '{"accounts": [{"external_id": ' + SURROGATE + ', "name": "x"}]}'),
    ("PUT", "/api/templates/intro", '{"subject": "Hi", "body": ' + SURROGATE + "}"),
    ("POST", "/api/users", '{"email": "x@example.com", "name": ' + SURROGATE + ', "role": "csm"}'),
    ("POST", "/api/journeys", '{"key": "k", "name": ' + SURROGATE + ', "graph": {}}'),
    # numbers no column holds: in rule values and custom numbers
    *[("POST", "/api/segments", _segment(_mrr_rule(n))) for n in HOSTILE_NUMBERS],
    *[("PATCH", "/api/accounts/acme", '{"custom": {"nps": %s}}' % n) for n in HOSTILE_NUMBERS],
    *[("PATCH", "/api/accounts/acme", '{"mrr": %s}' % n) for n in HOSTILE_NUMBERS[:5]],
    ("POST", "/api/segments/preview", '{"rule": ' + _mrr_rule(HUGE) + "}"),
    # relative dates out of range
    ("POST", "/api/segments", _segment(_mrr_rule('{"days_from_now": 999999999}', "before", "account.created_on"))),
    ("POST", "/api/segments", _segment(_mrr_rule('{"days": 999999999}', "within_next", "account.created_on"))),
    ("POST", "/api/segments/preview",
     '{"rule": ' + _mrr_rule('{"days_from_now": -999999999}', "after", "account.created_on") + "}"),
    ("POST", "/api/journeys", '{"key": "k", "name": "n", "graph": {"format": "journey/v1", "nodes": [], '
                              '"edges": [], "ui": {"zoom": 1e309}}}'),
]


@pytest.mark.parametrize("method,path,raw", TARGETED, ids=[f"{i}-{m}-{p}" for i, (m, p, _r) in enumerate(TARGETED)])
def test_hostile_bodies_are_refused_and_write_nothing(app, client, admin_headers, workspace, method, path, raw):
    before = fingerprint(app)
    assert_refused(send(client, admin_headers, method, path, raw))
    assert fingerprint(app) == before


LISTS = ["/api/accounts", "/api/outbox", "/api/tasks", "/api/journeys", "/api/segments/new-accounts/accounts",
         "/api/accounts/acme/journeys"]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("query", [f"offset={HUGE}", f"offset=-{HUGE}", f"limit={HUGE}", "offset=" + "9" * 5000])
def test_offsets_beyond_64_bits_are_refused(client, admin_headers, workspace, path, query):
    assert_refused(client.get(f"{path}?{query}", headers=admin_headers))


def test_the_largest_64_bit_offset_is_an_empty_page(client, admin_headers, workspace):
    response = client.get(f"/api/accounts?offset={2 ** 63 - 1}", headers=admin_headers)
    assert response.status_code in (200, 422), response.get_json()


WRITE_ROUTES = [("POST", "/api/segments"), ("POST", "/api/journeys"), ("PATCH", "/api/accounts/acme"),
                ("POST", "/api/accounts/bulk"), ("PUT", "/api/templates/intro"), ("POST", "/api/users"),
                ("POST", "/api/journeys/validate"), ("POST", "/api/session"), ("DELETE", "/api/segments/new-accounts")]


@pytest.mark.parametrize("method,path", WRITE_ROUTES)
@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"])
def test_bodies_that_are_not_json_get_415(app, client, admin_headers, workspace, method, path, content_type):
    before = fingerprint(app)
    response = send(client, admin_headers, method, path, '{"key": "x", "name": "y"}', content_type)
    assert_refused(response, (415,))
    assert response.get_json()["error"]["code"] == "unsupported_media_type"
    assert fingerprint(app) == before


def test_a_plain_valid_request_still_works(client, admin_headers, workspace):
    response = send(client, admin_headers, "PATCH", "/api/accounts/acme", '{"custom": {"nps": 9007199254740993}}')
    assert response.status_code == 200, response.get_json()
    response = send(client, admin_headers, "POST", "/api/journeys/validate", json.dumps(example("onboarding-drip")))
    assert response.status_code == 200


# --- the sweep: generated hostile input on every route --------------------------------------------

_LEAVES = st.sampled_from([SURROGATE, '"ok\\ud800"', '"\\udfff"', *HOSTILE_NUMBERS, _nested(400),
                           _deep_rule(1000), '{"days_from_now": 999999999}', '"0000-00-00"', '"99999-01-01"'])
_PLAIN = st.one_of(st.integers(-10, 10).map(str), st.sampled_from(['"acme"', '"x"', "true", "null", '"2026-01-01"']))
_KEYS = st.sampled_from(["key", "name", "rule", "value", "custom", "graph", "account", "accounts", "subject",
                         "body", "email", "role", "mrr", "nps", "days", "draft_version", "status", "changes"])


def _json_with_hostile_leaf():
    def obj(children):
        return st.one_of(
            st.lists(children, min_size=1, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
            st.dictionaries(_KEYS, children, min_size=1, max_size=3).map(
                lambda d: "{" + ", ".join(f'"{k}": {v}' for k, v in d.items()) + "}"))

    hostile = st.recursive(_LEAVES, obj, max_leaves=4)
    plain = st.recursive(_PLAIN, obj, max_leaves=4)
    # a dict of plain fields with one hostile value somewhere
    return st.tuples(st.dictionaries(_KEYS, plain, max_size=3), _KEYS, hostile).map(
        lambda t: "{" + ", ".join([f'"{k}": {v}' for k, v in t[0].items() if k != t[1]]
                                 + [f'"{t[1]}": {t[2]}']) + "}")


def _routes(app, journey_id):
    values = {"external_id": "acme", "kind": "milestones", "key": "first-report", "enrollment_id": "1",
              "journey_id": str(journey_id), "node_id": "start", "task_id": "1", "email": "asha@example.com",
              "token_id": "1", "number": "1", "email_id": "1", "name": "CRM_TOKEN", "call_id": "1",
              "address": "ana@acme.example"}
    keyed = {"segments": "new-accounts", "attributes": "nps", "milestones": "first-report",
             "outcomes": "renewed", "playbooks": "renewal-rescue", "templates": "intro"}
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api") or rule.rule == "/api/openapi.json":
            continue
        path = rule.rule
        for resource, key in keyed.items():
            path = path.replace(f"/{resource}/<key>", f"/{resource}/{key}")
        path = re.sub(r"<(?:[^:>]+(?:\([^)]*\))?:)?([^>]+)>", lambda m: values[m.group(1)], path)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((method, path))
    return routes


def test_sweep_every_route_with_hostile_bodies_and_queries(app, client, admin_headers, workspace):
    routes = _routes(app, workspace)
    assert len(routes) >= 60
    failures = []

    for method, path in routes:
        @given(raw=_json_with_hostile_leaf(),
               query=st.sampled_from([f"offset={HUGE}", f"limit=-{HUGE}", "q=%ED%B2%80", "segment=%00",
                                      "offset=" + "1" * 30]))
        @settings(max_examples=6, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(raw, query):
            before = fingerprint(app)
            if method in ("POST", "PUT", "PATCH", "DELETE"):
                response = send(client, admin_headers, method, path, raw)
            else:
                response = client.get(f"{path}?{query}", headers=admin_headers)
            ok = response.status_code in (400, 404, 409, 413, 415, 422) and "error" in (response.get_json() or {})
            if path == "/api/health" and response.status_code in (200, 503):
                ok = True
            if method == "GET" and response.status_code == 200 and "offset" not in query and "limit" not in query:
                ok = True  # q / segment text that is merely odd
            if not ok or (response.status_code >= 400 and fingerprint(app) != before):
                failures.append((method, path, raw[:200], query, response.status_code,
                                 response.get_data(as_text=True)[:200]))

        run()
    assert not failures, "\n".join(map(str, failures[:20]))
