"""What a lifecycle step would do, counted before the admin confirms it.

- ``enable_preview(journey_id)`` — enabling: the entry's segments with their
  member counts, and how many accounts would be enrolled at once (only when the
  entry enrolls accounts already in the segments; the re-enrollment rule and
  active enrollments are applied exactly as ``engine.enrolling`` does).
- ``version_counts(journey_id)`` — ``{version: {"active", "enrolled"}}``: how
  many accounts walk each published version now, and ever enrolled on it.
- ``versions_with_counts(journey_id)`` — the versions API's items: each version
  with its publisher, whether it is live, and those counts.

Reads only.
"""
from __future__ import annotations

from sqlalchemy import func, select

import graph_engine as ge

from .. import clock
from ..errors import Conflict
from ..extensions import db
from ..models.enrollments import Enrollment
from ..models.segments import Segment, SegmentMembership
from .journeys import get_journey, list_versions, published_graph


def version_counts(journey_id: int) -> dict[int, dict]:
    """``{version: {"active": n, "enrolled": n}}`` for the versions anyone enrolled on."""
    rows = db.session.execute(
        select(Enrollment.version, func.count().filter(Enrollment.status == "active"), func.count())
        .where(Enrollment.journey_id == journey_id).group_by(Enrollment.version))
    return {version: {"active": active, "enrolled": total} for version, active, total in rows}


def versions_with_counts(journey_id: int) -> list[dict]:
    """Published versions, newest first: ``{"version", "published_at", "published_by", "graph",
    "live", "active", "enrolled"}``. ``live`` marks the version new enrollments use (the newest,
    while the journey is enabled). Raises NotFound."""
    versions = list_versions(journey_id)
    counts = version_counts(journey_id)
    live = versions[0].version if versions and get_journey(journey_id).enabled else None
    return [{"version": v.version, "published_at": v.published_at, "published_by": v.published_by,
             "note": v.note, "graph": v.graph, "live": v.version == live,
             **counts.get(v.version, {"active": 0, "enrolled": 0})} for v in versions]


def _members(segment_keys: list[str]) -> list[int]:
    return list(db.session.scalars(
        select(SegmentMembership.account_id).join(Segment, Segment.id == SegmentMembership.segment_id)
        .where(Segment.key.in_(segment_keys)).distinct()))


def _enrollable(journey_id: int, graph, account_ids: list[int]) -> int:
    """How many of ``account_ids`` the re-enrollment rule lets in now (as ``enroll_many``)."""
    moment = clock.now()
    history = {}
    for start in range(0, len(account_ids), 5000):
        chunk = account_ids[start:start + 5000]
        history.update({a: (bool(active), last) for a, active, last in db.session.execute(
            select(Enrollment.account_id, func.count().filter(Enrollment.status == "active"),
                   func.max(Enrollment.enrolled_at))
            .where(Enrollment.journey_id == journey_id, Enrollment.account_id.in_(chunk))
            .group_by(Enrollment.account_id))})
    return sum(1 for a in account_ids
               if ge.can_enroll(graph, active=history.get(a, (False, None))[0],
                                last_enrolled_at=history.get(a, (False, None))[1], now=moment))


def enable_preview(journey_id: int) -> dict:
    """``{"version", "enroll_existing", "segments": [{"key", "name", "members"}], "events",
    "members", "will_enroll", "already_active"}`` for enabling the newest published version
    (``events``: the entry's product events, ``[{"name", "where"?}]``, which enroll accounts as
    they arrive).

    ``members`` counts accounts in any entry segment (once each); ``will_enroll`` how many
    of them enabling enrolls at once (0 when the entry only enrolls accounts that enter a
    segment later); ``already_active`` the journey's active enrollments. Raises NotFound,
    Conflict (nothing published yet).
    """
    journey = get_journey(journey_id)
    graph_json = published_graph(journey)
    if graph_json is None:
        raise Conflict("Publish the journey before enabling it: there is no published version yet.")
    graph = ge.parse_graph(graph_json)[0]
    entry = next((n for n in graph_json.get("nodes", []) if n.get("type") == "entry"), None) or {}
    config = entry.get("config") or {}
    keys = list(config.get("segments") or [])
    names = dict(db.session.execute(select(Segment.key, Segment.name).where(Segment.key.in_(keys))).all())
    counts = dict(db.session.execute(
        select(Segment.key, func.count(SegmentMembership.account_id))
        .join(SegmentMembership, SegmentMembership.segment_id == Segment.id)
        .where(Segment.key.in_(keys)).group_by(Segment.key)).all())
    members = _members(keys) if keys else []
    enroll_existing = bool(config.get("enroll_existing"))
    will_enroll = _enrollable(journey.id, graph, members) if enroll_existing and graph is not None else 0
    already_active = db.session.scalar(select(func.count()).select_from(Enrollment).where(
        Enrollment.journey_id == journey.id, Enrollment.status == "active"))
    return {"version": journey.published_version, "enroll_existing": enroll_existing,
            "segments": [{"key": k, "name": names.get(k, k), "members": counts.get(k, 0)} for k in keys],
            "events": [e for e in config.get("events") or () if isinstance(e, dict)],
            "members": len(members), "will_enroll": will_enroll, "already_active": already_active}
