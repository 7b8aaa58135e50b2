"""The email outbox: every email the product sends, rendered, with its fate.

``status`` (``OutboxStatus``): ``queued`` (waiting for SMTP), ``sending`` (a
delivery job has claimed it), ``sent``, ``failed`` (``error`` says why) or
``kept`` (no ``SMTP_URL``: kept here, viewable in the UI).
``effect_key`` is the idempotency key of the effect that wrote the row; it is
unique, so one effect can never produce two emails.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .journeys import utcnow
from .statuses import OutboxStatus, values

OUTBOX_STATUSES = values(OutboxStatus)
_QUEUED = text(f"status = '{OutboxStatus.QUEUED}'")


class OutboxEmail(db.Model):
    __tablename__ = "outbox_emails"
    __table_args__ = (
        Index("ix_outbox_emails_created_at", "created_at"),
        Index("ix_outbox_emails_status", "status"),
        Index("ix_outbox_emails_due", "next_attempt_at", sqlite_where=_QUEUED,
              postgresql_where=_QUEUED),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254), nullable=False)
    from_address: Mapped[str] = mapped_column(String(254), nullable=False)
    subject: Mapped[str] = mapped_column(String(1000), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default=OutboxStatus.QUEUED)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    enrollment_id: Mapped[int | None] = mapped_column(ForeignKey("enrollments.id", ondelete="SET NULL"))
    message_id: Mapped[str | None] = mapped_column(String(300))
    effect_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    # Delivery bookkeeping (backend.engine.delivery): tries so far and when to try again.
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    account = relationship("Account", lazy="joined")
