"""Account snapshots from JSON (the simulate API) and simulated changes.

``snapshot_from_json(account_json, catalog=None) -> (snapshot | None, problems)``
    SPEC §5 account JSON (``name``, ``mrr``, ..., ``created_on`` and
    ``next_billing_on`` as ISO dates, ``csm``, ``sales_manager``, ``custom``,
    ``subscriptions``, ``contacts``) plus optional ``segments``,
    ``milestones``, ``outcomes`` (lists of keys) and ``playbooks`` (a list of
    keys — active, no due date — or of ``{"key", "status", "due_on"}``, or a
    ``{key: {"status", "due_on"}}`` object) → the snapshot documented in
    :mod:`graph_engine.rules`. Custom values are typed by
    ``catalog.attributes`` when it names the key (dates parsed, types
    checked); otherwise an ISO-date text becomes a date. Unknown top-level
    keys (``id``, timestamps...) are ignored. Problems (``wrong_type``,
    ``bad_date`` for e.g. 2026-02-30, ``bad_value``) name the field in the
    message; the snapshot is None when there is any. Never raises.
``set_values(snapshot, values, catalog=None) -> (snapshot, problems)``
    Apply a simulated change's ``set`` object: keys ``account.<field>``,
    ``custom.<key>``, ``user.csm``/``user.sales_manager`` (or ``csm``/
    ``sales_manager``), ``segments``, ``milestones``, ``outcomes``,
    ``playbooks``, ``subscriptions``, ``contacts``; values as in account
    JSON; null unsets. Returns a new snapshot (the input is not changed).
"""

from __future__ import annotations

from typing import Any, Mapping

from .catalog import ACCOUNT_FIELDS, SUBSCRIPTION_FIELDS, Catalog
from .problems import Problem
from .rulespec import is_number, parse_iso_date

_SETS = ("segments", "milestones", "outcomes")
_USERS = {"csm": "csm", "sales_manager": "sales_manager", "user.csm": "csm",
          "user.sales_manager": "sales_manager"}


def snapshot_from_json(account_json, catalog: Catalog | None = None):
    """Return ``(snapshot, [])`` or ``(None, problems)``; see module docstring."""
    if not isinstance(account_json, dict):
        return None, [Problem("wrong_type", "account must be a JSON object")]
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, value in account_json.items():
        if key in ACCOUNT_FIELDS:
            values[f"account.{key}"] = value
        elif key == "custom":
            if not isinstance(value, dict):
                problems.append(Problem("wrong_type", "custom must be an object"))
                continue
            values.update((f"custom.{k}", v) for k, v in value.items())
        elif key in _USERS or key in _SETS or key in ("playbooks", "subscriptions", "contacts"):
            values[key] = value
    base = {"account": {}, "custom": {}, "subscriptions": [], "segments": frozenset(),
            "milestones": frozenset(), "outcomes": frozenset(), "playbooks": {},
            "user": {"csm": None, "sales_manager": None}, "contacts": []}
    snapshot, more = set_values(base, values, catalog)
    problems.extend(more)
    return (None, problems) if problems else (snapshot, [])


def set_values(snapshot: Mapping, values, catalog: Catalog | None = None):
    """Return ``(new_snapshot, problems)`` with ``values`` applied."""
    if not isinstance(values, dict):
        return dict(snapshot), [Problem("wrong_type", "set must be an object")]
    new = {k: (dict(v) if isinstance(v, dict) else v) for k, v in snapshot.items()}
    problems: list[Problem] = []
    for key, value in values.items():
        _set_one(new, key, value, catalog, problems)
    return new, problems


