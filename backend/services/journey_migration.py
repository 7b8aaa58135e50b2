"""Moving a journey's in-flight enrollments onto a newly published version (SPEC §10).

A *move* takes every active enrollment of the journey, whatever older version
it walks, to the node the map names on the new version:

- a node id the new version also has maps to itself unless ``map`` says
  otherwise; an enrollment that has not taken its first step yet (enrolled a
  moment ago) simply starts at the new version's entry;
- a node with enrollments and no mapping is *unmapped*: the publish is refused
  (422, ``unmapped_nodes``) listing those nodes with their counts; a mapping to
  a node the new version does not have, or to its goal or exit, is refused too;
- an enrollment sleeping in a wait that is mapped onto a wait of the same kind
  (``for``/``for``, ``until_rule``/``until_rule``, ``until_date``/``until_date``)
  keeps its ``wake_at``: ``wait_started_at`` is set so that the new wait's own
  duration ends at that moment (an ``until_date`` wait whose property or offset
  changed is recomputed at once instead); with ``waits: "recount"`` a ``for``
  wait (and an ``until_rule`` wait's timeout) counts the new version's length
  from when the account began waiting instead — a wait shortened from 7 days
  to 3 lets go at once an account that has waited 5, one lengthened keeps it
  longer; anywhere else the enrollment is due now at the new node (a new wait
  starts at the move);
- an enrollment waiting at a webhook node for its call's answer, moved onto a webhook
  node with the same id, keeps waiting for that call (no second call is sent; the new
  version's config applies from the next visit); moved anywhere else, it goes on from
  there at once and the call's answer is recorded on its own;
- each moved enrollment gets a step of type ``migration`` (outcome ``moved``)
  saying "moved from v3 · n7 to v4 · n9", and its ``version``,
  ``journey_version_id``, ``current_node`` and ``state`` (an
  ``EnrollmentState``) are rewritten together.

``occupied(journey_id)`` counts active enrollments per (version, node) with one
GROUP BY; ``plan(...)`` resolves the map into groups and problems (pure given
those counts); ``lock_active(journey_id)`` locks the rows to move in id order
(``FOR UPDATE`` on PostgreSQL: a walker's round holding some of them is waited
for, and walkers skip rows the publish holds; SQLite's write lock is taken by
the caller); ``apply(...)`` rewrites them in bulk and writes their step logs.
Nothing here commits: ``journey_publishing`` owns the transaction.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, insert, select, update

import graph_engine as ge
from graph_engine.interpreter_wait import duration

from ..db.bulk_sql import is_postgresql
from ..extensions import db
from ..models.enrollments import Enrollment, StepLog
from ..models.journeys import JourneyVersion
from ..models.statuses import EnrollmentStatus

ACTIVE = EnrollmentStatus.ACTIVE.value
WAIT_KINDS = ("for", "until_date", "until_rule")
KEEP, RECOUNT = "keep", "recount"  # what a same-kind wait does with wake_at (``waits``)
WAITS = (KEEP, RECOUNT)
_RECOUNTED = ("for", "until_rule")  # waits with a length of their own (until_date has a date)
NOT_A_TARGET = ("goal", "exit")


@dataclass
class Group:
    """Active enrollments at one node of one older version, and where they go."""

    version: int
    node_id: str | None          # None: enrolled but not started yet
    count: int
    type: str | None = None
    label: str | None = None
    to: str | None = None        # the node on the new version; None: unmapped
    to_type: str | None = None
    to_label: str | None = None
    mapped_by: str | None = None  # "same_id" | "map" | "start"
    # "kept" (same kind: wake_at kept) | "recounted" (same kind, ``waits: recount``: the new
    # length from when it began waiting) | "restarts" | None
    wait: str | None = None

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class Plan:
    groups: list[Group] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)
    waits: str = KEEP

    @property
    def moving(self) -> int:
        return sum(g.count for g in self.groups if g.to is not None)

    @property
    def unmapped(self) -> list[Group]:
        return [g for g in self.groups if g.to is None]


def _nodes(graph: dict) -> dict[str, dict]:
    """Nodes by id (a draft may hold anything: only nodes with a text id count)."""
    nodes = graph.get("nodes") if isinstance(graph, dict) else None
    return {n["id"]: n for n in nodes if isinstance(n, dict) and isinstance(n.get("id"), str)} \
        if isinstance(nodes, list) else {}


def wait_kind(node: dict | None) -> str | None:
    """``for`` | ``until_date`` | ``until_rule`` for a wait node, else None."""
    if not node or node.get("type") != "wait" or not isinstance(node.get("config"), dict):
        return None
    return next((kind for kind in WAIT_KINDS if kind in node["config"]), None)


def _webhook(node: dict | None) -> bool:
    """Whether a node (JSON) is a webhook action."""
    return bool(node) and node.get("type") == "action" \
        and isinstance(node.get("config"), dict) and node["config"].get("action") == "webhook"


def _name(node: dict | None) -> str | None:
    label = (node or {}).get("label")
    return label if isinstance(label, str) and label else None


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


def occupied(journey_id: int) -> list[tuple[int, str | None, int]]:
    """``[(version, node id or None, count)]`` of the journey's active enrollments."""
    return [tuple(row) for row in db.session.execute(
        select(Enrollment.version, Enrollment.current_node, func.count())
        .where(Enrollment.journey_id == journey_id, Enrollment.status == ACTIVE)
        .group_by(Enrollment.version, Enrollment.current_node)
        .order_by(Enrollment.version, Enrollment.current_node))]


