"""Journey use cases: create, save the draft, validate, publish, enable/disable,
duplicate, delete, version history (SPEC §4 "Versions", §5).

Every function writes in one ``transaction()``: it commits on success and leaves
nothing written when it raises. Errors are ``backend.errors`` exceptions:
``NotFound`` (no such journey), ``Conflict`` (stale ``draft_version``,
duplicate key, state that forbids the change) and ``Invalid`` (a graph that
does not validate, or one too large for ``graph_limits``; ``details`` is the SPEC §2
problem list).
"""
from __future__ import annotations

import copy

from sqlalchemy import delete, func, select, update


from .. import clock
from ..errors import Conflict, Invalid
from ..extensions import db
from ..jobs.queueing import journey_enabled
from ..models.enrollments import Enrollment, StepLog
from ..models.events import EventEntrySkip
from ..models.journeys import KEY_PATTERN, Journey, JourneyVersion, utcnow
from ..models.outbox import OutboxEmail
from ..models.statuses import EnrollmentStatus
from . import audit
from .graph_limits import check_graph_size
from .journey_diff import diff_graphs
from .journey_lookup import get_journey, validate_graph
from .journey_publishing import publish as publish_version
from .unit_of_work import transaction

EMPTY_GRAPH = {"format": "journey/v1", "nodes": [], "edges": []}


_LIST_COLUMNS = (Journey.id, Journey.key, Journey.name, Journey.description, Journey.enabled,
                 Journey.enabled_at, Journey.draft_version, Journey.published_version,
                 Journey.updated_at)


def _status(enabled: bool, published_version: int | None) -> str:
    """As ``Journey.status``, from the two columns it reads."""
    if enabled:
        return "live"
    return "disabled" if published_version else "draft"


def list_journeys() -> list[dict]:
    """Every journey (newest first) with its status and enrollment counts, in two queries.

    Only the listed columns are read: never the draft graphs, which may be megabytes each."""
    counts = {row.journey_id: row for row in db.session.execute(
        select(Enrollment.journey_id,
               func.count().label("enrolled"),
               func.count().filter(Enrollment.status == EnrollmentStatus.ACTIVE).label("active"),
               func.count(Enrollment.goal_achieved_at).label("goal_achieved"),
               func.count().filter(Enrollment.status == EnrollmentStatus.FAILED).label("failed"))
        .group_by(Enrollment.journey_id))}
    out = []
    for journey in db.session.execute(select(*_LIST_COLUMNS)
                                      .order_by(Journey.updated_at.desc(), Journey.id.desc())):
        row = counts.get(journey.id)
        out.append({
            **journey._asdict(), "status": _status(journey.enabled, journey.published_version),
            "enrolled": row.enrolled if row else 0, "active": row.active if row else 0,
            "goal_achieved": row.goal_achieved if row else 0, "failed": row.failed if row else 0,
        })
    return out


def journeys_by_key(keys) -> list[dict]:
    """``[{"key", "name", "status"}]`` of the journeys with these keys, newest first, as
    ``list_journeys`` orders and words them, without its enrollment counts (one small query)."""
    keys = list(keys)
    if not keys:
        return []
    return [{"key": j.key, "name": j.name, "status": _status(j.enabled, j.published_version)}
            for j in db.session.execute(
                select(Journey.key, Journey.name, Journey.enabled, Journey.published_version)
                .where(Journey.key.in_(keys)).order_by(Journey.updated_at.desc(), Journey.id.desc()))]


def check_draft_shape(graph) -> None:
    """A draft must be a JSON object with ``nodes`` and ``edges`` lists, within the size
    limits. Raises Invalid (``graph_too_large`` for size)."""
    if not isinstance(graph, dict) or not isinstance(graph.get("nodes"), list) \
            or not isinstance(graph.get("edges"), list):
        raise Invalid("A graph must be a JSON object with 'nodes' and 'edges' lists.")
    check_graph_size(graph)


def _check_key(key: str) -> None:
    if not isinstance(key, str) or not KEY_PATTERN.fullmatch(key):
        raise Invalid(f"The key {key!r} is not a slug: lower-case letters, digits, '-' and '_', "
                      "at most 100 characters, starting with a letter or digit.")
    if db.session.scalar(select(Journey.id).where(Journey.key == key)) is not None:
        raise Conflict(f"A journey with the key {key!r} already exists.")