def _set_one(new: dict, key: str, value, catalog, out: list[Problem]) -> None:
    section, _, name = key.partition(".") if isinstance(key, str) else ("", "", "")
    if section == "account" and name in ACCOUNT_FIELDS:
        _store(new, "account", name, _typed(key, ACCOUNT_FIELDS[name], value, out))
    elif section == "custom" and name:
        vtype = catalog.attributes.get(name) if catalog is not None else None
        if catalog is not None and catalog.check_references and vtype is None:
            out.append(Problem("unknown_attribute", f"{key}: no such custom attribute"))
            return
        _store(new, "custom", name, _typed(key, vtype, value, out))
    elif key in _USERS:
        if value is not None and not isinstance(value, str):
            out.append(Problem("wrong_type", f"{key} must be an email or null"))
        new["user"] = {**(new.get("user") or {}), _USERS[key]: value}
    elif key in _SETS:
        keys = _keys(key, value, out)
        new[key] = frozenset(keys) if keys is not None else frozenset()
    elif key == "playbooks":
        new[key] = _playbooks(value, out)
    elif key == "subscriptions":
        new[key] = _subscriptions(value, out)
    elif key == "contacts":
        ok = isinstance(value, list) and all(isinstance(c, dict) for c in value)
        if value is not None and not ok:
            out.append(Problem("wrong_type", "contacts must be a list of objects"))
        new[key] = [dict(c) for c in value] if ok else []
    else:
        out.append(Problem("unknown_key", f"cannot set {key!r}"))


def _store(new: dict, section: str, name: str, value) -> None:
    part = dict(new.get(section) or {})
    if value is None:
        part.pop(name, None)
    else:
        part[name] = value
    new[section] = part


def _typed(path: str, vtype: str | None, value, out: list[Problem]):
    """Convert a JSON value for a field of ``vtype`` (None: guess); None unsets."""
    if value is None:
        return None
    if vtype == "date" or (vtype is None and isinstance(value, str) and parse_iso_date(value)):
        parsed = parse_iso_date(value)
        if parsed is None:
            code = "bad_date" if isinstance(value, str) else "wrong_type"
            out.append(Problem(code, f"{path}: {value!r} is not a valid YYYY-MM-DD date"))
        return parsed
    fits = {"number": is_number, "text": lambda v: isinstance(v, str),
            "boolean": lambda v: isinstance(v, bool)}.get(vtype)
    if fits is not None and not fits(value):
        out.append(Problem("wrong_type", f"{path} must be a {vtype}"))
        return None
    if fits is None and not (isinstance(value, (str, bool)) or is_number(value)):
        out.append(Problem("wrong_type", f"{path} must be a number, text, date or boolean"))
        return None
    return value


def _keys(name: str, value, out: list[Problem]):
    if value is None:
        return []
    if not isinstance(value, (list, set, frozenset, tuple)) or not all(isinstance(v, str) for v in value):
        out.append(Problem("wrong_type", f"{name} must be a list of keys"))
        return None
    return list(value)


def _playbooks(value, out: list[Problem]) -> dict:
    if value is None:
        return {}
    items = [{"key": k, **(v if isinstance(v, dict) else {"status": v})} for k, v in value.items()] \
        if isinstance(value, dict) else value
    if not isinstance(items, list):
        out.append(Problem("wrong_type", "playbooks must be a list or an object"))
        return {}
    result = {}
    for item in items:
        item = {"key": item} if isinstance(item, str) else item
        if not isinstance(item, dict) or not isinstance(item.get("key"), str):
            out.append(Problem("wrong_type", "playbooks: each must be a key or {key, status, due_on}"))
            continue
        status = item.get("status", "active")
        if status not in ("active", "completed", "overdue"):
            out.append(Problem("bad_value", f"playbooks.{item['key']}: status {status!r} is not "
                               "active, completed or overdue"))
        due = item.get("due_on")
        due_on = _typed(f"playbooks.{item['key']}.due_on", "date", due, out) if due is not None else None
        result[item["key"]] = {"status": status, "due_on": due_on}
    return result


def _subscriptions(value, out: list[Problem]) -> list:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(s, dict) for s in value):
        out.append(Problem("wrong_type", "subscriptions must be a list of objects"))
        return []
    subs = []
    for index, sub in enumerate(value):
        subs.append({k: _typed(f"subscriptions[{index}].{k}", SUBSCRIPTION_FIELDS[k], v, out)
                     for k, v in sub.items() if k in SUBSCRIPTION_FIELDS})
    return subs
