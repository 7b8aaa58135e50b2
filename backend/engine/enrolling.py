"""Enrolling accounts into enabled journeys (SPEC §4 Enrollment).

- ``process_segment_events(account_ids=None, now=None) -> set[int]`` consumes
  unprocessed ``SegmentEvent`` rows: an account that *entered* a segment an
  enabled journey tracks is enrolled when the entry's re-enrollment rule
  allows; one that *left* has its active enrollments re-checked (segment
  exit). Returns the enrollment ids to walk now. Events are marked processed
  in the same transaction as the enrollments they cause.
- ``enroll_existing(journey_id, now=None) -> set[int]`` enrolls every account
  already in a tracked segment (on enable, when the entry says so).
- ``active_enrollment_ids(account_ids)`` — what to re-check when accounts change.

Never two active enrollments of one account in one journey: the partial unique
index refuses a racing second one, which is then skipped.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

import graph_engine as ge

from .. import clock
from ..extensions import db
from ..models.enrollments import Enrollment
from ..models.journeys import Journey, JourneyVersion
from ..models.segments import Segment, SegmentEvent, SegmentMembership
from ..models.statuses import EnrollmentStatus
from .graphs import graph_for

BATCH = 2000


def tracking_journeys() -> dict[str, list[tuple[Journey, JourneyVersion, ge.JourneyGraph]]]:
    """Enabled journeys with a published version, by the segment keys their entry tracks, each
    list in the journeys' creation order (so accounts are enrolled, and their rows written, in
    the same order by every worker, whatever order PostgreSQL happens to return the rows in)."""
    rows = db.session.execute(
        select(Journey, JourneyVersion).join(JourneyVersion, (JourneyVersion.journey_id == Journey.id)
                                             & (JourneyVersion.version == Journey.published_version))
        .where(Journey.enabled.is_(True)).order_by(Journey.id)).all()
    by_segment: dict[str, list] = {}
    for journey, version in rows:
        graph = graph_for(version)
        for key in graph.entry.cfg.get("segments", ()):
            by_segment.setdefault(key, []).append((journey, version, graph))
    return by_segment


def enroll_many(journey: Journey, version: JourneyVersion, graph, account_ids, now: datetime,
                refused: dict | None = None) -> list[int]:
    """Enroll the accounts the re-enrollment rule allows; returns the new enrollment ids.

    Two queries and one INSERT for the lot. The insert skips rows that would make a
    second active enrollment (the partial unique index), so racing workers are harmless.
    ``refused``: a dict to fill with ``{account_id: (code, since, eligible_from)}`` for the
    accounts the rule refuses (``ge.enroll_refusal``; ``since``: when their last enrollment began).
    """
    account_ids = sorted(set(account_ids))
    if not account_ids:
        return []
    history = {account_id: (bool(active), last) for account_id, active, last in db.session.execute(
        select(Enrollment.account_id, func.count().filter(Enrollment.status == EnrollmentStatus.ACTIVE),
               func.max(Enrollment.enrolled_at))
        .where(Enrollment.journey_id == journey.id, Enrollment.account_id.in_(account_ids))
        .group_by(Enrollment.account_id))}
    allowed = [a for a in account_ids
               if ge.can_enroll(graph, active=history.get(a, (False, None))[0],
                                last_enrolled_at=history.get(a, (False, None))[1], now=now)]
    if refused is not None and len(allowed) < len(account_ids):
        let_in = set(allowed)
        for a in account_ids:
            if a not in let_in:
                active, last = history.get(a, (False, None))  # refused: it has enrolled before
                code, eligible = ge.enroll_refusal(graph, active=active, last_enrolled_at=last,
                                                   now=now) or ("active", None)
                refused[a] = (code, last or now, eligible)
    if not allowed:
        return []
    rows = [{"journey_id": journey.id, "journey_version_id": version.id, "version": version.version,
             "account_id": a, "status": EnrollmentStatus.ACTIVE.value, "enrolled_at": now, "updated_at": now, "wake_at": now,
             "attempts": 0, "step_seq": 0} for a in allowed]
    dialect = sqlite_insert if db.engine.dialect.name == "sqlite" else pg_insert
    statement = dialect(Enrollment.__table__).on_conflict_do_nothing().returning(Enrollment.__table__.c.id)
    return [row[0] for row in db.session.connection().execute(statement, rows)]


def process_segment_events(account_ids=None, now: datetime | None = None) -> set[int]:
    """Consume pending segment events (all, or only these accounts'); see module docstring."""
    now = now or clock.now()
    query = (select(SegmentEvent, Segment.key).join(Segment, Segment.id == SegmentEvent.segment_id)
             .where(SegmentEvent.processed_at.is_(None)).order_by(SegmentEvent.id).limit(BATCH))
    if account_ids is not None:
        query = query.where(SegmentEvent.account_id.in_(list(account_ids)))
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=SegmentEvent)
    rows = db.session.execute(query).all()
    if not rows:
        db.session.rollback()
        return set()
    tracking = tracking_journeys()
    to_walk: set[int] = set()
    left: set[tuple[int, int]] = set()
    entered: dict[int, tuple] = {}
    for event, segment_key in rows:
        for journey, version, graph in tracking.get(segment_key, ()):
            if event.kind == "entered":
                entered.setdefault(journey.id, (journey, version, graph, set()))[3].add(event.account_id)
            else:
                left.add((journey.id, event.account_id))
        event.processed_at = now
    for journey, version, graph, account_ids in entered.values():
        to_walk.update(enroll_many(journey, version, graph, account_ids, now))
    for journey_id, account_id in left:
        to_walk.update(db.session.scalars(select(Enrollment.id).where(
            Enrollment.journey_id == journey_id, Enrollment.account_id == account_id,
            Enrollment.status == EnrollmentStatus.ACTIVE)))
    db.session.commit()
    return to_walk