def old_graphs(journey_id: int, versions) -> dict[int, dict]:
    """``{version: graph}`` of these published versions."""
    if not versions:
        return {}
    return dict(db.session.execute(select(JourneyVersion.version, JourneyVersion.graph).where(
        JourneyVersion.journey_id == journey_id, JourneyVersion.version.in_(sorted(set(versions))))).all())


def plan(counts, graphs: dict[int, dict], new_graph: dict, new_version: int, mapping: dict,
         waits: str = KEEP) -> Plan:
    """Where each occupied (version, node) goes on ``new_graph``; problems for what cannot."""
    new_nodes = _nodes(new_graph)
    entry = next((n["id"] for n in new_nodes.values() if n.get("type") == "entry"), None)
    result = Plan(waits=waits)
    for target in sorted({t for t in mapping.values()}):
        node = new_nodes.get(target)
        if node is None or node.get("type") in NOT_A_TARGET:
            sources = sorted(k for k, v in mapping.items() if v == target)
            why = "does not have" if node is None else f"has it only as its {node.get('type')}, which is not a step"
            result.problems.append({
                "code": "unknown_target", "node_id": sources[0], "target": target,
                "message": f"The map sends {', '.join(sources)} to {target!r}, but version {new_version} {why}."})
    bad_targets = {p["target"] for p in result.problems}
    for version, node_id, count in counts:
        old = _nodes(graphs.get(version, {})).get(node_id) if node_id is not None else None
        group = Group(version=version, node_id=node_id, count=count,
                      type=_text(old.get("type")) if old else None, label=_name(old))
        if node_id is None:
            group.to, group.mapped_by = entry, "start"
        elif node_id in mapping:
            if mapping[node_id] not in bad_targets:
                group.to, group.mapped_by = mapping[node_id], "map"
        elif node_id in new_nodes and new_nodes[node_id].get("type") not in NOT_A_TARGET:
            group.to, group.mapped_by = node_id, "same_id"
        if group.to is not None:
            target = new_nodes[group.to]
            group.to_type, group.to_label = _text(target.get("type")), _name(target)
            kind = wait_kind(target)
            if kind:
                group.wait = "restarts" if kind != wait_kind(old) else (
                    "recounted" if waits == RECOUNT and kind in _RECOUNTED else "kept")
        elif node_id is not None and node_id not in mapping:
            where = f"“{group.label}” ({node_id})" if group.label else node_id
            result.problems.append({
                "code": "unmapped_node", "node_id": node_id, "version": version, "count": count,
                "message": f"{count} active account{'s are' if count != 1 else ' is'} at {where} of "
                           f"version {version}, which version {new_version} does not have: "
                           f"map it to a step of version {new_version}."})
        result.groups.append(group)
    return result


def lock_active(journey_id: int) -> list:
    """The journey's active enrollments (id, version, node, state, wake_at, step_seq), locked
    in id order on PostgreSQL (waits for a walker's round holding some of them)."""
    query = (select(Enrollment.id, Enrollment.version, Enrollment.current_node, Enrollment.state,
                    Enrollment.wake_at, Enrollment.step_seq)
             .where(Enrollment.journey_id == journey_id, Enrollment.status == ACTIVE)
             .order_by(Enrollment.id))
    if is_postgresql():
        query = query.with_for_update(of=Enrollment.__table__)
    return db.session.execute(query).all()


