"""Merge-field text in a journey graph that could never render (``bad_template`` problems).

An email's subject and body, a task's title and description and a webhook's URL, header
values and body strings are rendered by the walker for each account (``rendering.templating``);
text whose ``{{ ... }}`` or ``{% ... %}`` is broken fails every enrollment that reaches the
step. A saved template is checked when it is saved (``services.templates``); this checks the
text written on the steps themselves, so validation lists it and Publish refuses it.
"""
from __future__ import annotations

import json
from typing import Any, Iterator

from ..rendering.templating import template_problem

_FIELDS = {
    "send_email": (("subject", "The email's subject"), ("body", "The email's body")),
    "create_task": (("title", "The task's title"), ("description", "The task's description")),
    "webhook": (("url", "The webhook's URL"),),
}


def text_problems(graph: Any) -> list[dict]:
    """A SPEC §2 problem for each step text of ``graph`` that cannot render (malformed graphs
    are graph_engine's to report: their odd parts are passed over here)."""
    nodes = graph.get("nodes") if isinstance(graph, dict) else None
    problems = []
    for node in nodes if isinstance(nodes, list) else ():
        if not isinstance(node, dict) or node.get("type") != "action":
            continue
        config = node.get("config")
        if not isinstance(config, dict):
            continue
        node_id = node.get("id") if isinstance(node.get("id"), str) else None
        for label, text in _texts(config):
            problem = template_problem(text)
            if problem:
                message = f"{label} has a broken merge field ({problem.rstrip('.')})."
                problems.append({"code": "bad_template", "message": message, "node_id": node_id,
                                 "edge": None})
    return problems


def _texts(config: dict) -> Iterator[tuple[str, str]]:
    action = config.get("action")
    for key, label in _FIELDS.get(action, ()):
        if isinstance(config.get(key), str):
            yield label, config[key]
    if action != "webhook":
        return
    headers = config.get("headers")
    for name, value in headers.items() if isinstance(headers, dict) else ():
        if isinstance(value, str):
            yield f"The webhook's {name} header", value
    body = config.get("body")
    if isinstance(body, str):
        try:
            parsed = json.loads(body)
        except ValueError:
            return  # not JSON: graph_engine says so
        for text in _strings(parsed):
            yield "The webhook's body", text


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
