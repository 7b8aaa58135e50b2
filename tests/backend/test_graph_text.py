"""Step text whose merge fields cannot render is found before publishing
(backend/services/graph_text.py; through the API: test_journeys_api.py)."""
from __future__ import annotations

import json

from backend.services.graph_text import text_problems


def _graph(*configs) -> dict:
    return {"nodes": [{"id": f"n{i}", "type": "action", "config": c} for i, c in enumerate(configs)]}


def test_a_webhooks_url_headers_and_body_strings_are_checked():
    webhook = {"action": "webhook", "url": "https://hooks.example.com/{{ account.id",
               "headers": {"X-Plan": "{{ custom.plan }}", "X-Bad": "{% for %}"},
               "body": json.dumps({"ok": "{{ account.name }}", "list": ["{{ contact.name"]})}
    found = [(p["node_id"], p["message"].split(" has ")[0]) for p in text_problems(_graph(webhook))]
    assert found == [("n0", "The webhook's URL"), ("n0", "The webhook's X-Bad header"),
                     ("n0", "The webhook's body")]


def test_good_text_and_malformed_graphs_give_no_problem_here():
    good = {"action": "send_email", "subject": "Hi {{ contact.name }}", "body": "{% if csm.name %}x{% endif %}"}
    assert text_problems(_graph(good)) == []
    for junk in (None, [], {"nodes": "x"}, {"nodes": [1, {"type": "action"}, {"type": "action", "config": []}]},
                 _graph({"action": "webhook", "body": "not json {{"}), _graph({"subject": 5})):
        assert text_problems(junk) == []
