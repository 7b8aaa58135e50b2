"""Outbound webhook calls (SPEC §9) and the secrets their headers use.

:class:`WebhookCall` — one row per webhook effect, written ``queued`` in the
walker's round (``effect_key`` unique: one effect, one call, whatever replays)
and delivered after the commit by ``backend.engine.webhooks``. ``status``
(``WebhookStatus``): ``queued`` → ``sending`` (claimed; ``next_attempt_at`` is
then the lease's end) → ``sent`` (2xx) | back to ``queued`` (a retry,
``next_attempt_at`` = when) | ``failed`` (other 4xx, or retries exhausted after
``retry_until``). A worker that stopped mid-request leaves it ``sending``; past the
lease it is ``uncertain`` (due; so through its resend, until that is recorded). The request is stored as sent, except that header values keep
``{{ secret.NAME }}`` unrendered: secrets are put in at the moment of sending
and never stored with the call. The response: status, the first 4 KB, how long
it took (ms).

:class:`Secret` — a named value for header templates, Fernet-encrypted
(``backend.services.secrets``); the value is never read back out by the API.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .journeys import utcnow
from .statuses import WebhookStatus

_DUE = text(f"status IN ('{WebhookStatus.QUEUED}', '{WebhookStatus.UNCERTAIN}')")
_SENDING = text(f"status = '{WebhookStatus.SENDING}'")


class WebhookCall(db.Model):
    __tablename__ = "webhook_calls"
    __table_args__ = (
        Index("ix_webhook_calls_created_at", "created_at"),
        Index("ix_webhook_calls_status", "status"),
        Index("ix_webhook_calls_due", "next_attempt_at", sqlite_where=_DUE, postgresql_where=_DUE),
        Index("ix_webhook_calls_enrollment", "enrollment_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    effect_key: Mapped[str] = mapped_column(String(200), unique=True, nullable=False)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default=WebhookStatus.QUEUED)
    method: Mapped[str] = mapped_column(String(8), nullable=False)
    url: Mapped[str] = mapped_column(Text, nullable=False)
    host: Mapped[str] = mapped_column(String(300), nullable=False)
    request_headers: Mapped[dict] = mapped_column(JSON, nullable=False)
    request_body: Mapped[str | None] = mapped_column(Text)
    timeout_s: Mapped[int] = mapped_column(Integer, nullable=False, default=10)
    save_response: Mapped[list] = mapped_column(JSON, nullable=False)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    retry_until: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    response_status: Mapped[int | None] = mapped_column(Integer)
    response_excerpt: Mapped[str | None] = mapped_column(Text)
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    saved: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    enrollment_id: Mapped[int | None] = mapped_column(ForeignKey("enrollments.id", ondelete="SET NULL"))
    journey_id: Mapped[int | None] = mapped_column(ForeignKey("journeys.id", ondelete="SET NULL"))
    node_id: Mapped[str | None] = mapped_column(String(200))


class Secret(db.Model):
    __tablename__ = "secrets"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow,
                                                 onupdate=utcnow)
