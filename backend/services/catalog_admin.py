"""Creating, changing and deleting what rules and graphs name: segments, custom
attributes, milestones, outcomes and playbooks (SPEC §5 catalog).

Every function validates and writes in one ``transaction()``: it commits once, and a
failure writes nothing.
Raises ``Conflict`` (409) for a duplicate key or a delete/change that something
still depends on (naming what), ``Invalid`` (422) for a bad key, name or rule
(rule problems in ``details``), ``NotFound`` (404).

Segments: the rule is checked with ``graph_engine.validate_rule`` against the
workspace's catalog, a rule that would make segments depend on each other in a
cycle is refused, and membership is computed at once (its entered/left events
go to the engine).
"""
from __future__ import annotations

import re

from sqlalchemy import delete, func, select

import graph_engine as ge

from ..errors import Conflict, Invalid, NotFound
from ..jobs.queueing import enqueue_segment_events
from ..extensions import db
from ..models.achievements import Milestone, Outcome
from ..models.attributes import AccountAttributeValue, AttributeDefinition
from ..models.journeys import Journey, JourneyVersion
from ..models.playbooks import Playbook
from ..models.segments import Segment
from ..segments.compile import is_date_sensitive, referenced_segments
from ..segments.membership import dependency_problem, recompute_segments, utc_today
from . import audit
from .catalog import build_catalog
from .rule_values import empty_value_problems
from .unit_of_work import transaction

KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")
KINDS = {"milestone": Milestone, "outcome": Outcome, "playbook": Playbook}


def check_key(key: str) -> None:
    if not isinstance(key, str) or not KEY.match(key):
        raise Invalid("A key is 1-100 lowercase letters, digits, '-' or '_', starting with a letter or digit.",
                      details={"key": ["Not a valid key."]})


def _get(model, key: str, label: str):
    row = db.session.scalar(select(model).where(model.key == key))
    if row is None:
        raise NotFound(f"No {label} {key!r}.")
    return row


# --- segments -------------------------------------------------------------

def segment_json(segment: Segment, with_count: bool = True) -> dict:
    from ..models.segments import SegmentMembership

    body = {"key": segment.key, "name": segment.name, "rule": segment.rule}
    if with_count:
        body["accounts"] = db.session.scalar(select(func.count()).select_from(SegmentMembership)
                                             .where(SegmentMembership.segment_id == segment.id))
    return body


def _check_rule(key: str, rule) -> None:
    problems = ge.validate_rule(rule, build_catalog(), require_conditions=True)
    problems = [p.to_dict() for p in problems
                if not (p.code == "unknown_segment" and key in str(p.message))]
    problems += empty_value_problems(rule)
    if problems:
        raise Invalid("The rule is not valid.", details=problems)
    if key in referenced_segments(rule):
        raise Invalid("A segment's rule cannot use the segment itself.")
    cycle = dependency_problem(key, rule)
    if cycle:
        raise Invalid(cycle)


def list_segments() -> list[dict]:
    return [segment_json(s) for s in db.session.scalars(select(Segment).order_by(Segment.key))]


def get_segment(key: str) -> dict:
    return segment_json(_get(Segment, key, "segment"))


def create_segment(key: str, name: str, rule) -> dict:
    """Create a segment and compute its members. Raises Invalid, Conflict."""
    with transaction(conflict=f"A segment {key!r} already exists."):
        check_key(key)
        if db.session.scalar(select(Segment.id).where(Segment.key == key)):
            raise Conflict(f"A segment {key!r} already exists.")
        _check_rule(key, rule)
        segment = Segment(key=key, name=name, rule=rule, date_sensitive=is_date_sensitive(rule))
        db.session.add(segment)
        db.session.flush()
        recompute_segments([key], utc_today())
        audit.record("segment.create", "segment", key, f"Created segment “{name}” ({key})",
                     {"name": name, "rule": rule})
    _segments_changed()
    return segment_json(segment)


