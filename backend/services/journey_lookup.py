"""Finding a journey and checking a graph: what the journey use cases all build on
(``journeys``, ``journey_publishing``, ``journey_diff``), kept apart so none imports another
in a circle."""
from __future__ import annotations

from sqlalchemy import select

from graph_engine.validate import validate as validate_journey_graph

from ..errors import NotFound
from ..extensions import db
from ..models.journeys import Journey
from ..models.templates import EmailTemplate
from .catalog import build_catalog
from .graph_limits import check_graph_size
from .graph_text import text_problems
from .rule_values import graph_empty_value_problems
from .webhook_checks import webhook_problems


def get_journey(journey_id: int) -> Journey:
    """The journey with this id. Raises NotFound."""
    journey = db.session.get(Journey, journey_id)
    if journey is None:
        raise NotFound(f"No journey with id {journey_id}.")
    return journey


def validate_graph(graph, self_key: str | None = None) -> list[dict]:
    """Every problem of ``graph`` against the workspace's catalog, and its steps' merge-field
    text that cannot render or names a field no account has (SPEC §2 dicts; [] = valid).
    Raises Invalid (``graph_too_large``) for a graph over the size limits, before any work."""
    check_graph_size(graph)
    catalog = build_catalog()
    problems = validate_journey_graph(graph, catalog, self_key=self_key)
    return ([p.to_dict() for p in problems]
            + text_problems(graph, catalog.attributes, _named_templates(graph))
            + graph_empty_value_problems(graph) + webhook_problems(graph))


def _named_templates(graph) -> dict[str, tuple]:
    """The texts of the saved templates ``graph``'s email steps name (one query)."""
    nodes = graph.get("nodes") if isinstance(graph, dict) else None
    keys = {node["config"]["template"] for node in (nodes if isinstance(nodes, list) else ())
            if isinstance(node, dict) and isinstance(node.get("config"), dict)
            and isinstance(node["config"].get("template"), str)}
    if not keys:
        return {}
    rows = db.session.execute(select(EmailTemplate.key, EmailTemplate.subject, EmailTemplate.body,
                                     EmailTemplate.html_body).where(EmailTemplate.key.in_(keys)))
    return {key: texts for key, *texts in rows}