def create_journey(key: str, name: str, description: str = "", graph: dict | None = None,
                   copied_from: Journey | None = None) -> Journey:
    """Create a journey whose draft is ``graph`` (default: empty). Raises Conflict, Invalid."""
    with transaction(conflict=f"A journey with the key {key!r} already exists."):
        graph = copy.deepcopy(graph) if graph is not None else copy.deepcopy(EMPTY_GRAPH)
        check_draft_shape(graph)
        _check_key(key)
        journey = Journey(key=key, name=name, description=description or "", draft_graph=graph,
                          draft_version=1, enabled=False)
        db.session.add(journey)
        audit.flush_or_conflict(f"A journey with the key {key!r} already exists.")
        if copied_from is None:
            audit.record("journey.create", "journey", journey.id, f"Created journey “{name}” ({key})",
                         {"key": key, "name": name, "nodes": len(graph["nodes"])})
        else:
            audit.record("journey.duplicate", "journey", journey.id,
                         f"Copied journey “{copied_from.name}” as “{name}” ({key})",
                         {"key": key, "name": name, "copied_from": copied_from.id})
    return journey


def save_draft(journey_id: int, graph: dict, draft_version: int, name: str | None = None,
               description: str | None = None) -> Journey:
    """Replace the draft if ``draft_version`` is current; bumps it. Raises Conflict when stale.

    The compare-and-set is one UPDATE ... WHERE draft_version = :seen, so two
    concurrent saves of the same version cannot both win.
    """
    with transaction():
        check_draft_shape(graph)
        journey = get_journey(journey_id)
        values = {"draft_graph": copy.deepcopy(graph), "draft_version": draft_version + 1,
                  "updated_at": utcnow()}
        if name is not None:
            values["name"] = name
        if description is not None:
            values["description"] = description
        before = {"name": journey.name, "description": journey.description,
                  "draft_version": journey.draft_version}
        old_graph = journey.draft_graph
        result = db.session.execute(
            Journey.__table__.update()
            .where(Journey.id == journey.id, Journey.draft_version == draft_version)
            .values(**values))
        if result.rowcount != 1:
            db.session.refresh(journey)  # someone else's save won: read the version it left
            current = journey.draft_version
            raise Conflict(f"The draft was saved by someone else (it is at version {current}, "
                           f"you edited {draft_version}); reload it and try again.",
                           details={"draft_version": current})
        changes = audit.diff(before, {**before, **{k: v for k, v in values.items() if k in before}})
        graph_change = diff_graphs(old_graph, graph)
        changes["graph"] = {part: [n["id"] for n in graph_change["nodes"][part]]
                            for part in ("added", "removed", "changed") if graph_change["nodes"][part]}
        changes["graph"].update({f"edges_{part}": len(graph_change["edges"][part])
                                 for part in ("added", "removed") if graph_change["edges"][part]})
        audit.record("journey.update", "journey", journey.id,
                     f"Saved the draft of “{values.get('name', before['name'])}” (draft {draft_version + 1})",
                     changes)
    db.session.refresh(journey)
    return journey


def publish(journey_id: int, by: str | None = None, note: str | None = None,
            migrate: dict | None = None) -> Journey:
    """Freeze the draft as version n+1 with an optional note, moving active enrollments onto it
    when ``migrate`` says ``move`` (``services.journey_publishing``). Raises Invalid (problems
    in ``details``) when invalid or when occupied nodes are unmapped."""

    return publish_version(journey_id, by=by, note=note, migrate=migrate)


def enable(journey_id: int) -> Journey:
    """Start enrolling and walking. Raises Conflict with nothing published, Invalid when the
    published version no longer fits the workspace (e.g. a template was deleted)."""
    with transaction():
        journey = get_journey(journey_id)
        if journey.enabled:
            return journey
        if not journey.published_version:
            raise Conflict("Publish the journey before enabling it: there is no published version yet.")
        live = published_graph(journey)
        problems = validate_graph(live, self_key=journey.key)
        if problems:
            raise Invalid(f"Published version {journey.published_version} no longer validates "
                          f"({len(problems)} problem(s)); fix the draft and publish again.", details=problems)
        journey.enabled = True
        journey.enabled_at = clock.now()
        journey.disabled_reason = None
        audit.record("journey.enable", "journey", journey.id,
                     f"Enabled “{journey.name}” (version {journey.published_version})",
                     {"enabled": {"from": False, "to": True}, "version": journey.published_version})

    journey_enabled(journey.id)  # enroll existing members; overdue waits fire on the next tick
    return journey


