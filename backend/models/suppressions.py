"""Suppressed addresses (SPEC §8): they get no non-transactional journey email.

One row per address (stored lower-case, unique). ``reason`` is ``unsubscribed`` (the person
used an unsubscribe link or their mail client's one-click button) or ``manual`` (added by an
admin); ``source`` says through what (``link``, ``one_click``, ``api``). ``journey_id``,
``node_id`` and ``outbox_email_id`` name the email an unsubscribe came from, when known.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from ..db.bulk_sql import in_values
from ..extensions import db
from .journeys import utcnow

REASONS = ("unsubscribed", "manual")
SOURCES = ("link", "one_click", "api")


class Suppression(db.Model):
    __tablename__ = "suppressions"
    __table_args__ = (Index("ix_suppressions_created_at", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str] = mapped_column(String(254), nullable=False, unique=True)
    reason: Mapped[str] = mapped_column(String(20), nullable=False)
    source: Mapped[str] = mapped_column(String(20), nullable=False)
    note: Mapped[str | None] = mapped_column(Text)
    journey_id: Mapped[int | None] = mapped_column(ForeignKey("journeys.id", ondelete="SET NULL"))
    node_id: Mapped[str | None] = mapped_column(String(200))
    outbox_email_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("outbox_emails.id", ondelete="SET NULL"))
    created_by: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)


def suppressed_among(addresses) -> set[str]:
    """The lower-cased addresses among ``addresses`` that are suppressed."""
    wanted = sorted({a.strip().lower() for a in addresses if a})
    found: set[str] = set()
    address = Suppression.__table__.c.address  # a Core query: no ORM work for a column of text
    for start in range(0, len(wanted), 1000):
        found.update(db.session.connection().scalars(select(address).where(
            in_values(address, wanted[start:start + 1000]))))
    return found
