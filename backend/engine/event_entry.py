"""Entry by event (SPEC §7): enroll the accounts whose new events an enabled journey enters on.

Exactly once, and never lost (issue 13). Ingest writes an ``EventEntryBatch`` row per
request and chunk of accounts in the same transaction as the events; then:

- ``enroll_batch(batch_id, now=None) -> set[int]`` claims the batch (``processed_at``,
  an ``UPDATE … WHERE processed_at IS NULL``: on PostgreSQL a second claimer waits for the
  row and then finds it claimed; SQLite has one writer) and enrolls in the same
  transaction. A batch already claimed enrolls nobody, so a job run twice (or the
  scheduler's copy of a job that was only slow) cannot enroll an account twice for one
  event, even with ``reenroll: every_time``. Returns the new enrollment ids (to walk).
- ``pending_batch_ids(older_than, limit)`` — batches no job claimed (the scheduler's
  safety net re-queues them: Redis flushed, a worker killed mid-job).

Which event enrolls: the batch's events are read back by account, name, time range and
the request's stamp (``received_at``, unique per request); an account's earliest
matching event in the request enrolls it, per ``reenroll``, and is recorded in the state
(the entry step names it). Several matching events of one account in one request make
one enrollment. When the rule refuses the account (it is active in the journey, or may not
enroll again, or not yet), that event and the reason are kept instead (``EventEntrySkip``,
the latest per account and journey), so the account page can say why it was not enrolled.
"""
from __future__ import annotations

from datetime import datetime

import orjson
from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

import graph_engine as ge
from graph_engine.event_rules import where_predicate
from graph_engine.event_windows import entry_events

from .. import clock
from ..db import bulk_write
from ..db.bulk_sql import is_postgresql
from ..extensions import db
from ..models.enrollments import Enrollment
from ..models.events import Event, EventEntryBatch, EventEntrySkip
from ..models.journeys import Journey, JourneyVersion
from .enrolling import enroll_many
from .graphs import graph_for


def event_entry_journeys() -> dict[str, list[tuple[Journey, JourneyVersion, ge.JourneyGraph, dict]]]:
    """Enabled journeys whose entry has events, by event name: (journey, version, graph, the
    entry's ``{"name", "where"}``)."""
    rows = db.session.execute(
        select(Journey, JourneyVersion).join(JourneyVersion, (JourneyVersion.journey_id == Journey.id)
                                             & (JourneyVersion.version == Journey.published_version))
        .where(Journey.enabled.is_(True))).all()
    by_name: dict[str, list] = {}
    for journey, version in rows:
        graph = graph_for(version)
        for trigger in entry_events(graph):
            by_name.setdefault(trigger["name"], []).append((journey, version, graph, trigger))
    return by_name


def _claim(batch_id: int, now: datetime):
    """Mark the batch processed; returns its row (account_ids, names, received_at, first_at,
    last_at), or None when it is gone or another job claimed it."""
    table = EventEntryBatch.__table__
    return db.session.execute(
        update(table).where(table.c.id == batch_id, table.c.processed_at.is_(None))
        .values(processed_at=now)
        .returning(table.c.account_ids, table.c.names, table.c.received_at, table.c.first_at,
                   table.c.last_at)).first()


def enroll_batch(batch_id: int, now: datetime | None = None) -> set[int]:
    """Claim the batch and enroll from its events in one transaction (see the module doc);
    commits; returns the new enrollment ids."""
    now = now or clock.now()
    claimed = _claim(batch_id, now)
    if claimed is None:
        db.session.rollback()
        return set()
    account_ids, names, received_at, first_at, last_at = claimed
    journeys = event_entry_journeys()
    wanted = sorted(set(names) & set(journeys))
    new_ids: set[int] = set()
    if wanted and account_ids:
        events = db.session.execute(
            select(Event.account_id, Event.name, Event.at, Event.properties, Event.client_id)
            .where(Event.account_id.in_(list(account_ids)), Event.name.in_(wanted),
                   Event.at >= first_at, Event.at <= last_at, Event.received_at == received_at)
            .order_by(Event.at, Event.id)).all()
        for name in wanted:
            for journey, version, graph, trigger in journeys[name]:
                new_ids.update(_enroll_on(journey, version, graph, trigger, events, now))
    db.session.commit()
    return new_ids


def _enroll_on(journey, version, graph, trigger: dict, events: list, now: datetime) -> list[int]:
    """Enroll each account's earliest event that matches ``trigger``; the state names it. The
    accounts the re-enrollment rule refuses get that event and the reason recorded
    (``EventEntrySkip``)."""
    match = where_predicate(trigger.get("where"))
    first: dict[int, tuple] = {}
    for account_id, ev_name, at, props, client_id in events:
        if ev_name == trigger["name"] and account_id not in first and (match is None or match(props or {})):
            first[account_id] = (at, client_id)
    refused: dict[int, tuple] = {}
    created = enroll_many(journey, version, graph, list(first), now, refused=refused)
    owners = dict(db.session.execute(select(Enrollment.id, Enrollment.account_id)
                                     .where(Enrollment.id.in_(created))).all()) if created else {}
    raced = set(first) - set(owners.values()) - set(refused)
    if raced:  # allowed, but another worker's enrollment won the insert: it is active now
        refused.update((account_id, ("active", since, None)) for account_id, since in db.session.execute(
            select(Enrollment.account_id, func.max(Enrollment.enrolled_at))
            .where(Enrollment.journey_id == journey.id, Enrollment.account_id.in_(sorted(raced)))
            .group_by(Enrollment.account_id)))
    # not one this very batch enrolled (the journey enters on this name twice, by two `where`s)
    refused = {account_id: why for account_id, why in refused.items() if why[1] < now}
    if refused:
        _record_skips(journey.id, trigger["name"], first, refused, now)
    if not created:
        return []
    as_text = bulk_write.use_copy(len(created))
    changes = []
    for enrollment_id in created:
        at, client_id = first[owners[enrollment_id]]
        via = {"name": trigger["name"], "at": at.isoformat(), **({"id": client_id} if client_id else {})}
        state = ge.EnrollmentState.new(str(enrollment_id)).evolve(entered_via=via).to_dict()
        changes.append((enrollment_id, (orjson.dumps(state).decode() if as_text else state,), 1))
    bulk_write.update_by_id(Enrollment, ("state",), changes)
    return created


def _record_skips(journey_id: int, name: str, first: dict, refused: dict, now: datetime) -> None:
    """Upsert each refused account's ``EventEntrySkip`` for this journey: the event, the reason."""
    table = EventEntrySkip.__table__
    rows = [{"account_id": account_id, "journey_id": journey_id, "event_name": name,
             "event_at": first[account_id][0], "event_client_id": first[account_id][1], "code": code,
             "since": since, "eligible_from": eligible, "decided_at": now}
            for account_id, (code, since, eligible) in sorted(refused.items())]
    statement = (pg_insert if is_postgresql() else sqlite_insert)(table)
    changing = ("event_name", "event_at", "event_client_id", "code", "since", "eligible_from", "decided_at")
    db.session.execute(statement.on_conflict_do_update(
        index_elements=["account_id", "journey_id"],
        set_={column: statement.excluded[column] for column in changing}), rows)


def pending_batch_ids(older_than: datetime, limit: int = 100) -> list[int]:
    """Batches no job has claimed, received before ``older_than``, oldest first."""
    return list(db.session.scalars(
        select(EventEntryBatch.id).where(EventEntryBatch.processed_at.is_(None),
                                         EventEntryBatch.received_at <= older_than)
        .order_by(EventEntryBatch.id).limit(limit)))
