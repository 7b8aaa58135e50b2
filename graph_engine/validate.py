"""Validation: every rule of SPEC §2 "A graph is valid only if", as data.

``validate(data, catalog, *, self_key=None) -> list[Problem]``
    ``data`` is the raw journey/v1 JSON (anything, really: a non-object,
    garbage types or a 10,000-node graph give problems, never an exception).
    Returns **all** problems, codec problems first; empty means valid.
    ``catalog`` None (or ``Catalog.permissive()``) checks no references.
    ``self_key`` is the journey's own key, which the exit node may not name.
``validate_rule(rule, catalog, *, node_id=None) -> list[Problem]``
    Re-exported from :mod:`graph_engine.rulecheck` (segments use it).

Problem codes (stable)
----------------------
Shape (codec): ``not_an_object``, ``bad_format``, ``missing_key``,
``wrong_type``, ``unknown_key``, ``bad_value``, ``unknown_node_type``,
``unknown_action``, ``duplicate_node_id``, ``duplicate_edge_id``,
``wait_kind``, ``email_content``, ``too_deep`` (JSON nested beyond recursion).

Structure: ``no_entry``, ``multiple_entries``, ``multiple_goals``,
``multiple_exits``, ``dangling_edge``, ``edge_into_entry``,
``edge_on_goal_or_exit``, ``edge_from_end``, ``too_many_edges``,
``branch_not_allowed``, ``branch_label_missing``, ``unknown_branch``,
``duplicate_branch``, ``missing_branch`` (split key or until_rule
met/timeout without an edge; a condition may miss a branch),
``cycle``, ``unreachable_node``.

References and types: ``unknown_segment``, ``unknown_template``,
``unknown_playbook``, ``unknown_user``, ``unknown_milestone``,
``unknown_outcome``, ``unknown_journey``, ``unknown_contact_role``,
``unknown_attribute``, ``self_reference``, ``attribute_not_writable``,
``value_type_mismatch``, ``attribute_type_mismatch``, ``support_user`` (a
support user as a task's assignee or the CSM to assign: read-only, they can
neither complete the task nor own the account).

Bounds (:mod:`graph_engine.bounds`): ``wait_too_long``, ``offset_too_large``,
``due_too_late``, ``reenroll_too_long``, ``number_out_of_range``,
``days_out_of_range``, ``weight_out_of_range``, ``rule_value_out_of_range``.

Rules (inside condition, goal, blacklist and until_rule, with the node id):
``bad_rule``, ``rule_too_deep``, ``unknown_property``, ``unknown_operator``,
``bad_rule_value``, ``empty_rule`` (no conditions, or an empty all/any group)
and the reference codes above.
"""

from __future__ import annotations

from .bounds import check_bounds
from .catalog import Catalog
from .codec import read_graph
from .problems import Problem
from .rulecheck import validate_rule
from .validate_graph import check_structure
from .validate_refs import check_references

__all__ = ["validate", "validate_rule"]


def validate(data, catalog: Catalog | None = None, *, self_key: str | None = None) -> list[Problem]:
    """Return every problem of a journey/v1 graph (empty list: valid)."""
    try:
        result = read_graph(data, frozen=False)
        problems = list(result.problems)
        if result.graph is None:
            return problems
        problems.extend(check_structure(result))
        problems.extend(check_references(result, catalog, self_key))
        problems.extend(check_bounds(result))
        return problems
    except RecursionError:
        return [Problem("too_deep", "the graph JSON is nested too deeply")]
