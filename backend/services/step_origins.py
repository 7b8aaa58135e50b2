"""Which journey step made something: the journey and the step as the canvas names them.

An outbox email and an unsubscribe (a suppression recorded from an email's link) both remember
the journey, the enrollment and the node that made them. People read the step by its name on
the canvas ("Nudge"), not its id ("mail"), so both answer with the same two objects:

- ``journey``: ``{"id", "key", "name"}`` | None (the journey was deleted);
- ``step``: ``{"id", "label", "type", "action"}`` | None — the node as the version the
  enrollment walked drew it (its ``label``, None when it kept its default name, which the canvas
  words from ``type`` and ``action``; ``type`` None when the node is in no graph any more).
  Without an enrollment (or its version), the journey's newest published version, then its
  draft.

``step_origins(refs)`` takes ``{key: (journey_id, enrollment_id, node_id)}`` and answers ``{key:
(journey, step)}`` for the keys with a journey id, in three small queries whatever their number.
"""
from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..models.enrollments import Enrollment
from ..models.journeys import Journey, JourneyVersion


def _node(graph, node_id: str) -> dict:
    nodes = graph.get("nodes") if isinstance(graph, dict) else None
    return next((n for n in nodes or () if isinstance(n, dict) and n.get("id") == node_id), {})


def step_origins(refs: dict) -> dict:
    """See the module docstring."""
    mine = {key: ref for key, ref in refs.items() if ref[0] is not None}
    if not mine:
        return {}
    journeys = {j.id: j for j in db.session.scalars(
        select(Journey).where(Journey.id.in_({ref[0] for ref in mine.values()})))}
    enrollment_ids = {ref[1] for ref in mine.values() if ref[1] is not None}
    version_of = dict(db.session.execute(
        select(Enrollment.id, Enrollment.journey_version_id)
        .where(Enrollment.id.in_(enrollment_ids))).all()) if enrollment_ids else {}
    published = {(j.id, j.published_version) for j in journeys.values() if j.published_version}
    wanted = set(version_of.values())
    graphs, latest = {}, {}
    if wanted or published:
        for version_id, journey_id, version, graph in db.session.execute(
                select(JourneyVersion.id, JourneyVersion.journey_id, JourneyVersion.version,
                       JourneyVersion.graph)
                .where(JourneyVersion.id.in_(wanted) | JourneyVersion.journey_id.in_(
                    [journey_id for journey_id, _ in published]))):
            if version_id in wanted:
                graphs[version_id] = graph
            if (journey_id, version) in published:
                latest[journey_id] = graph

    def step(journey_id, enrollment_id, node_id):
        if node_id is None:
            return None
        journey = journeys.get(journey_id)
        # the version the enrollment walked; without one (or once deleted), the newest published
        # version, then the draft
        graph = (graphs.get(version_of.get(enrollment_id)) or latest.get(journey_id)
                 or (journey.draft_graph if journey else None) or {})
        node = _node(graph, node_id)
        config = node.get("config") if isinstance(node.get("config"), dict) else {}
        return {"id": node_id, "label": node.get("label") or None, "type": node.get("type"),
                "action": config.get("action")}

    out = {}
    for key, (journey_id, enrollment_id, node_id) in mine.items():
        journey = journeys.get(journey_id)
        out[key] = ({"id": journey.id, "key": journey.key, "name": journey.name} if journey else None,
                    step(journey_id, enrollment_id, node_id))
    return out
