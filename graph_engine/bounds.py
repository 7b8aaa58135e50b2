"""Bounds on every number in a graph: a graph that validates never overflows.

A wait of 10^9 days or an until_date offset of 999,999,999 days parses and
type-checks, but ``today + timedelta(days=...)`` overflows on every scheduler
tick. These checks keep every number within what the engine can compute.

``check_bounds(read_result) -> list[Problem]`` checks each node's config;
``rule_bound_problems(rule, node_id, where) -> list[Problem]`` checks the
numbers inside one rule (``validate_rule`` calls it: graph rules and segments).
Numbers of the wrong type are left to the schema checks. Codes (stable):

- ``wait_too_long`` — ``wait.for`` or ``until_rule.timeout`` longer than ``MAX_DAYS``.
- ``offset_too_large`` — ``until_date.offset.days`` beyond ±``MAX_DAYS``.
- ``due_too_late`` — ``create_task.due_in_days`` beyond ``MAX_DAYS``.
- ``reenroll_too_long`` — ``reenroll.days`` beyond ``MAX_DAYS``.
- ``number_out_of_range`` — a set/increase number not finite or beyond ±``MAX_NUMBER``.
- ``days_out_of_range`` — a ``days_from_now`` in a set_attribute beyond ±``MAX_DAYS``.
- ``weight_out_of_range`` — a split weight not finite or above ``MAX_WEIGHT``.
- ``rule_value_out_of_range`` — a rule number not finite or beyond ±``MAX_NUMBER``,
  or a rule's ``days``/``days_from_now`` beyond ±``MAX_RULE_DAYS``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from .problems import Problem
from .rulespec import is_int, is_number

MAX_DAYS = 3653             # ten years: waits, offsets, due dates, re-enrolment
MAX_RULE_DAYS = 36525       # a hundred years either way in a rule's relative dates
MAX_NUMBER = 1e15           # attribute numbers, increments and rule numbers
MAX_WEIGHT = 1e6            # split weights (ratios; a million to one is plenty)
_MINUTES_PER_DAY = 24 * 60


def _finite_within(value, limit: float) -> bool:
    try:
        return math.isfinite(value) and -limit <= value <= limit
    except OverflowError:  # an int too large to become a float
        return False


def check_bounds(result) -> list[Problem]:
    """Return the out-of-range numbers of every node config in ``result.graph``."""
    out: list[Problem] = []
    for node in result.graph.nodes:
        cfg = node.cfg if isinstance(node.cfg, Mapping) else None
        check = _NODE_CHECKS.get(node.type.value)
        if cfg is not None and check is not None:
            check(node.id, cfg, out)
    return out


def _get(obj, *path):
    for key in path:
        if not isinstance(obj, Mapping):
            return None
        obj = obj.get(key)
    return obj


def _duration_minutes(spec) -> int | None:
    if not isinstance(spec, Mapping):
        return None
    parts = [spec.get(k, 0) for k in ("days", "hours", "minutes")]
    if not all(is_int(p) for p in parts):
        return None
    days, hours, minutes = parts
    return days * _MINUTES_PER_DAY + hours * 60 + minutes


def _check_duration(node_id, path, spec, out) -> None:
    total = _duration_minutes(spec)
    if total is not None and total > MAX_DAYS * _MINUTES_PER_DAY:
        out.append(Problem("wait_too_long", f"{path} may last at most {MAX_DAYS} days (ten years)", node_id))


def _entry(node_id, cfg, out) -> None:
    days = _get(cfg, "reenroll", "days")
    if is_int(days) and days > MAX_DAYS:
        out.append(Problem("reenroll_too_long", f"config.reenroll.days may be at most {MAX_DAYS}", node_id))


def _wait(node_id, cfg, out) -> None:
    if "for" in cfg:
        _check_duration(node_id, "config.for", cfg["for"], out)
    timeout = _get(cfg, "until_rule", "timeout") or _get(cfg, "until_event", "timeout")
    if timeout is not None:
        _check_duration(node_id, "config.until_rule.timeout", timeout, out)
    offset = _get(cfg, "until_date", "offset", "days")
    if is_int(offset) and abs(offset) > MAX_DAYS:
        out.append(Problem("offset_too_large",
                           f"config.until_date.offset.days must be within ±{MAX_DAYS} (ten years)", node_id))


def _action(node_id, cfg, out) -> None:
    kind = cfg.get("action")
    if kind == "create_task":
        due = cfg.get("due_in_days")
        if is_int(due) and due > MAX_DAYS:
            out.append(Problem("due_too_late", f"config.due_in_days may be at most {MAX_DAYS} (ten years)",
                               node_id))
    elif kind == "increase_attribute":
        by = cfg.get("by")
        if is_number(by) and not _finite_within(by, MAX_NUMBER):
            out.append(Problem("number_out_of_range",
                               f"config.by must be a finite number within ±{MAX_NUMBER:.0e}", node_id))
    elif kind == "set_attribute":
        value = cfg.get("value")
        if is_number(value) and not _finite_within(value, MAX_NUMBER):
            out.append(Problem("number_out_of_range",
                               f"config.value must be a finite number within ±{MAX_NUMBER:.0e}", node_id))
        days = _get(value, "days_from_now")
        if is_int(days) and abs(days) > MAX_DAYS:
            out.append(Problem("days_out_of_range",
                               f"config.value.days_from_now must be within ±{MAX_DAYS}", node_id))


def _split(node_id, cfg, out) -> None:
    weights = cfg.get("weights")
    if not isinstance(weights, Mapping):
        return
    for key, weight in weights.items():
        if is_number(weight) and not _finite_within(weight, MAX_WEIGHT):
            out.append(Problem("weight_out_of_range",
                               f"config.weights.{key} must be a finite number up to {MAX_WEIGHT:.0e}", node_id))


_NODE_CHECKS = {"entry": _entry, "wait": _wait, "action": _action, "split": _split}


def rule_bound_problems(rule, node_id=None, where: str = "rule") -> list[Problem]:
    """Return the out-of-range numbers and relative days inside ``rule`` (never raises).

    Walks iteratively, so a rule nested 1,000 deep costs no recursion.
    """
    out: list[Problem] = []
    stack = [rule]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            for key, value in item.items():
                if key in ("days", "days_from_now") and is_int(value) and abs(value) > MAX_RULE_DAYS:
                    out.append(Problem("rule_value_out_of_range",
                                       f"{where}: {key} must be within ±{MAX_RULE_DAYS}", node_id))
                else:
                    stack.append(value)
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif is_number(item) and not _finite_within(item, MAX_NUMBER):
            out.append(Problem("rule_value_out_of_range",
                               f"{where}: {item!r} is not a finite number within ±{MAX_NUMBER:.0e}", node_id))
    return out
