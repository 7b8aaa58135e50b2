"""Rule well-formedness: ``validate_rule(rule, catalog, *, node_id=None)``.

Returns every problem (never raises) with the given ``node_id``; segments
are saved rules too, so the backend calls this for them. Codes:

- ``bad_rule`` — not ``{"all": [...]}``, ``{"any": [...]}``, ``{"not": rule}``
  or a condition ``{"property", "op", "value"?}``.
- ``unknown_key`` — a condition or group with keys beyond those.
- ``rule_too_deep`` — nesting deeper than ``MAX_RULE_DEPTH`` (32).
- ``rule_value_out_of_range`` — a number not finite or beyond ±1e15, or relative
  days beyond a hundred years (:mod:`graph_engine.bounds`).
- ``unknown_property`` — not a property of SPEC §3.
- ``unknown_attribute`` — ``custom.<key>`` the catalog does not define.
- ``unknown_operator`` — the op does not apply to the property or its type.
- ``bad_rule_value`` — the value does not fit the op and type.
- ``unknown_segment`` / ``unknown_milestone`` / ``unknown_outcome`` /
  ``unknown_playbook`` / ``unknown_user`` — a named key that does not exist.
- ``empty_rule`` — only with ``require_conditions=True`` (journeys' goal,
  condition, until_rule and blacklist rules, and segments): the rule has no
  condition at all, or one of its ``all``/``any`` groups is empty. Evaluated,
  ``{"all": []}`` is always true and ``{"any": []}`` always false, which is
  never what an admin who left a rule unfinished meant (SPEC §12).

With ``catalog`` None (or permissive) no names are looked up and a custom
attribute's type is taken from its op and value.
"""

from __future__ import annotations

from .bounds import rule_bound_problems
from .catalog import ACCOUNT_FIELDS, SUBSCRIPTION_FIELDS, UNKNOWN, Catalog, attribute_type
from .event_rules import where_problems, window_problem
from .problems import Problem
from .rulespec import (
    MAX_RULE_DEPTH, MEMBERSHIP_OPS, MEMBERSHIP_PROPERTIES, NO_VALUE_OPS, OPS_BY_TYPE,
    PLAYBOOK_OPS, USER_OPS, infer_type, split_property, value_problem,
)

_GROUPS = ("all", "any", "not")
_LEAF_KEYS = frozenset({"property", "op", "value"})
_REF_KIND = {"segment": "segments", "milestone": "milestones", "outcome": "outcomes",
             "playbook": "playbooks"}


def validate_rule(rule, catalog: Catalog | None = None, *, node_id: str | None = None,
                  where: str = "rule", require_conditions: bool = False) -> list[Problem]:
    """Return all problems of ``rule`` (a JSON rule); ``where`` prefixes messages.

    ``require_conditions`` adds ``empty_rule`` problems (see module docstring);
    without it an empty group is a legal, constant rule (the compilers accept it).
    """
    out: list[Problem] = []
    _check(rule, catalog, node_id, where, 0, out)
    if require_conditions and not any(p.code in ("rule_too_deep", "bad_rule") for p in out):
        out.extend(empty_rule_problems(rule, node_id=node_id, where=where))
    if not any(p.code == "rule_too_deep" for p in out):
        out.extend(rule_bound_problems(rule, node_id, where))  # rule_value_out_of_range
    return out


def empty_rule_problems(rule, *, node_id: str | None = None, where: str = "rule") -> list[Problem]:
    """``empty_rule`` problems of a (well-formed) rule: none at all, or empty groups.

    A rule without any condition gives one problem for the whole rule; otherwise
    each empty ``all``/``any`` group inside gives one, naming its path.
    """
    if not _has_condition(rule):
        return [Problem("empty_rule", f"{where}: the rule has no conditions", node_id)]
    out: list[Problem] = []
    _empty_groups(rule, where, node_id, out)
    return out


def _has_condition(rule) -> bool:
    stack = [rule]
    while stack:
        item = stack.pop()
        if not isinstance(item, dict):
            continue
        if "property" in item:
            return True
        for group in _GROUPS:
            body = item.get(group)
            if isinstance(body, list):
                stack.extend(body)
            elif isinstance(body, dict):
                stack.append(body)
    return False


def _empty_groups(rule, path, node_id, out) -> None:
    if not isinstance(rule, dict):
        return
    for group in _GROUPS:
        body = rule.get(group)
        if group == "not" and isinstance(body, dict):
            _empty_groups(body, f"{path}.not", node_id, out)
        elif group != "not" and isinstance(body, list):
            if not body:
                out.append(Problem("empty_rule", f"{path}: this group has no conditions", node_id))
            for i, child in enumerate(body):
                _empty_groups(child, f"{path}.{group}[{i}]", node_id, out)


def _check(rule, catalog, node_id, path, depth, out) -> None:
    if depth > MAX_RULE_DEPTH:
        out.append(Problem("rule_too_deep", f"{path}: nested deeper than {MAX_RULE_DEPTH}", node_id))
        return
    if not isinstance(rule, dict):
        out.append(Problem("bad_rule", f"{path}: a rule must be an object", node_id))
        return
    groups = [k for k in _GROUPS if k in rule]
    if not groups:
        _check_leaf(rule, catalog, node_id, path, out)
        return
    if len(groups) > 1 or "property" in rule:
        out.append(Problem("bad_rule", f"{path}: use one of all/any/not or a condition", node_id))
        return
    group = groups[0]
    for key in rule:
        if key != group:
            out.append(Problem("unknown_key", f"{path}: unknown key {key!r}", node_id))
    body = rule[group]
    if group == "not":
        _check(body, catalog, node_id, f"{path}.not", depth + 1, out)
    elif not isinstance(body, list):
        out.append(Problem("bad_rule", f"{path}.{group} must be a list of rules", node_id))
    else:
        for i, child in enumerate(body):
            _check(child, catalog, node_id, f"{path}.{group}[{i}]", depth + 1, out)