def disable(journey_id: int, reason: str | None = None) -> Journey:
    """Stop new enrollments and pause walking (idempotent)."""
    with transaction():
        journey = get_journey(journey_id)
        was = journey.enabled
        journey.enabled = False
        journey.disabled_reason = reason or "manual"
        audit.record("journey.disable", "journey", journey.id,
                     f"Disabled “{journey.name}”" + (f": {reason}" if reason else ""),
                     {"enabled": {"from": was, "to": False}, "reason": journey.disabled_reason})
    return journey


def published_graph(journey: Journey) -> dict | None:
    """The graph of the journey's newest published version, or None."""
    if not journey.published_version:
        return None
    return db.session.scalar(select(JourneyVersion.graph).where(
        JourneyVersion.journey_id == journey.id, JourneyVersion.version == journey.published_version))


def duplicate(journey_id: int, key: str | None = None, name: str | None = None) -> Journey:
    """A new, unpublished, disabled journey with a copy of the draft. Raises Conflict, Invalid."""
    source = get_journey(journey_id)
    if key is None:
        key = _free_key(source.key)
    return create_journey(key, name or f"Copy of {source.name}"[:200], source.description,
                          source.draft_graph, copied_from=source)


def _free_key(base: str) -> str:
    stem = f"{base[:90]}-copy"
    taken = set(db.session.scalars(select(Journey.key).where(Journey.key.like(f"{stem}%"))))
    if stem not in taken:
        return stem
    n = 2
    while f"{stem}-{n}" in taken:
        n += 1
    return f"{stem}-{n}"


def delete_journey(journey_id: int) -> None:
    """Delete a journey with its versions and enrollment history. Raises Conflict while enabled."""
    with transaction():
        journey = get_journey(journey_id)
        if journey.enabled:
            raise Conflict("Disable the journey before deleting it.")
        audit.record("journey.delete", "journey", journey.id,
                     f"Deleted journey “{journey.name}” ({journey.key})",
                     {"key": journey.key, "name": journey.name,
                      "published_version": journey.published_version})
        _delete_history(journey.id)
        db.session.delete(journey)


def _delete_history(journey_id: int) -> None:
    """Delete the journey's enrollments with their step logs and the entry events it skipped,
    and keep its emails in the outbox without it: these references have no foreign keys
    (migrations 0016, 0017, 0021), so this does what the cascade and SET NULL did. The
    enrollments go first: deleting one a round still holds waits for that round's commit, so its
    step logs are seen and deleted."""
    gone = db.session.scalars(delete(Enrollment).where(Enrollment.journey_id == journey_id)
                              .returning(Enrollment.id).execution_options(synchronize_session=False)).all()
    db.session.execute(delete(StepLog).where(StepLog.journey_id == journey_id)
                       .execution_options(synchronize_session=False))
    for start in range(0, len(gone), 1000):
        chunk = gone[start:start + 1000]
        db.session.execute(update(OutboxEmail).where(OutboxEmail.enrollment_id.in_(chunk))
                           .values(journey_id=None, enrollment_id=None)
                           .execution_options(synchronize_session=False))
    db.session.execute(update(OutboxEmail).where(OutboxEmail.journey_id == journey_id)
                       .values(journey_id=None, enrollment_id=None)
                       .execution_options(synchronize_session=False))
    db.session.execute(delete(EventEntrySkip).where(EventEntrySkip.journey_id == journey_id)
                       .execution_options(synchronize_session=False))


def list_versions(journey_id: int) -> list[JourneyVersion]:
    """The published versions, newest first. Raises NotFound."""
    get_journey(journey_id)
    return list(db.session.scalars(select(JourneyVersion).where(JourneyVersion.journey_id == journey_id)
                                   .order_by(JourneyVersion.version.desc())))
