"""The OpenAPI document lists every /api endpoint, and schemathesis, driving the app
in-process (WSGI) with an admin token, gets no 5xx from any of them."""
from __future__ import annotations

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from .journey_workspace import add_account, example, seed_workspace


@pytest.fixture()
def api_schema(app, client, admin_headers):
    seed_workspace(app)
    add_account(app, "acme", "Acme")
    journey = client.post("/api/journeys", json={"key": "drip", "name": "Drip", "graph": example("onboarding-drip")},
                          headers=admin_headers).get_json()
    client.post(f"/api/journeys/{journey['id']}/publish", headers=admin_headers)
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app, headers=admin_headers)


def _fuzz(operation, mode, headers, failures, examples):
    """Run ``examples`` generated cases of one operation; record each 5xx (or bad error body)."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case):
        response = case.call(headers=headers)
        if case.path == "/api/health" and response.status_code == 503:
            return  # "degraded": no worker or scheduler runs in this test (by design)
        if response.status_code >= 500 or (response.status_code >= 400 and "error" not in response.json()):
            failures.setdefault((mode.value, case.method, case.path), (
                case.formatted_path, case.query, case.body, response.status_code, response.text[:300]))

    run()


def test_no_server_errors_on_any_endpoint(api_schema, admin_headers):
    """Positive and negative (wrong types, missing and unknown fields) cases for every
    operation. (schemathesis' pytest fixture loader does not run on pytest 9, hence the loop.)"""
    failures: dict = {}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 30
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _fuzz(operation, mode, admin_headers, failures, examples=25)
    assert not failures, "\n".join(f"{k}: {v}" for k, v in failures.items())


def test_the_document_lists_every_api_route(app, client, admin_headers):
    document = client.get("/api/openapi.json", headers=admin_headers).get_json()
    documented = {(path, method.upper()) for path, ops in document["paths"].items()
                  for method in ops if method != "parameters"}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api") or rule.rule in ("/api/openapi.json", "/api/docs"):
            continue   # the document itself, and the HTML page that shows it
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (path, method) in documented, f"{method} {path} is not in /api/openapi.json"


def test_journey_operations_document_their_schemas(client, admin_headers):
    document = client.get("/api/openapi.json", headers=admin_headers).get_json()
    put = document["paths"]["/api/journeys/{journey_id}"]["put"]
    assert "requestBody" in put and "200" in put["responses"]
    body_ref = put["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    body = document["components"]["schemas"][body_ref.rsplit("/", 1)[-1]]
    assert set(body["required"]) == {"graph", "draft_version"}
    assert "422" in put["responses"] or "default" in put["responses"]
