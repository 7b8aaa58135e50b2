"""Segments: saved rules over accounts, their current members, and membership events.

``SegmentEvent`` rows (``entered``/``left``) are written in the same
transaction as the membership change; the engine consumes the rows whose
``processed_at`` is NULL (partial index) and stamps them.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import KeyedNamed, utcnow

EVENT_KINDS = ("entered", "left")


class Segment(KeyedNamed, db.Model):
    __tablename__ = "segments"

    rule: Mapped[dict] = mapped_column(JSON, nullable=False)
    # Derived from the rule on save: does it read today's date (relative dates, overdue)?
    date_sensitive: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 nullable=False)
    recomputed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SegmentMembership(db.Model):
    __tablename__ = "segment_memberships"

    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id", ondelete="CASCADE"),
                                            primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"),
                                            primary_key=True, index=True)
    since: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                            nullable=False)


class SegmentEvent(db.Model):
    __tablename__ = "segment_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"),
                                            nullable=False)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id", ondelete="CASCADE"),
                                            nullable=False)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
    processed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_segment_events_unprocessed", "id",
              postgresql_where=text("processed_at IS NULL"),
              sqlite_where=text("processed_at IS NULL")),
        Index("ix_segment_events_account_id_at", "account_id", "at"),
        Index("ix_segment_events_segment_id", "segment_id"),
    )