def _moved_state(row, old_node, new_node, target: str, now: datetime, waits: str = KEEP):
    """``(state dict or None, wake_at, kept)`` for one enrollment moved to ``target``
    (``kept``: still waiting, on the same kind of wait)."""
    if not row.state:  # not started: it starts at the new version's entry
        return None, row.wake_at, False
    state = ge.EnrollmentState.from_dict(row.state)
    if state.wait_started_at is not None and _webhook(old_node) and _webhook(new_node) \
            and old_node.get("id") == target:
        # Parked for its call's answer (SPEC §9): it keeps waiting for that very call (same
        # node, same visit, same key) instead of arriving again and sending a second one.
        return state.to_dict(), (now if state.reply else None), True  # answered: walk on
    kind = wait_kind(new_node)
    sleeping = state.wait_started_at is not None and wait_kind(old_node) is not None
    if sleeping and kind == wait_kind(old_node):
        config = new_node["config"][kind]
        if kind == "until_date":
            same = config == old_node["config"][kind]
            moved = state.evolve(node_id=target)
            return moved.to_dict(), (row.wake_at if same else now), same
        length = duration(config if kind == "for" else config["timeout"])
        if waits == RECOUNT:  # the new length, from when it began waiting; passed: due now
            wake = state.wait_started_at + length
            moved = state.evolve(node_id=target, wake_at=wake)
            return moved.to_dict(), max(wake, now), True
        if state.wake_at is not None:
            moved = state.evolve(node_id=target, wait_started_at=state.wake_at - length)
            return moved.to_dict(), row.wake_at, True
    moved = state.evolve(node_id=target, wake_at=None, wait_started_at=None)
    return moved.to_dict(), now, False


def apply(rows, the_plan: Plan, graphs: dict[int, dict], version: JourneyVersion, journey_id: int,
          now: datetime) -> list[int]:
    """Rewrite ``rows`` (from ``lock_active``) onto ``version`` per ``the_plan``; one step log
    each. Returns the ids of enrollments now waiting on a watched wait (until_rule /
    until_date), whose new rule the caller has re-checked after the commit."""
    targets = {(g.version, g.node_id): g.to for g in the_plan.groups}
    new_nodes = _nodes(version.graph)
    entry = next((n["id"] for n in new_nodes.values() if n.get("type") == "entry"), None)
    updates, fresh, steps, watched = [], [], [], []
    for row in rows:
        state_node = (row.state or {}).get("node_id") if row.state else row.current_node
        target = targets.get((row.version, state_node), targets.get((row.version, row.current_node)))
        if target is None:  # the plan was checked: only a row that changed since would land here
            raise RuntimeError(f"enrollment {row.id} at {state_node!r} has no mapping")
        old_node = _nodes(graphs.get(row.version, {})).get(state_node) if state_node else None
        new_node = new_nodes.get(target)
        state, wake_at, kept = _moved_state(row, old_node, new_node, target, now, the_plan.waits)
        if state is not None and wait_kind(new_node) in ("until_rule", "until_date"):
            watched.append(row.id)
        seq = row.step_seq + 1
        values = {"id": row.id, "journey_version_id": version.id, "version": version.version,
                  "wake_at": wake_at, "attempts": 0, "step_seq": seq, "updated_at": now}
        if state is not None:  # a started walk: its position moves (not started: state stays NULL)
            values.update(state=state, current_node=target)
        (updates if state is not None else fresh).append(values)
        step_from = {"version": row.version, "node_id": state_node}
        steps.append({
            "enrollment_id": row.id, "journey_id": journey_id, "seq": seq,
            "node_id": target or entry, "type": "migration", "at": now, "outcome": "moved",
            "detail": {"from": step_from, "to": {"version": version.version, "node_id": target},
                       "wake_at": wake_at.isoformat() if kept and wake_at else None,
                       "wait": ("recounted" if the_plan.waits == RECOUNT
                                and wait_kind(new_node) in _RECOUNTED else "kept") if kept else None,
                       "message": f"moved from v{row.version} · {state_node or 'not started'} "
                                  f"to v{version.version} · {target}"}})
    for rows_of_a_shape in (updates, fresh):
        for start in range(0, len(rows_of_a_shape), 1000):
            db.session.execute(update(Enrollment), rows_of_a_shape[start:start + 1000])
    for start in range(0, len(steps), 1000):
        db.session.execute(insert(StepLog), steps[start:start + 1000])
    return watched
