"""Finding a journey and checking a graph: what the journey use cases all build on
(``journeys``, ``journey_publishing``, ``journey_diff``), kept apart so none imports another
in a circle."""
from __future__ import annotations

from graph_engine.validate import validate as validate_journey_graph

from ..errors import NotFound
from ..extensions import db
from ..models.journeys import Journey
from .catalog import build_catalog
from .graph_limits import check_graph_size
from .graph_text import text_problems
from .rule_values import graph_empty_value_problems


def get_journey(journey_id: int) -> Journey:
    """The journey with this id. Raises NotFound."""
    journey = db.session.get(Journey, journey_id)
    if journey is None:
        raise NotFound(f"No journey with id {journey_id}.")
    return journey


def validate_graph(graph, self_key: str | None = None) -> list[dict]:
    """Every problem of ``graph`` against the workspace's catalog, and its steps' merge-field
    text that cannot render (SPEC §2 dicts; [] = valid).
    Raises Invalid (``graph_too_large``) for a graph over the size limits, before any work."""
    check_graph_size(graph)
    problems = validate_journey_graph(graph, build_catalog(), self_key=self_key)
    return ([p.to_dict() for p in problems] + text_problems(graph)
            + graph_empty_value_problems(graph))
