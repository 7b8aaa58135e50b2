"""The webhook action (SPEC §9): config validation, the CallWebhook effect, and simulate
showing the request it would send (sending nothing)."""

from __future__ import annotations

from datetime import datetime

import pytest
from ge_helpers import CATALOG, edge, entry, graph, node

from graph_engine import parse_graph, simulate, start, validate
from graph_engine.effects import CallWebhook
from graph_engine.webhook_config import secret_names

T0 = datetime(2026, 3, 10, 9)
GOOD = {"url": "https://hooks.example.com/a/{{ account.external_id }}", "method": "POST",
        "headers": {"Authorization": "Bearer {{ secret.CRM_TOKEN }}", "X-Account": "{{ account.name }}"},
        "body": '{"name": "{{ account.name }}", "mrr": "{{ account.mrr }}"}', "timeout_s": 5,
        "save_response": [{"path": "data.score", "attribute": "custom.nps"}]}


def hook_graph(**config):
    return graph([entry(), node("hook", "action", action="webhook", **config)], [edge("start", "hook")])


def codes(catalog=CATALOG, **config):
    return [(p.code, p.node_id) for p in validate(hook_graph(**config), catalog)]


def test_a_complete_webhook_is_valid_and_url_alone_is_enough():
    assert codes(**GOOD) == []
    assert codes(url="http://example.com/x") == []


@pytest.mark.parametrize("change, code", [
    ({"url": "ftp://example.com/x"}, "bad_value"),
    ({"url": "https://"}, "bad_value"),
    ({"url": "https://user:pw@example.com/"}, "bad_value"),
    ({"url": "https://{{ account.name }}.example.com/"}, "bad_value"),
    ({"url": "https://example.com/{{ secret.CRM_TOKEN }}"}, "secret_outside_headers"),
    ({"url": 7}, "wrong_type"),
    ({"method": "DELETE"}, "bad_value"),
    ({"headers": {"Host": "evil"}}, "bad_value"),
    ({"headers": {"Idempotency-Key": "mine"}}, "bad_value"),
    ({"headers": {"bad name": "x"}}, "bad_value"),
    ({"headers": {"X-A": "a\r\nX-B: b"}}, "wrong_type"),
    ({"headers": {"X-A": 3}}, "wrong_type"),
    ({"body": "{not json"}, "bad_json"),
    ({"body": '{"n": {{ account.mrr }}}'}, "bad_json"),
    ({"body": '{"t": "{{ secret.CRM_TOKEN }}"}'}, "secret_outside_headers"),
    ({"timeout_s": 0}, "bad_value"),
    ({"timeout_s": 31}, "bad_value"),
    ({"timeout_s": 2.5}, "wrong_type"),
    ({"save_response": [{"path": "", "attribute": "custom.nps"}]}, "bad_value"),
    ({"save_response": [{"path": "a"}]}, "wrong_type"),
    ({"save_response": [{"path": "a", "attribute": "custom.nope"}]}, "unknown_attribute"),
    ({"save_response": [{"path": "a", "attribute": "account.external_id"}]}, "attribute_not_writable"),
    ({"extra": 1}, "unknown_key"),
])
def test_bad_webhook_configs_are_problems_on_the_node(change, code):
    assert codes(**{**GOOD, **change}) == [(code, "hook")]


def test_get_has_no_body_and_url_is_required():
    assert codes(**{**GOOD, "method": "GET"}) == [("bad_value", "hook")]
    assert codes(method="POST") == [("missing_key", "hook")]


def test_secret_names_lists_the_header_secrets():
    assert secret_names(GOOD) == ["CRM_TOKEN"]
    assert secret_names({"url": "https://x"}) == []


def test_the_effect_carries_the_request_and_a_stable_key():
    parsed, problems = parse_graph(hook_graph(**GOOD))
    assert problems == []
    decision = start(parsed, "en7", {"segments": frozenset({"trial"})}, T0)
    [effect] = [e for e in decision.effects if isinstance(e, CallWebhook)]
    assert effect.key == "en7:hook:2" and effect.method == "POST" and effect.timeout_s == 5
    assert dict(effect.headers)["Authorization"] == "Bearer {{ secret.CRM_TOKEN }}"
    assert effect.save_response == (("data.score", "custom.nps"),)
    again = start(parsed, "en7", {"segments": frozenset({"trial"})}, T0)
    assert [e.key for e in again.effects if isinstance(e, CallWebhook)] == [effect.key]
    defaults = start(parse_graph(hook_graph(url="https://x.example"))[0], "e", {"segments": frozenset({"trial"})}, T0)
    [plain] = [e for e in defaults.effects if isinstance(e, CallWebhook)]
    assert (plain.method, plain.timeout_s, plain.body, plain.headers) == ("POST", 10, None, ())


def test_simulate_shows_the_request_it_would_send():
    result = simulate(hook_graph(**GOOD), {"segments": frozenset({"trial"}), "account": {"name": "Acme"}},
                      days=1, start=T0)
    [step, answered] = [s for s in result["steps"] if s["node_id"] == "hook"]
    assert (step["outcome"], answered["outcome"]) == ("waiting", "done")  # a 2xx is assumed
    detail = step["detail"]
    assert detail["kind"] == "webhook" and detail["method"] == "POST"
    assert detail["url"] == GOOD["url"] and detail["body"] == GOOD["body"]
    assert detail["headers"]["Authorization"] == "Bearer {{ secret.CRM_TOKEN }}"  # never a value
    assert detail["idempotency_key"].endswith(":hook:2")  # the step sequence: entry is 1
    assert answered["detail"]["key"] == detail["key"] and answered["day"] == 0
    assert answered["detail"]["result"] == {"status": "sent", "response_status": 200, "simulated": True}
    assert result["status"] == "completed"


def test_header_secrets_must_exist_when_the_catalog_lists_them():
    from graph_engine import Catalog

    listed = Catalog.build(segments={"trial"}, attributes={"nps": "number"}, secrets={"CRM_TOKEN"})
    assert codes(listed, **GOOD) == []
    missing = Catalog.build(segments={"trial"}, attributes={"nps": "number"}, secrets=set())
    assert codes(missing, **GOOD) == [("unknown_secret", "hook")]
    assert codes(**GOOD) == []  # CATALOG lists no secrets: not checked