def update_segment(key: str, changes: dict) -> dict:
    """Rename and/or change the rule (members recomputed). Raises NotFound, Invalid."""
    with transaction():
        segment = _get(Segment, key, "segment")
        before = {"name": segment.name, "rule": segment.rule}
        if "rule" in changes:
            _check_rule(key, changes["rule"])
            segment.rule = changes["rule"]
            segment.date_sensitive = is_date_sensitive(changes["rule"])
        if "name" in changes:
            segment.name = changes["name"]
        db.session.flush()
        if "rule" in changes:
            recompute_segments([key], utc_today())
        audit.record("segment.update", "segment", key, f"Changed segment “{segment.name}” ({key})",
                     audit.diff(before, {"name": segment.name, "rule": segment.rule}))
    _segments_changed()
    return segment_json(segment)


def delete_segment(key: str) -> None:
    """Delete a segment nothing uses. Raises Conflict naming the journeys/segments using it."""
    with transaction():
        segment = _get(Segment, key, "segment")
        users = journeys_naming("segment", key)
        dependents = [s.key for s in db.session.scalars(select(Segment).where(Segment.key != key))
                      if key in referenced_segments(s.rule)]
        if users or dependents:
            names = [f"journey {j}" for j in users] + [f"segment {s}" for s in dependents]
            raise Conflict(f"Segment {key!r} is still used by {', '.join(names)}.",
                           details={"journeys": users, "segments": dependents})
        audit.record("segment.delete", "segment", key, f"Deleted segment “{segment.name}” ({key})",
                     {"name": segment.name, "rule": segment.rule})
        db.session.delete(segment)


def _segments_changed() -> None:
    """Membership events were written: let the engine consume them now (the scheduler would too)."""
    try:
        enqueue_segment_events()
    except Exception:  # Redis down: the scheduler's round picks the events up later
        pass


# --- who uses a name ------------------------------------------------------

def journeys_naming(kind: str, key: str) -> list[str]:
    """Keys of journeys whose draft or a published version names ``kind`` ``key``."""
    graphs = db.session.execute(select(Journey.key, Journey.draft_graph)).all()
    graphs += db.session.execute(select(Journey.key, JourneyVersion.graph)
                                 .join(JourneyVersion, JourneyVersion.journey_id == Journey.id)).all()
    return sorted({journey for journey, graph in graphs if _names(graph, kind, key)})


def _names(value, kind: str, key: str) -> bool:
    """Whether a graph (or part of one) refers to ``kind`` ``key``.

    Drafts may hold anything JSON allows (work in progress), so nothing here assumes a
    shape: a config that is a list, a ``to`` that is an object, are simply not a match."""
    if isinstance(value, dict):
        config = value.get("config")
        if kind == "segment" and value.get("type") == "entry" and isinstance(config, dict):
            segments = config.get("segments")
            if isinstance(segments, list) and key in segments:
                return True
        if value.get("property") == kind and value.get("value") == key:
            return True
        if kind in ("playbook", "attribute") and value.get("action"):
            wanted = [value.get(k) for k in ("playbook", "attribute", "from", "to")]
            if key in wanted or f"custom.{key}" in wanted:
                return True
        if kind == "attribute" and value.get("property") == f"custom.{key}":
            return True
        return any(_names(v, kind, key) for v in value.values())
    if isinstance(value, list):
        return any(_names(v, kind, key) for v in value)
    return False


# --- attributes -----------------------------------------------------------

def attribute_json(row: AttributeDefinition) -> dict:
    return {"key": row.key, "label": row.label, "type": row.type}


def list_attributes() -> list[dict]:
    return [attribute_json(a) for a in db.session.scalars(select(AttributeDefinition)
                                                          .order_by(AttributeDefinition.key))]


def get_attribute(key: str) -> dict:
    return attribute_json(_get(AttributeDefinition, key, "attribute"))


def create_attribute(key: str, label: str, type_: str) -> dict:
    with transaction(conflict=f"An attribute {key!r} already exists."):
        check_key(key)
        if type_ not in ge.VALUE_TYPES:
            raise Invalid(f"type must be one of {', '.join(ge.VALUE_TYPES)}",
                          details={"type": ["Not a type."]})
        if db.session.scalar(select(AttributeDefinition.id).where(AttributeDefinition.key == key)):
            raise Conflict(f"An attribute {key!r} already exists.")
        row = AttributeDefinition(key=key, label=label, type=type_)
        db.session.add(row)
        audit.record("attribute.create", "attribute", key, f"Created attribute “{label}” ({key}, {type_})",
                     {"label": label, "type": type_})
    return attribute_json(row)


