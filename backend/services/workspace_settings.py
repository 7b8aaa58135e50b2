"""Workspace settings (SPEC §8): default time zone, frequency cap, tracking, public URL, sender.

Stored as one JSON object under the ``workspace`` key of the ``app_settings``
key/value table (``models.settings.AppSetting``); keys never stored take their
defaults, so a fresh workspace needs no row at all:

- ``default_timezone`` — IANA name (``zoneinfo``), ``"UTC"``; the time zone of an
  account whose own ``timezone`` is unset (send windows, "held until" times).
- ``frequency_cap`` — ``{"emails": n, "per_days": d}`` (both whole numbers ≥ 1) or
  ``None`` for no cap; default 3 emails per 7 days, per recipient address,
  across every journey (transactional emails are neither counted nor capped).
- ``tracking`` — open pixel and click redirects on (``True``) or off.
- ``public_url`` — the http(s) base that links in emails are built from; default
  the ``PUBLIC_URL`` setting (``backend.config``), else ``http://127.0.0.1:5000``.
  Stored without a trailing slash.
- ``default_from`` — the address emails go from when no other sender applies (a step "from the
  CSM" on an account with no CSM, test sends); default the ``MAIL_FROM`` setting, else
  ``journeys@localhost`` (``models.settings.default_sender``).

``load() -> dict`` gives all five keys; ``update(changes, actor=None) -> dict``
validates every key it is given (unknown keys are problems too), changes nothing
when any is invalid (``Invalid`` with ``details`` = ``{key: [problem, ...]}``),
writes the rest in one audited transaction and returns the new settings.
"""
from __future__ import annotations

import json
import re
from copy import deepcopy
from urllib.parse import urlsplit

from flask import current_app, has_app_context

from graph_engine.send_window import zone_problem

from ..errors import Invalid, fields_message
from ..extensions import db
from ..models.settings import (WORKSPACE_DEFAULTS, WORKSPACE_KEY, AppSetting, default_sender,
                               stored_workspace)
from . import audit
from .unit_of_work import transaction

KEY = WORKSPACE_KEY
DEFAULT_PUBLIC_URL = "http://127.0.0.1:5000"
MAX_CAP_EMAILS = 1000
MAX_CAP_DAYS = 365


def _defaults() -> dict:
    configured = current_app.config.get("PUBLIC_URL") if has_app_context() else None
    return {**deepcopy(WORKSPACE_DEFAULTS), "public_url": (configured or DEFAULT_PUBLIC_URL).rstrip("/"),
            "default_from": default_sender({})}


def load() -> dict:
    """The workspace settings: what is stored over the defaults (module docstring)."""
    settings = _defaults()
    settings.update({k: v for k, v in stored_workspace().items() if k in settings})
    return settings


def timezone_problem(name) -> str | None:
    """Why ``name`` is not an IANA time zone name, or ``None`` when it is one."""
    problem = zone_problem(name)
    return None if problem is None else problem[0].upper() + problem[1:] + "."


def _cap_problem(value) -> str | dict | None:
    """What is wrong with a frequency cap: a message, or ``{"emails": [message]}`` for the
    number that is out of range (a form shows it by that box), or None."""
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {"emails", "per_days"}:
        return 'Must be null (no cap) or {"emails": n, "per_days": d}.'
    problems = {}
    for key, top in (("emails", MAX_CAP_EMAILS), ("per_days", MAX_CAP_DAYS)):
        number = value[key]
        if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= top:
            problems[key] = [f"Must be a whole number from 1 to {top}."]
    return problems or None


def _url_problem(value) -> str | None:
    if not isinstance(value, str) or len(value) > 500:
        return "Must be an http:// or https:// URL of at most 500 characters."
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "Must be an http:// or https:// URL with a host, such as https://journeys.example.com."
    if parts.query or parts.fragment:
        return "Must not carry a query or fragment; links are built under it."
    return None


_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+")


def _sender_problem(value) -> str | None:
    if not isinstance(value, str) or len(value.strip()) > 254 or not _ADDRESS.fullmatch(value.strip()):
        return "Must be an email address such as success@example.com."
    return None


_CHECKS = {
    "default_timezone": timezone_problem,
    "frequency_cap": _cap_problem,
    "tracking": lambda v: None if isinstance(v, bool) else "Must be true or false.",
    "public_url": _url_problem,
    "default_from": _sender_problem,
}


def validate(changes) -> dict:
    """``{key: [problem]}`` for every invalid or unknown key of ``changes`` (empty when fine);
    a frequency cap's number out of range is nested: ``{"frequency_cap": {"emails": [...]}}``."""
    if not isinstance(changes, dict):
        return {"_schema": ["Settings must be a JSON object."]}
    problems = {}
    for key, value in changes.items():
        check = _CHECKS.get(key)
        problem = f"Unknown setting; known: {', '.join(_CHECKS)}." if check is None else check(value)
        if problem:
            problems[str(key)] = problem if isinstance(problem, dict) else [problem]
    return problems


def update(changes: dict, actor: str | None = None) -> dict:
    """Apply ``changes`` (any subset of the keys) and return the new settings.

    Raises ``Invalid`` (nothing written) when a key is unknown or a value is not
    valid. The change is audited as ``settings.update``; ``actor`` names who made
    it when the caller knows better than the request (else the current actor)."""
    problems = validate(changes)
    if problems:
        raise Invalid(fields_message(problems), details=problems)
    before = load()
    clean = dict(changes)
    if "public_url" in clean:
        clean["public_url"] = clean["public_url"].strip().rstrip("/")
    if "default_from" in clean:
        clean["default_from"] = clean["default_from"].strip()
    if "frequency_cap" in clean and clean["frequency_cap"] is not None:
        clean["frequency_cap"] = {"emails": clean["frequency_cap"]["emails"],
                                  "per_days": clean["frequency_cap"]["per_days"]}
    with transaction():
        stored = stored_workspace()
        stored.update(clean)
        row = db.session.get(AppSetting, KEY)
        if row is None:
            db.session.add(AppSetting(key=KEY, value=json.dumps(stored, sort_keys=True)))
        else:
            row.value = json.dumps(stored, sort_keys=True)
        after = {**before, **clean}
        entry = audit.record("settings.update", "settings", KEY, "Changed workspace settings",
                             audit.diff(before, after))
        if actor:
            entry.actor = str(actor)[:254]
    return load()
