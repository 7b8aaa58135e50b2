"""graph_engine — the pure core of Journeys (standard library + networkx only).

Time, ids and randomness come in as arguments; nothing here touches a
clock, a random source, the network or files. Modules:

- :mod:`~graph_engine.codec` — ``parse_graph(data) -> (graph | None, problems)``,
  ``dump_graph(graph) -> dict``, ``read_graph`` (lenient).
- :mod:`~graph_engine.validate` — ``validate(data, catalog, *, self_key=None)
  -> list[Problem]``, ``validate_rule(rule, catalog, *, node_id=None)``; the
  problem codes are listed there.
- :mod:`~graph_engine.catalog` — ``Catalog`` and the shared field tables
  ``ACCOUNT_FIELDS``, ``SUBSCRIPTION_FIELDS``, ``WRITABLE_ACCOUNT_FIELDS``.
- :mod:`~graph_engine.rules` — ``compile_rule(rule) -> pred(snapshot, today)``,
  ``evaluate``, ``explain``; the account snapshot shape and rule semantics.
- :mod:`~graph_engine.snapshot` — ``snapshot_from_json``, ``set_values``.
- :mod:`~graph_engine.interpreter` — ``advance``, ``start``, ``check_exits``,
  ``split_choice``; :mod:`~graph_engine.state` — ``EnrollmentState``,
  ``Decision``, ``Step``, ``can_enroll``, ``enroll_refusal``, statuses;
  :mod:`~graph_engine.effects` — the effect types and ``apply_effect``.
- :mod:`~graph_engine.simulate` — ``simulate`` (SPEC §5 shape).
- :mod:`~graph_engine.errors` — ``GraphEngineError`` and subclasses.
"""

from .catalog import (
    ACCOUNT_FIELDS, SUBSCRIPTION_FIELDS, VALUE_TYPES, WRITABLE_ACCOUNT_FIELDS, Catalog, attribute_type,
)
from .codec import dump_graph, parse_graph, read_graph
from .effects import (
    ACCOUNT_CHANGING, AssignCsm, AssignPlaybook, ClearAttribute, CopyAttribute, CreateTask, Effect,
    IncreaseAttribute, SendEmail, SetAttribute, UnenrollFrom, apply_effect,
)
from .errors import GraphEngineError, GraphError, RuleError, SimulationError
from .interpreter import advance, check_exits, split_choice, start
from .model import Edge, JourneyGraph, Node, NodeType
from .problems import Problem
from .rules import Predicate, compile_rule, evaluate, explain
from .simulate import simulate
from .snapshot import set_values, snapshot_from_json
from .state import (
    ACTIVE, COMPLETED, FAILED, GOAL_EXITED, STATUSES, UNENROLLED, Decision, EnrollmentState, Step,
    can_enroll, enroll_refusal,
)
from .validate import validate, validate_rule

__all__ = [
    "ACCOUNT_CHANGING", "ACCOUNT_FIELDS", "ACTIVE", "COMPLETED", "FAILED", "GOAL_EXITED", "STATUSES",
    "SUBSCRIPTION_FIELDS", "UNENROLLED", "VALUE_TYPES", "WRITABLE_ACCOUNT_FIELDS",
    "AssignCsm", "AssignPlaybook", "Catalog", "ClearAttribute", "CopyAttribute", "CreateTask",
    "Decision", "Edge", "Effect", "EnrollmentState", "GraphEngineError", "GraphError",
    "IncreaseAttribute", "JourneyGraph", "Node", "NodeType", "Predicate", "Problem", "RuleError",
    "SendEmail", "SetAttribute", "SimulationError", "Step", "UnenrollFrom",
    "advance", "apply_effect", "attribute_type", "can_enroll", "check_exits", "compile_rule",
    "dump_graph", "enroll_refusal", "evaluate", "explain", "parse_graph", "read_graph", "set_values",
    "simulate", "snapshot_from_json", "split_choice", "start", "validate", "validate_rule",
]