def enroll_existing(journey_id: int, now: datetime | None = None) -> set[int]:
    """Enroll every account already in a segment the journey tracks (commits per batch)."""
    now = now or clock.now()
    journey = db.session.get(Journey, journey_id)
    if journey is None or not journey.enabled or not journey.published_version:
        return set()
    version = db.session.scalar(select(JourneyVersion).where(
        JourneyVersion.journey_id == journey.id, JourneyVersion.version == journey.published_version))
    graph = graph_for(version)
    if not graph.entry.cfg.get("enroll_existing"):
        return set()
    members = db.session.scalars(
        select(SegmentMembership.account_id).join(Segment, Segment.id == SegmentMembership.segment_id)
        .where(Segment.key.in_(list(graph.entry.cfg.get("segments", ())))).distinct()
        .order_by(SegmentMembership.account_id)).all()
    enrolled: set[int] = set()
    for start in range(0, len(members), BATCH):
        enrolled.update(enroll_many(journey, version, graph, members[start:start + BATCH], now))
        db.session.commit()
    return enrolled


def active_enrollment_ids(account_ids) -> list[int]:
    """Active enrollments of these accounts in enabled journeys."""
    return list(db.session.scalars(
        select(Enrollment.id).join(Journey, Journey.id == Enrollment.journey_id)
        .where(Enrollment.account_id.in_(list(account_ids)), Enrollment.status == EnrollmentStatus.ACTIVE,
               Journey.enabled.is_(True)).order_by(Enrollment.id)))


def journey_enrollment_ids(journey_id: int) -> list[int]:
    """Active enrollments of one journey (to re-check them all when it is enabled again)."""
    return list(db.session.scalars(
        select(Enrollment.id).where(Enrollment.journey_id == journey_id,
                                    Enrollment.status == EnrollmentStatus.ACTIVE)
        .order_by(Enrollment.id)))
