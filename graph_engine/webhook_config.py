"""The ``webhook`` action's config (SPEC §9): is it complete and well typed?

``check_webhook(node_id, config, out)`` appends Problems (never raises):

- ``url``: ``http://`` or ``https://`` with a host, no user:password; merge
  fields (``{{ account.external_id }}``) allowed after the host, never in it;
- ``method``: POST | PUT | PATCH | GET (default POST); a GET has no ``body``;
- ``headers``: ``{name: value}`` texts; names are HTTP tokens and not ones the
  engine sets itself (``RESERVED_HEADERS``); values may use merge fields and
  ``{{ secret.NAME }}`` (the only place a secret may appear);
- ``body``: JSON text; merge fields go inside its strings (so the rendered
  body is always valid JSON, whatever the account's values); default: the
  account JSON with journey and node ids;
- ``timeout_s``: 1–30 (default 10);
- ``save_response``: ``[{"path": "data.score", "attribute": "custom.score"}]``
  (the attribute is looked up by ``validate_refs``).

``secret_names(config)`` lists the secrets a config's headers use.
"""
from __future__ import annotations

import json
import re

from .problems import Problem
from .schema import check_fields, k_choice, k_int, k_text

METHODS = ("POST", "PUT", "PATCH", "GET")
DEFAULT_TIMEOUT_S = 10
RESERVED_HEADERS = frozenset({"host", "content-length", "transfer-encoding", "connection",
                              "idempotency-key", "x-journeys-signature", "x-journeys-timestamp"})
SECRET_REF = re.compile(r"\{\{\s*secret\.([A-Za-z0-9_]{1,64})\s*\}\}")
SECRET_NAME = re.compile(r"^[A-Za-z0-9_]{1,64}$")
_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$")
_PATH = re.compile(r"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$")
_MAX_BODY = 100_000
_URL = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<netloc>[^/?#]*)(?P<rest>[/?#].*)?$", re.S)
_HOST = re.compile(r"^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                   r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.?)$")


def _url(v):
    if not isinstance(v, str) or not v.strip():
        return ("wrong_type", "must be an http(s) URL")
    if "secret." in v and SECRET_REF.search(v):
        return ("secret_outside_headers", "may not use a secret (secrets go in header values only)")
    match = _URL.match(v.strip())
    if not match or match["scheme"].lower() not in ("http", "https") or not match["netloc"]:
        return ("bad_value", f"{v!r} must start with http:// or https:// and name a host")
    netloc = match["netloc"]
    if "{" in netloc or "}" in netloc:
        return ("bad_value", "merge fields are not allowed in the host")
    if "@" in netloc:
        return ("bad_value", "must not carry a user name or password (use a header)")
    host, port = netloc, None
    if not netloc.endswith("]") and ":" in netloc:
        host, _, port = netloc.rpartition(":")
    elif "]:" in netloc:
        host, _, port = netloc.rpartition(":")
    if not _HOST.match(host):
        return ("bad_value", f"{host!r} is not a host name")
    if port is not None and not (port.isdigit() and 0 < int(port) < 65536):
        return ("bad_value", "has a bad port")
    if any(c.isspace() for c in re.sub(r"\{\{.*?\}\}", "", v.strip())):
        return ("bad_value", "must not contain spaces")
    return None


def _headers(v):
    if not isinstance(v, dict):
        return ("wrong_type", "must be an object of header names to texts")
    for name, value in v.items():
        if not _TOKEN.match(name):
            return ("bad_value", f"{name!r} is not a header name")
        if name.lower() in RESERVED_HEADERS:
            return ("bad_value", f"{name!r} is set by Journeys itself")
        if not isinstance(value, str) or "\n" in value or "\r" in value:
            return ("wrong_type", f"{name!r} must be a one-line text")
    return None


def _body(v):
    if not isinstance(v, str):
        return ("wrong_type", "must be JSON text")
    if len(v) > _MAX_BODY:
        return ("bad_value", f"must be at most {_MAX_BODY} characters")
    if SECRET_REF.search(v):
        return ("secret_outside_headers", "may not use a secret (secrets go in header values only)")
    try:
        json.loads(v)
    except ValueError as exc:
        return ("bad_json", f"is not JSON ({exc}); put merge fields inside strings: "
                            '{"name": "{{ account.name }}"}')
    return None


def _save_response(v):
    if not isinstance(v, list):
        return ("wrong_type", 'must be a list of {"path", "attribute"}')
    for index, item in enumerate(v):
        if not isinstance(item, dict) or set(item) != {"path", "attribute"}:
            return ("wrong_type", f'[{index}] must be {{"path", "attribute"}}')
        if not isinstance(item["path"], str) or not _PATH.match(item["path"]):
            return ("bad_value", f"[{index}].path must be dotted names such as data.score")
        if k_text(item["attribute"]):
            return ("wrong_type", f"[{index}].attribute must be an attribute name")
    return None


SPEC = {"action": k_text, "url": _url, "method": k_choice(*METHODS), "headers": _headers,
        "body": _body, "timeout_s": k_int(1), "save_response": _save_response}
OPTIONAL = ("method", "headers", "body", "timeout_s", "save_response")


def check_webhook(node_id, config: dict, out: list) -> None:
    """Append the problems of a webhook action's config to ``out``."""
    check_fields(node_id, "config", config, SPEC, out, optional=OPTIONAL)
    timeout = config.get("timeout_s")
    if isinstance(timeout, int) and not isinstance(timeout, bool) and timeout > 30:
        out.append(Problem("bad_value", "config.timeout_s must be from 1 to 30", node_id))
    if config.get("method", "POST") == "GET" and "body" in config:
        out.append(Problem("bad_value", "config.body: a GET request has no body", node_id))


def secret_names(config: dict) -> list[str]:
    """The secret names used in a webhook config's header values (sorted, distinct)."""
    names = set()
    for value in (config.get("headers") or {}).values():
        if isinstance(value, str):
            names.update(SECRET_REF.findall(value))
    return sorted(names)
