"""Publishing a journey's draft as a new version, with a note and, optionally, moving the
accounts in flight onto it (SPEC §4 "Versions", §10).

- ``publish(journey_id, by=None, note=None, migrate=None) -> Journey`` — validates
  the draft (``Invalid`` with the problems), freezes it as version n+1 with
  who/when/note and, for ``migrate={"mode": "move", "map": {...}}``, moves every
  active enrollment onto it (``services.journey_migration``). One transaction:
  the journey row is locked first (PostgreSQL ``FOR UPDATE``; SQLite's write
  lock), then the enrollments in id order, so two publishes cannot interleave
  and a walker's round either finished before (the move sees its result) or
  skips the rows until the publish commits (then walks them on the new version).
  Any unmapped node is a 422 ``unmapped_nodes`` listing the nodes and counts,
  and nothing changes. A lock not granted within ``LOCK_WAIT`` (or a deadlock,
  after ``ATTEMPTS`` tries) is a 409: nothing changed, try again. The audit
  entry is written in the same transaction. The returned journey carries
  ``migration``: ``{"mode", "moved", "stayed", "nodes": [...]}``.
- ``preview(journey_id, migrate=None) -> dict`` — the same checks without
  writing: ``{"version", "valid", "problems", "mode", "active", "moving",
  "staying", "nodes": [<journey_migration.Group>...], "unmapped": [...],
  "can_publish"}``.
"""
from __future__ import annotations

import copy
import logging
from collections import Counter

from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError

from .. import clock
from ..db.bulk_sql import is_postgresql
from ..errors import Conflict, Invalid
from ..extensions import db
from ..jobs.queueing import enqueue_advance
from ..models.enrollments import Enrollment
from ..models.journeys import Journey, JourneyVersion
from . import audit, journey_migration as migration
from .journey_lookup import get_journey, validate_graph
from .unit_of_work import transaction

log = logging.getLogger(__name__)
ATTEMPTS = 3
LOCK_WAIT = "10s"
_RETRYABLE = {"40P01", "40001"}  # deadlock detected, serialization failure


def _options(migrate: dict | None) -> tuple[str, dict, str]:
    """``(mode, map, waits)`` of a publish body's ``migrate``."""
    migrate = migrate or {}
    return (migrate.get("mode") or "stay", dict(migrate.get("map") or {}),
            migrate.get("waits") or migration.KEEP)


def preview(journey_id: int, migrate: dict | None = None) -> dict:
    """What ``publish`` with the same body would do; writes nothing. Raises NotFound."""
    mode, mapping, waits = _options(migrate)
    journey = get_journey(journey_id)
    problems = validate_graph(journey.draft_graph, self_key=journey.key)
    number = (journey.published_version or 0) + 1
    counts = migration.occupied(journey.id)
    graphs = migration.old_graphs(journey.id, {version for version, _, _ in counts})
    the_plan = migration.plan(counts, graphs, journey.draft_graph, number, mapping, waits)
    active = sum(count for _, _, count in counts)
    moving = the_plan.moving if mode == "move" else 0
    blocking = the_plan.problems if mode == "move" else []
    return {"version": number, "valid": not problems, "problems": problems, "mode": mode,
            "waits": waits, "active": active, "moving": moving, "staying": active - moving,
            "by_version": [{"version": v, "active": n} for v, n in sorted(_by_version(counts).items())],
            "nodes": [g.to_dict() for g in the_plan.groups], "unmapped": blocking,
            "can_publish": not problems and not blocking}


def _by_version(counts) -> Counter:
    totals: Counter = Counter()
    for version, _, count in counts:
        totals[version] += count
    return totals


def publish(journey_id: int, by: str | None = None, note: str | None = None,
            migrate: dict | None = None) -> Journey:
    """Freeze the draft as the next version (see module docstring). Raises NotFound,
    Invalid (problems, or ``unmapped_nodes``), Conflict (published meanwhile; rows busy)."""
    mode, mapping, waits = _options(migrate)
    note = (note or "").strip() or None
    for attempt in range(1, ATTEMPTS + 1):
        try:
            journey, result, watched = _publish_once(journey_id, by, note, mode, mapping, waits)
            break
        except DBAPIError as exc:
            db.session.rollback()
            code = getattr(getattr(exc, "orig", None), "sqlstate", None)
            if code in _RETRYABLE and attempt < ATTEMPTS:
                log.info("publish of journey %s: %s, trying again", journey_id, code)
                continue
            raise Conflict("The journey's accounts are being walked right now and the publish could "
                           "not lock them; nothing changed. Try again in a moment.") from None
    if watched:
        _recheck(watched)
    journey.migration = result
    return journey


