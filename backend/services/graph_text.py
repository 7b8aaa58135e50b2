"""Merge-field text in a journey graph that could never render (``bad_template``) or that
names a field no account has (``unknown_merge_field``).

An email's subject and body, a task's title and description and a webhook's URL, header
values and body strings are rendered by the walker for each account (``rendering.templating``);
text whose ``{{ ... }}`` or ``{% ... %}`` is broken fails every enrollment that reaches the
step, and ``{{ account.nmae }}`` renders blank in every email (``rendering.merge_fields``). A
saved template is checked when it is saved (``services.templates``), and again here for each
step that names it (a custom attribute it used may have gone since); the text written on the
steps themselves is checked here only, so validation lists it and Publish refuses it.
"""
from __future__ import annotations

import json
from typing import Any, Iterable, Iterator, Mapping

from ..rendering.merge_fields import describe, unknown_fields
from ..rendering.templating import template_problem

_FIELDS = {
    "send_email": (("subject", "The email's subject"), ("body", "The email's body")),
    "create_task": (("title", "The task's title"), ("description", "The task's description")),
    "webhook": (("url", "The webhook's URL"),),
}


def text_problems(graph: Any, custom_keys: Iterable[str] | None = None,
                  templates: Mapping[str, Iterable[str | None]] | None = None) -> list[dict]:
    """A SPEC §2 problem for each step text of ``graph`` that cannot render, and — when
    ``custom_keys`` (the workspace's custom attributes) is given — for each that names an
    unknown merge field, in its own text or in the saved template (``templates``: key → its
    texts) it names. Malformed graphs are graph_engine's to report: their odd parts are
    passed over here."""
    custom_keys = None if custom_keys is None else frozenset(custom_keys)
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
            elif custom_keys is not None and (unknown := unknown_fields(text, custom_keys)):
                problems.append(_unknown(f"{label}: {describe(unknown)}.", node_id))
        template = config.get("template") if config.get("action") == "send_email" else None
        if custom_keys is not None and isinstance(template, str) and templates and template in templates:
            unknown = [found for text in templates[template] if text
                       for found in unknown_fields(text, custom_keys)]
            if unknown:
                problems.append(_unknown(f"The email template {template!r}: {describe(unknown)}. "
                                         "Fix it under Templates.", node_id))
    return problems


def _unknown(message: str, node_id: str | None) -> dict:
    return {"code": "unknown_merge_field", "message": message, "node_id": node_id, "edge": None}


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
