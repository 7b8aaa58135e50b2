"""Wait nodes for the interpreter (``for``, ``until_date``, ``until_rule``).

``wait_step(walk, node) -> bool`` handles one call at a wait node: on
arrival it counts a visit and records ``wait_started_at``; then it either
moves on (True: keep walking) or sleeps (False) with ``wake_at`` set and,
for ``until_date``/``until_rule``, ``walk.watch`` telling the caller what
to re-check on account changes. Semantics: see :mod:`graph_engine.interpreter`.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Mapping

from .effects import get_attribute
from .frozen import thaw
from .event_rules import first_event_since, where_predicate
from .rules import compile_rule, explainer


def duration(spec: Mapping) -> timedelta:
    """``{"days", "hours", "minutes"}`` → timedelta (missing parts are 0)."""
    return timedelta(days=spec.get("days", 0), hours=spec.get("hours", 0),
                     minutes=spec.get("minutes", 0))


def wait_step(walk, node) -> bool:
    """Process a wait node now; True when the walk moves past it."""
    arriving = walk.state.wait_started_at is None
    if arriving:
        walk.visit()
        walk.state = walk.state.evolve(wait_started_at=walk.now)
    cfg = node.config
    if "for" in cfg:
        return _for(walk, node, cfg["for"], arriving)
    if "until_date" in cfg:
        return _until_date(walk, node, cfg["until_date"], arriving)
    if "until_event" in cfg:
        return _until_event(walk, node, cfg["until_event"], arriving)
    return _until_rule(walk, node, cfg["until_rule"], arriving)


def _sleep(walk, node, wake: datetime | None, arriving: bool, detail: dict, watch=None) -> bool:
    walk.state = walk.state.evolve(wake_at=wake)
    walk.watch = watch
    if arriving:
        walk.log(node, "waiting", detail)
    return False


def _iso(moment):
    return moment.isoformat() if moment is not None else None


def _for(walk, node, spec, arriving: bool) -> bool:
    started = walk.state.wait_started_at
    wake = started + duration(spec)
    if walk.now >= wake:
        walk.log(node, "done", {"waited_since": _iso(started), "wake_at": _iso(wake)})
        return walk.move(node, walk.graph.next_node(node.id))
    return _sleep(walk, node, wake, arriving, {"wake_at": _iso(wake)})


def _until_date(walk, node, spec, arriving: bool) -> bool:
    prop = spec["property"]
    offset = spec.get("offset", {}).get("days", 0)
    value = get_attribute(walk.snapshot, prop)
    watch = {"property": prop}
    if value.__class__ is not date:
        detail = {"property": prop, "date": None, "wake_at": None, "reason": "property is not set"}
        return _sleep(walk, node, None, arriving, detail, watch)
    target = value + timedelta(days=offset)
    wake = datetime.combine(target, time(0), tzinfo=timezone.utc)
    # ``date`` is the day it waits for; ``value`` the property's own date and ``offset_days``
    # the shift between them (a week before renewal: the renewal date, -7), for the timeline
    detail = {"property": prop, "date": target.isoformat(), "value": value.isoformat(),
              "offset_days": offset, "wake_at": _iso(wake)}
    if wake <= walk.now:
        walk.log(node, "done", detail)
        return walk.move(node, walk.graph.next_node(node.id))
    return _sleep(walk, node, wake, arriving, detail, watch)


def _until_event(walk, node, spec, arriving: bool) -> bool:
    """Met by the first matching event at or after the wait began; else ``timeout``."""
    started = walk.state.wait_started_at
    deadline = started + duration(spec["timeout"])
    name = spec["name"]
    where = walk.graph.memo(("where", node.id), lambda: where_predicate(thaw(spec.get("where"))))
    found = first_event_since(walk.snapshot, name, started, where)
    if found is not None:
        at, props = found
        walk.log(node, "met", {"event": {"name": name, "at": _iso(at), "properties": dict(props or {})},
                               "timeout_at": _iso(deadline)})
        return walk.move(node, walk.graph.next_node(node.id, "met"), "no_branch")
    if walk.now >= deadline:
        walk.log(node, "timeout", {"event": name, "timeout_at": _iso(deadline)})
        return walk.move(node, walk.graph.next_node(node.id, "timeout"), "no_branch")
    return _sleep(walk, node, deadline, arriving, {"wake_at": _iso(deadline), "event": name},
                  {"event": name})


def _until_rule(walk, node, spec, arriving: bool) -> bool:
    rule = walk.graph.memo(("rule", node.id), lambda: thaw(spec["rule"]))
    deadline = walk.state.wait_started_at + duration(spec["timeout"])
    met = compile_rule(rule)(walk.snapshot, walk.today)
    if met or walk.now >= deadline or arriving:
        result = explainer(rule)(walk.snapshot, walk.today)
        detail = {"timeout_at": _iso(deadline), "rule": result}
    if met:
        walk.log(node, "met", detail)
        return walk.move(node, walk.graph.next_node(node.id, "met"), "no_branch")
    if walk.now >= deadline:
        walk.log(node, "timeout", detail)
        return walk.move(node, walk.graph.next_node(node.id, "timeout"), "no_branch")
    return _sleep(walk, node, deadline, arriving, {"wake_at": _iso(deadline), "rule": result}
                  if arriving else {}, {"rule": rule})
