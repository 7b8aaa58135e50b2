"""Simulate a journey for one account: graph_engine's ``simulate`` on the draft
(a published version, or an unsaved graph the editor posts), with a stored account's snapshot or posted account
JSON. Reads only: nothing is written, sent or enqueued.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Mapping

from sqlalchemy import select

from graph_engine.codec import parse_graph
from graph_engine.errors import GraphEngineError
from graph_engine.event_windows import graph_event_windows
from graph_engine.simulate import simulate
from graph_engine.snapshot import snapshot_from_json

from ..errors import Invalid, NotFound
from ..extensions import db
from .. import clock
from ..models.journeys import JourneyVersion
from ..models.outbox import counted_sends
from . import workspace_settings
from .catalog import build_catalog
from .journeys import get_journey, validate_graph
from .simulation_story import tell
from ..engine.snapshots import snapshot_for


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted((_jsonable(v) for v in value), key=str)
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _graph(journey, version: int | None) -> dict:
    if version is None:
        return journey.draft_graph
    graph = db.session.scalar(select(JourneyVersion.graph).where(
        JourneyVersion.journey_id == journey.id, JourneyVersion.version == version))
    if graph is None:
        raise NotFound(f"Journey {journey.id} has no version {version}.")
    return graph


def with_delivery_limits(snapshot: dict, now: datetime) -> dict:
    """The snapshot with what send windows and the frequency cap read (SPEC §8), as the walk
    has it: the workspace's default time zone and cap, and the journey emails its contacts
    already got in the cap's window (the simulated emails are added as they go)."""
    settings = workspace_settings.load()
    cap = settings["frequency_cap"]
    addresses = {c.get("email") for c in snapshot.get("contacts") or () if c.get("email")}
    sends = dict(counted_sends(addresses, now - timedelta(days=cap["per_days"]))) if cap else {}
    return {**snapshot, "workspace": {"default_timezone": settings["default_timezone"],
                                      "frequency_cap": cap}, "sends": sends}


def _event_windows(graph: dict) -> dict:
    """The events the simulated graph's rules and waits read, and how far back (SPEC §7)."""
    parsed, _problems = parse_graph(graph)
    return graph_event_windows(parsed) if parsed is not None else {}


def simulate_journey(journey_id: int, account, days: int, changes: list,
                     version: int | None = None, graph: dict | None = None) -> dict:
    """Walk ``account`` (account JSON, or a stored account's external_id) through the
    journey's saved draft, a published ``version``, or ``graph`` (unsaved edits from
    the editor, never stored) for ``days`` days with ``changes``.

    Returns ``{"status", "goal_achieved", "start", "steps": [{"node_id", "type", "day",
    "at", "outcome", "detail"}]}``: ``start`` is the simulated enrollment moment, ``at``
    each step's moment, and an action's ``detail.result`` says what it would have done
    (merge fields rendered for the simulated account; see ``simulation_story``).
    Raises NotFound (journey, version or account) and
    Invalid (the graph does not validate, the account JSON or the changes are bad;
    problems in ``details``).
    """
    journey = get_journey(journey_id)
    if graph is None:
        graph = _graph(journey, version)
    problems = validate_graph(graph, self_key=journey.key)
    if problems:
        raise Invalid(f"The graph has {len(problems)} problem(s); fix them before simulating.",
                      details=problems)
    catalog = build_catalog()
    if isinstance(account, str):
        snapshot = snapshot_for(account, _event_windows(graph))  # the draft's windows, not the live ones
    else:
        snapshot, bad = snapshot_from_json(account, catalog)
        if bad:
            raise Invalid("The account JSON is not valid.", details=[p.to_dict() for p in bad])
    start = clock.now().replace(microsecond=0)  # the injected clock: windows depend on the moment
    snapshot = with_delivery_limits(snapshot, start)
    try:
        result = simulate(graph, snapshot, days=days, changes=changes, start=start, catalog=catalog)
    except GraphEngineError as exc:
        raise Invalid(f"Cannot simulate: {exc}", details=[p.to_dict() for p in exc.problems]) from None
    result = _jsonable(result)
    result["steps"] = tell(result["steps"], snapshot, changes, start, catalog)
    result["start"] = start.isoformat()
    return result