def _check_leaf(rule, catalog, node_id, path, out) -> None:
    if "property" not in rule or "op" not in rule:
        out.append(Problem("bad_rule", f"{path}: a condition needs property and op", node_id))
        return
    parts = split_property(rule["property"])
    allowed = _EVENT_LEAF_KEYS if parts is not None and parts[0] == "event" else _LEAF_KEYS
    for key in rule:
        if key not in allowed:
            out.append(Problem("unknown_key", f"{path}: unknown key {key!r}", node_id))
    prop, op, value = rule["property"], rule["op"], rule.get("value")
    if parts is None:
        out.append(Problem("unknown_property", f"{path}: unknown property {prop!r}", node_id))
        return
    if not isinstance(op, str):
        out.append(Problem("unknown_operator", f"{path}: op must be a text", node_id))
        return
    source, name = parts
    if source == "event":
        _check_event(name, rule, op, value, node_id, f"{path} ({prop})", out)
    elif source in MEMBERSHIP_PROPERTIES or source == "playbook":
        _check_keyed(source, op, value, catalog, node_id, f"{path} ({prop})", out)
    elif source == "user":
        _check_user(op, value, catalog, node_id, f"{path} ({prop})", out)
    else:
        _check_field(source, name, op, value, catalog, node_id, f"{path} ({prop})", out)


def _check_keyed(source, op, value, catalog, node_id, path, out) -> None:
    allowed = PLAYBOOK_OPS if source == "playbook" else MEMBERSHIP_OPS
    if op not in allowed:
        out.append(Problem("unknown_operator", f"{path}: {op!r} is not one of {sorted(allowed)}", node_id))
    if not isinstance(value, str) or not value:
        out.append(Problem("bad_rule_value", f"{path}: value must be a {source} key", node_id))
    elif catalog is not None and not catalog.has(_REF_KIND[source], value):
        out.append(Problem(f"unknown_{source}", f"{path}: no {source} {value!r}", node_id))


def _check_user(op, value, catalog, node_id, path, out) -> None:
    if op not in USER_OPS:
        out.append(Problem("unknown_operator", f"{path}: {op!r} is not one of {sorted(USER_OPS)}", node_id))
        return
    if op in NO_VALUE_OPS:
        if value is not None:
            out.append(Problem("bad_rule_value", f"{path}: {op} takes no value", node_id))
        return
    if not isinstance(value, str) or "@" not in value:
        out.append(Problem("bad_rule_value", f"{path}: value must be a staff email", node_id))
    elif catalog is not None and not catalog.has("users", value):
        out.append(Problem("unknown_user", f"{path}: no staff user {value!r}", node_id))


def _field_type(source, name, catalog):
    if source == "subscription":
        return SUBSCRIPTION_FIELDS.get(name)
    if source == "account":
        return ACCOUNT_FIELDS.get(name)
    return attribute_type(f"custom.{name}", catalog)


def _check_field(source, name, op, value, catalog, node_id, path, out) -> None:
    vtype = _field_type(source, name, catalog)
    if vtype is None:
        code = "unknown_attribute" if source == "custom" else "unknown_property"
        out.append(Problem(code, f"{path}: no such {source} field {name!r}", node_id))
        return
    if vtype == UNKNOWN:
        vtype = infer_type(op, value)
        if vtype is None:
            out.append(Problem("unknown_operator" if op not in _ALL_OPS else "bad_rule_value",
                               f"{path}: cannot use {op!r} with value {value!r}", node_id))
            return
        if vtype == "any":
            vtype = "text"
    if op not in OPS_BY_TYPE[vtype]:
        out.append(Problem("unknown_operator", f"{path}: {op!r} does not apply to a {vtype}", node_id))
        return
    message = value_problem(vtype, op, value)
    if message:
        out.append(Problem("bad_rule_value", f"{path}: {message}", node_id))


_ALL_OPS = frozenset().union(*OPS_BY_TYPE.values())
_EVENT_LEAF_KEYS = _LEAF_KEYS | {"within", "where"}


def _check_event(parts, rule, op, value, node_id, path, out) -> None:
    """``event.<name>.count`` (number ops, optional ``within``) / ``.last_at`` (date ops)."""
    _, field = parts
    vtype = "number" if field == "count" else "date"
    if "within" in rule:
        message = window_problem(rule["within"]) if field == "count" else \
            "within applies to event counts only"
        if message:
            out.append(Problem("bad_rule_value", f"{path}: {message}", node_id))
    if rule.get("where") is not None:
        for message in where_problems(rule["where"], f"{path}.where"):
            out.append(Problem("bad_rule_value", message, node_id))
    if op not in OPS_BY_TYPE[vtype]:
        out.append(Problem("unknown_operator", f"{path}: {op!r} does not apply to a {vtype}", node_id))
        return
    message = value_problem(vtype, op, value)
    if message:
        out.append(Problem("bad_rule_value", f"{path}: {message}", node_id))