def update_attribute(key: str, changes: dict) -> dict:
    """Relabel; a type change is allowed only while no account has a value."""
    with transaction():
        row = _get(AttributeDefinition, key, "attribute")
        before = attribute_json(row)
        if "type" in changes and changes["type"] != row.type:
            used = db.session.scalar(select(func.count()).select_from(AccountAttributeValue)
                                     .where(AccountAttributeValue.key == key))
            if used:
                raise Conflict(f"{used} account(s) have a value for {key!r}; its type cannot change.")
            if changes["type"] not in ge.VALUE_TYPES:
                raise Invalid(f"type must be one of {', '.join(ge.VALUE_TYPES)}")
            row.type = changes["type"]
        if "label" in changes:
            row.label = changes["label"]
        audit.record("attribute.update", "attribute", key, f"Changed attribute “{row.label}” ({key})",
                     audit.diff(before, attribute_json(row)))
    return attribute_json(row)


def delete_attribute(key: str) -> None:
    with transaction():
        row = _get(AttributeDefinition, key, "attribute")
        users = journeys_naming("attribute", key)
        segments = [s.key for s in db.session.scalars(select(Segment)) if _names(s.rule, "attribute", key)]
        if users or segments:
            raise Conflict(f"Attribute {key!r} is still used by " + ", ".join(
                [f"journey {j}" for j in users] + [f"segment {s}" for s in segments]) + ".",
                details={"journeys": users, "segments": segments})
        removed = db.session.execute(delete(AccountAttributeValue).where(AccountAttributeValue.key == key))
        audit.record("attribute.delete", "attribute", key, f"Deleted attribute “{row.label}” ({key})",
                     {**attribute_json(row), "values_removed": removed.rowcount})
        db.session.delete(row)


# --- milestones, outcomes, playbooks ---------------------------------------

def named_json(row) -> dict:
    body = {"key": row.key, "name": row.name}
    if isinstance(row, Playbook):
        body["due_in_days"] = row.due_in_days
    return body


def list_named(kind: str) -> list[dict]:
    model = KINDS[kind]
    return [named_json(r) for r in db.session.scalars(select(model).order_by(model.key))]


def get_named(kind: str, key: str) -> dict:
    return named_json(_get(KINDS[kind], key, kind))


def create_named(kind: str, data: dict) -> dict:
    with transaction(conflict=f"A {kind} {data['key']!r} already exists."):
        model = KINDS[kind]
        check_key(data["key"])
        if db.session.scalar(select(model.id).where(model.key == data["key"])):
            raise Conflict(f"A {kind} {data['key']!r} already exists.")
        row = model(**data)
        db.session.add(row)
        audit.record(f"{kind}.create", kind, data["key"],
                     f"Created {kind} “{data.get('name')}” ({data['key']})", dict(data))
    return named_json(row)


def update_named(kind: str, key: str, changes: dict) -> dict:
    with transaction():
        row = _get(KINDS[kind], key, kind)
        before = named_json(row)
        for field, value in changes.items():
            setattr(row, field, value)
        audit.record(f"{kind}.update", kind, key, f"Changed {kind} “{row.name}” ({key})",
                     audit.diff(before, named_json(row)))
    return named_json(row)


def delete_named(kind: str, key: str) -> None:
    with transaction():
        row = _get(KINDS[kind], key, kind)
        users = journeys_naming(kind, key)
        segments = [s.key for s in db.session.scalars(select(Segment)) if _names(s.rule, kind, key)]
        if users or segments:
            raise Conflict(f"The {kind} {key!r} is still used by " + ", ".join(
                [f"journey {j}" for j in users] + [f"segment {s}" for s in segments]) + ".",
                details={"journeys": users, "segments": segments})
        audit.record(f"{kind}.delete", kind, key, f"Deleted {kind} “{row.name}” ({key})", named_json(row))
        db.session.delete(row)
