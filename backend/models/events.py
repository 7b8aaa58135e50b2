"""Product events (SPEC §7): what customers do, per account, by name and time.

- ``Event`` — one event: ``account_id``, ``name`` (``[a-z0-9_.-]{1,64}``), ``at``
  (aware UTC), ``properties`` (a JSON object, at most 8 KB), ``client_id`` (the
  sender's id, when given) and ``received_at``. On PostgreSQL the table is
  partitioned by month (``PARTITION BY RANGE (at)``, no primary key):
  ``backend.events_store.partitions`` creates months ahead and drops whole old
  ones. SQLite keeps a plain table.
- ``EventClientId`` — every client id seen (a partitioned table cannot hold a
  unique index on the id alone, SPEC STACK-NOTES): an id already here makes its
  event a duplicate that changes nothing.
- ``EventNameStat`` — per event name: the property types seen and the last time;
  ``EventDailyCount`` — events per name per UTC day (``GET /api/event-names``
  answers from these, never by scanning events).
- ``EventEntryBatch`` — entry by event still to do, claimed once (see the class).
- ``EventEntrySkip`` — the latest entry event a journey did not enroll an account on, and why
  (the account page's "why isn't it here?" for events; see the class).
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (JSON, BigInteger, Date, DateTime, ForeignKey, Index, Integer, String,
                        UniqueConstraint, text)
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import utcnow

EVENT_NAME_PATTERN = r"[a-z0-9_.\-]{1,64}"
MAX_PROPERTIES_BYTES = 8 * 1024
MAX_CLIENT_ID = 200


class Event(db.Model):
    __tablename__ = "events"

    # PostgreSQL's partitioned table has no primary key (migration 0009); ids come from one
    # sequence, so ``id`` alone identifies a row everywhere.
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"),
                                            nullable=False)
    name: Mapped[str] = mapped_column(String(64), nullable=False)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    properties: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    client_id: Mapped[str | None] = mapped_column(String(MAX_CLIENT_ID))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                  nullable=False)

    __table_args__ = (
        Index("ix_events_account_name_at", "account_id", "name", "at"),
        # a segment's full recompute counts one name's events in a window for every account
        Index("ix_events_name_at", "name", "at", "account_id"),
    )


class EventClientId(db.Model):
    __tablename__ = "event_client_ids"

    client_id: Mapped[str] = mapped_column(String(MAX_CLIENT_ID), primary_key=True)
    # no index: only the daily retention tick reads it
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                              nullable=False)


class EventNameStat(db.Model):
    __tablename__ = "event_names"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    properties: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    last_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class EventDailyCount(db.Model):
    __tablename__ = "event_daily_counts"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), nullable=False)


class EventEntryBatch(db.Model):
    """Entry by event still to do (issue 13): one row per ingest request and chunk of accounts,
    written in the ingest's transaction when a live journey enters on one of its names.

    ``received_at`` is the request's stamp, unique per request (``part`` numbers its chunks
    of accounts): the entry job reads the batch's events back by it. The job claims the row
    (``processed_at``) in the same transaction as the enrollments it makes, so a batch enrolls
    once however often its job runs, and the scheduler re-finds rows a lost job never claimed.
    """
    __tablename__ = "event_entry_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    part: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    account_ids: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    names: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    first_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    processed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        UniqueConstraint("received_at", "part", name="uq_event_entry_batches_received_at_part"),
        Index("ix_event_entry_batches_pending", "id",
              postgresql_where=text("processed_at IS NULL"), sqlite_where=text("processed_at IS NULL")),
    )


class EventEntrySkip(db.Model):
    """The latest entry event that did not enroll an account in a journey, and why: one row per
    (account, journey), overwritten by the next such event (``engine.event_entry``).

    ``code`` is the re-enrollment rule's refusal (``graph_engine.enroll_refusal``): ``active``
    (it was active in the journey), ``reenroll_never`` or ``reenroll_wait`` (``eligible_from``);
    ``since`` is when the enrollment that stood in the way began, ``decided_at`` when the entry
    job judged the event. No foreign keys, as the engine's other rows (migrations 0016, 0017):
    accounts are never deleted, and deleting a journey deletes its rows
    (``services.journeys``). Read by ``services.entry_checks``.
    """
    __tablename__ = "event_entry_skips"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(Integer, nullable=False)
    journey_id: Mapped[int] = mapped_column(Integer, nullable=False)
    event_name: Mapped[str] = mapped_column(String(64), nullable=False)
    event_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    event_client_id: Mapped[str | None] = mapped_column(String(MAX_CLIENT_ID))
    code: Mapped[str] = mapped_column(String(20), nullable=False)
    since: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    eligible_from: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)

    __table_args__ = (
        UniqueConstraint("account_id", "journey_id", name="uq_event_entry_skips_account_id_journey_id"),
    )