def _lock_journey(journey_id: int) -> Journey:
    """The journey, re-read under a lock held to the commit (see module docstring)."""
    if is_postgresql():
        db.session.execute(text(f"SET LOCAL lock_timeout = '{LOCK_WAIT}'"))
        # NO KEY UPDATE: a walker's round inserting step logs (a foreign key to this row takes
        # KEY SHARE) is not blocked by it, so it can finish and free the enrollments we wait for.
        query = select(Journey).where(Journey.id == journey_id).with_for_update(key_share=True)
    else:  # SQLite: a write that changes nothing takes the database's write lock now
        db.session.execute(update(Enrollment).where(Enrollment.id == -1).values(attempts=Enrollment.attempts))
        query = select(Journey).where(Journey.id == journey_id)
    journey = db.session.scalar(query.execution_options(populate_existing=True))
    return journey if journey is not None else get_journey(journey_id)  # NotFound


def _publish_once(journey_id: int, by, note, mode: str, mapping: dict, waits: str):
    with transaction(conflict="Someone else published this journey at the same moment; reload it."):
        journey = _lock_journey(journey_id)
        problems = validate_graph(journey.draft_graph, self_key=journey.key)
        if problems:
            raise Invalid(f"The draft has {len(problems)} problem(s); fix them before publishing.",
                          details=problems)
        now = clock.now()
        number = (journey.published_version or 0) + 1
        rows, the_plan, graphs = [], None, {}
        if mode == "move":
            rows = migration.lock_active(journey.id)
            counts = Counter((row.version, (row.state or {}).get("node_id") if row.state else row.current_node)
                             for row in rows)
            counts = sorted(((v, n, c) for (v, n), c in counts.items()),
                            key=lambda item: (item[0], item[1] or ""))
            graphs = migration.old_graphs(journey.id, {v for v, _, _ in counts})
            the_plan = migration.plan(counts, graphs, journey.draft_graph, number, mapping, waits)
            if the_plan.problems:
                unmapped = sum(p.get("count", 0) for p in the_plan.problems)
                raise Invalid(_refusal(the_plan, unmapped), code="unmapped_nodes",
                              details=the_plan.problems)
        version = JourneyVersion(journey_id=journey.id, version=number,  # published_at: the real time
                                 # (the walker caches parsed graphs by id and publish time)
                                 graph=copy.deepcopy(journey.draft_graph), published_by=by, note=note)
        db.session.add(version)
        db.session.flush()
        watched = migration.apply(rows, the_plan, graphs, version, journey.id, now) if rows else []
        journey.published_version = number
        journey.updated_at = now
        result = _result(mode, the_plan, len(rows))
        audit.record("journey.publish", "journey", journey.id, _summary(journey, number, note, result),
                     {"version": number, "note": note, "migrate": mode,
                      **({"map": mapping, "waits": waits, "moved": result["moved"], "nodes": result["nodes"]}
                         if mode == "move" else {})})
    return journey, result, watched


def _refusal(the_plan, unmapped: int) -> str:
    if unmapped:
        nodes = [p["node_id"] for p in the_plan.problems if p["code"] == "unmapped_node"]
        return (f"{unmapped} active account(s) sit on steps the new version does not have "
                f"({', '.join(nodes)}); map each to a step of the new version. Nothing changed.")
    return "The map names steps the new version does not have. Nothing changed."


def _result(mode: str, the_plan, moved: int) -> dict:
    nodes = [] if the_plan is None else [
        {"from": {"version": g.version, "node_id": g.node_id}, "to": g.to, "count": g.count, "wait": g.wait}
        for g in the_plan.groups]
    return {"mode": mode, "moved": moved, "nodes": nodes}


def _summary(journey: Journey, number: int, note, result: dict) -> str:
    text_ = f"Published version {number} of “{journey.name}”"
    if result["mode"] == "move":
        text_ += f" and moved {result['moved']} active account(s) onto it"
    return text_ + (f": {note}" if note else "")


def _recheck(enrollment_ids: list[int]) -> None:
    """Moved onto an until_rule/until_date wait: let a worker judge the new rule now."""
    try:
        enqueue_advance(enrollment_ids, guard=False)
    except Exception:  # Redis down: the next change to the account re-checks them
        log.exception("could not queue the re-check of %d moved enrollments", len(enrollment_ids))
