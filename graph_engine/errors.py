"""One exception tree for graph_engine.

Validation never raises for bad input: it returns problems as data
(:class:`graph_engine.problems.Problem`). Exceptions are for callers that
hand the engine something they should have validated first:

- :class:`GraphEngineError` — base of everything raised here.
- :class:`RuleError` — ``compile_rule``/``explain`` got a malformed rule;
  ``.problems`` lists why.
- :class:`GraphError` — the interpreter or simulator got a graph that does
  not parse or a state that does not fit the graph; ``.problems`` when known.
- :class:`SimulationError` — ``simulate`` got bad ``days``/``changes``;
  ``.problems`` lists them (the simulate API answers 422 with them).
"""

from __future__ import annotations


class GraphEngineError(Exception):
    """Base class; ``problems`` is a (possibly empty) list of Problem."""

    def __init__(self, message: str, problems=None):
        super().__init__(message)
        self.problems = list(problems or [])


class RuleError(GraphEngineError):
    """A rule is not well-formed (see ``problems``)."""


class GraphError(GraphEngineError):
    """A graph or enrollment state cannot be walked."""


class SimulationError(GraphEngineError):
    """Bad simulation input (days, changes)."""
