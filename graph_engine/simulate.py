"""Simulation: walk one account snapshot through N days, touching nothing.

``simulate(graph, snapshot, *, days, changes=(), start, enrollment_id="simulation",
catalog=None) -> dict``
    ``graph`` a JourneyGraph or journey/v1 JSON (it must parse clean, else
    GraphError); ``snapshot`` as documented in :mod:`graph_engine.rules`
    (e.g. from ``snapshot_from_json``); ``days`` an int 0–3650; ``changes``
    ``[{"at_day": d, "set": {...}}]`` with ``0 <= d <= days`` and ``set`` as
    accepted by :func:`graph_engine.snapshot.set_values`; ``start`` the
    simulated moment of enrollment (naive = UTC). Bad ``days``/``changes``
    raise SimulationError with the problems.

    Returns the SPEC §5 shape ``{"status", "goal_achieved", "steps": [{"node_id",
    "type", "day", "outcome", "detail"}]}`` where ``day`` is whole days since
    ``start``. The account enters the journey at ``start`` (when it is in
    none of the entry's segments they are added to ``segments``); a change
    applies at ``start + at_day`` days, before the engine looks again. The
    clock moves from event to event: wake times, changes and every day
    boundary (so goal/exit and relative dates are re-checked daily).
    Effects are reported as steps (the action's ``detail`` is the effect)
    and account-changing ones are applied to the simulated snapshot with
    :func:`graph_engine.effects.apply_effect`; nothing is sent or written.
    A webhook's call is assumed answered with a 2xx at once (``ASSUMED_REPLY``):
    the node logs ``waiting`` then ``done`` and the walk goes on. Send windows
    and the frequency cap apply as in the engine (``delivery_gate``): held steps
    show until when; ``snapshot["workspace"]``/``["sends"]`` give the cap and the
    emails already counted, and the simulated emails count too.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from .catalog import Catalog
from .codec import parse_graph
from .delivery_gate import with_send
from .effects import ACCOUNT_CHANGING, apply_effect
from .errors import GraphError, SimulationError
from .event_rules import EVENT_NAME
from .interpreter import advance
from .interpreter_webhook import answered, parked_call
from .model import JourneyGraph
from .problems import Problem
from .rulespec import is_int
from .snapshot import set_values
from .state import ACTIVE, EnrollmentState, utc

MAX_DAYS = 3650
ASSUMED_REPLY = {"status": "sent", "response_status": 200, "simulated": True}
_DAY = timedelta(days=1)


def _check_input(days, changes, snapshot, catalog) -> list[Problem]:
    problems = []
    if not is_int(days) or not 0 <= days <= MAX_DAYS:
        return [Problem("bad_value", f"days must be a whole number from 0 to {MAX_DAYS}")]
    if not isinstance(changes, (list, tuple)):
        return [Problem("wrong_type", "changes must be a list")]
    for index, change in enumerate(changes):
        if not isinstance(change, dict) or "at_day" not in change \
                or not set(change) - {"at_day"} or not set(change) <= {"at_day", "set", "events"}:
            problems.append(Problem("wrong_type", f"changes[{index}] must be {{\"at_day\", \"set\"}} "
                                    "and/or \"events\""))
            continue
        problems.extend(Problem("bad_value", f"changes[{index}].events: {m}")
                        for m in simulated_event_problems(change.get("events", [])))
        at_day = change["at_day"]
        if not is_int(at_day) or not 0 <= at_day <= days:
            problems.append(Problem("bad_value", f"changes[{index}].at_day must be from 0 to {days}"))
        _, more = set_values(snapshot, change.get("set", {}), catalog)
        problems.extend(Problem(p.code, f"changes[{index}].set: {p.message}") for p in more)
    return problems


def _load(graph) -> JourneyGraph:
    if isinstance(graph, JourneyGraph):
        return graph
    parsed, problems = parse_graph(graph)
    if parsed is None:
        raise GraphError("the graph does not parse", problems)
    return parsed


def simulate(graph, snapshot, *, days: int, changes=(), start: datetime,
             enrollment_id: str = "simulation", catalog: Catalog | None = None) -> dict:
    """Return ``{"status", "goal_achieved", "steps"}``; see module docstring."""
    graph = _load(graph)
    problems = _check_input(days, changes, snapshot, catalog)
    if problems:
        raise SimulationError("bad simulation input", problems)
    start = utc(start)
    end = start + days * _DAY
    pending = sorted(((start + c["at_day"] * _DAY, i, c) for i, c in enumerate(changes)),
                     key=lambda item: (item[0], item[1]))
    snap = _entering(graph, snapshot)
    state, steps, now = EnrollmentState.new(enrollment_id), [], start
    for _ in range(10 * (days + len(pending) + len(graph.nodes)) + 100):
        while pending and pending[0][0] <= now:
            at, _, change = pending.pop(0)
            snap, _ = set_values(snap, change.get("set", {}), catalog)
            snap = add_simulated_events(snap, change.get("events", ()), at)
        decision = advance(graph, state, snap, now)
        state = decision.state
        for step in decision.steps:
            steps.append({"node_id": step.node_id, "type": step.type, "day": (step.at - start) // _DAY,
                          "outcome": step.outcome, "detail": step.detail})
        for effect in decision.effects:
            if isinstance(effect, ACCOUNT_CHANGING):
                snap = apply_effect(snap, effect)
            snap = with_send(graph, snap, effect, now)  # counted toward the frequency cap
        if state.status != ACTIVE:
            break
        if decision.resume:
            continue
        waiting_for = parked_call(graph, state)
        if waiting_for is not None:  # a webhook: nothing is sent, a 2xx is assumed at once
            state = answered(state, {"key": waiting_for, **ASSUMED_REPLY})
            continue
        now = _next_event(now, start, decision.wake_at, pending)
        if now > end:
            break
    return {"status": state.status, "goal_achieved": state.goal_achieved_at is not None, "steps": steps}


def _entering(graph: JourneyGraph, snapshot) -> dict:
    snap = dict(snapshot)
    tracked = set(graph.entry.config.get("segments", ())) if graph.entry is not None else set()
    current = set(snap.get("segments") or ())
    if tracked and not tracked & current:
        snap["segments"] = frozenset(current | tracked)
    return snap


def _next_event(now: datetime, start: datetime, wake_at, pending) -> datetime:
    next_day = start + ((now - start) // _DAY + 1) * _DAY
    candidates = [next_day]
    if wake_at is not None and wake_at > now:
        candidates.append(wake_at)
    if pending:
        candidates.append(pending[0][0])
    return min(candidates)


def simulated_event_problems(events) -> list[str]:
    """What is wrong with a change's ``events``: ``[{"name", "properties"?, "hour"?}]``."""
    if not isinstance(events, list):
        return ["must be a list"]
    out = []
    for i, item in enumerate(events):
        if not isinstance(item, dict) or not set(item) <= {"name", "properties", "hour"}:
            out.append(f"[{i}] must be {{\"name\", \"properties\", \"hour\"}}")
        elif not isinstance(item.get("name"), str) or not EVENT_NAME.match(item["name"]):
            out.append(f"[{i}].name must match [a-z0-9_.-]{{1,64}}")
        elif not isinstance(item.get("properties", {}), dict):
            out.append(f"[{i}].properties must be an object")
        elif not (is_int(item.get("hour", 0)) and 0 <= item.get("hour", 0) <= 23):
            out.append(f"[{i}].hour must be 0-23")
    return out


def add_simulated_events(snap: dict, events, day_start: datetime) -> dict:
    """A snapshot with ``events`` added at ``day_start`` (+ each one's ``hour``)."""
    if not events:
        return snap
    merged = {k: list(v) for k, v in (snap.get("events") or {}).items()}
    for item in events:
        at = day_start + timedelta(hours=item.get("hour", 0))
        merged.setdefault(item["name"], []).append((at, dict(item.get("properties") or {})))
    return {**snap, "events": {k: tuple(sorted(v, key=lambda e: e[0])) for k, v in merged.items()}}
