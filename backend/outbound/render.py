"""Rendering a webhook request's merge fields (shared by the engine and the test request).

``render_request(url, headers, body, context) -> (url, headers, body_text | None)``: the URL
(merged values URL-quoted where they would break it), header values (``{{ secret.NAME }}``
left as it is: ``put_secrets`` fills them at the moment of sending) and the body — a JSON
text whose strings are rendered one by one, so the result is valid JSON whatever the values
hold. Raises ``TemplateError``.
"""
from __future__ import annotations

import json
import re
from urllib.parse import quote

from graph_engine.webhook_config import SECRET_REF

from ..rendering.templating import TemplateError, render_text

_SENTINEL = "\x00secret:{}\x00"
_SENTINEL_RE = re.compile("\x00secret:([A-Za-z0-9_]{1,64})\x00")


def render_url(url: str, context: dict) -> str:
    return quote(render_text(url, context).strip(), safe=":/?#[]@!$&'()*+,;=%~")


def render_header(value: str, context: dict) -> str:
    marked = SECRET_REF.sub(lambda m: _SENTINEL.format(m.group(1)), value)
    rendered = render_text(marked, context)
    if "\n" in rendered or "\r" in rendered:
        raise TemplateError("a header value may not contain a line break")
    return _SENTINEL_RE.sub(lambda m: "{{ secret.%s }}" % m.group(1), rendered)


def render_json(value, context):
    if isinstance(value, str):
        return render_text(value, context)
    if isinstance(value, list):
        return [render_json(v, context) for v in value]
    if isinstance(value, dict):
        return {k: render_json(v, context) for k, v in value.items()}
    return value


def render_body(body: str, context: dict) -> str:
    return json.dumps(render_json(json.loads(body), context), separators=(",", ":"), ensure_ascii=False)


def secret_names(headers: dict) -> set[str]:
    return {n for v in (headers or {}).values() for n in SECRET_REF.findall(v)}


def put_secrets(headers: dict, secrets: dict) -> dict:
    """Header values with their secrets filled in; raises KeyError(name) for a missing one."""
    out = {}
    for name, value in (headers or {}).items():
        for needed in SECRET_REF.findall(value):
            if needed not in secrets:
                raise KeyError(needed)
        out[name] = SECRET_REF.sub(lambda m: secrets[m.group(1)], value)
    return out
