"""The email outbox: every email the product sends, rendered, with its fate.

``status`` (``OutboxStatus``): ``queued`` (waiting for SMTP), ``sending`` (a
delivery job has claimed it), ``sent``, ``failed`` (``error`` says why) or
``kept`` (no ``SMTP_URL``: kept here, viewable in the UI).
``effect_key`` is the idempotency key of the effect that wrote the row; it is
unique, so one effect can never produce two emails.

``html_body`` is the HTML part (multipart/alternative with ``body``). ``unsubscribable``: a
journey email to a contact — it carries ``List-Unsubscribe`` and is not sent to a suppressed
address (status ``suppressed``); staff alerts, transactional emails and test sends are not.
``journey_id``/``node_id``/``template_key`` name where it came from (engagement events,
per-node stats); ``opened_at``/``clicked_at``/``unsubscribed_at`` are the first of each.

``counted_sends(addresses, since)`` — the frequency cap's count (SPEC §8): lower-cased
address → creation times of the ``unsubscribable`` emails (journey emails to contacts, not
transactional) to these addresses since ``since``, but those ``suppressed`` or ``failed``
(they never reached the person), addresses matched as given. On PostgreSQL one query looks
each address up in ``ix_outbox_emails_address`` — by ``lower(to_address)``, the rows then kept
when their address is the one given (the index the Outbox page's search uses too, migration
0022) — a nested loop over the array of addresses, whatever the statistics say: during a bulk
send they lag behind the outbox, and a plain ``IN`` then went through ``created_at``'s index
instead — every email of the last ``per_days`` days, each round, 37 ms for a round of 1,000
addresses after 160,000 sends, against 0.5 ms. On SQLite one query per 1,000 addresses, through
``ix_outbox_emails_cap`` ``(to_address, created_at)``.

Indexes (each one costs the walker's COPY of its email rows: docs/engine-performance.md): the
key, ``created_at`` (the Outbox page's order), ``effect_key``, ``(journey_id, node_id)`` (canvas
counts), ``next_attempt_at`` of the queued (delivery), ``account_id`` (the page's account search
and filter), the uncommon statuses only (``UNCOMMON_STATUSES``: none is written by the walker),
and the address as above.
"""
from __future__ import annotations

from datetime import datetime

from collections import defaultdict

from sqlalchemy import Boolean, DateTime, Index, Integer, String, Text, false, select, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db.bulk_sql import fetch_sql, is_postgresql
from ..extensions import db
from .journeys import utcnow
from .statuses import OutboxStatus, values

OUTBOX_STATUSES = values(OutboxStatus)
_QUEUED = text(f"status = '{OutboxStatus.QUEUED}'")
UNCOMMON_STATUSES = (OutboxStatus.SENDING, OutboxStatus.FAILED, OutboxStatus.UNCERTAIN, OutboxStatus.SUPPRESSED)
_UNCOMMON = text("status IN (%s)" % ", ".join(f"'{status}'" for status in UNCOMMON_STATUSES))


class OutboxEmail(db.Model):
    __tablename__ = "outbox_emails"
    __table_args__ = (
        Index("ix_outbox_emails_created_at", "created_at"),
        # only the statuses a few emails have (0022): those written are queued or kept
        Index("ix_outbox_emails_uncommon_status", "status", sqlite_where=_UNCOMMON, postgresql_where=_UNCOMMON),
        Index("ix_outbox_emails_due", "next_attempt_at", sqlite_where=_QUEUED,
              postgresql_where=_QUEUED),
        Index("ix_outbox_emails_journey_node", "journey_id", "node_id"),
        Index("ix_outbox_emails_account_id", "account_id"),  # the Outbox page's account search (0022)
        # the frequency cap's counts (0011) and, on PostgreSQL, the Outbox page's address search (0022)
        Index("ix_outbox_emails_cap", "to_address", "created_at").ddl_if(dialect="sqlite"),
        Index("ix_outbox_emails_address", text("lower(to_address) text_pattern_ops"),
              "created_at").ddl_if(dialect="postgresql"),
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
    # account_id, enrollment_id and journey_id: references kept by the code, not by foreign
    # keys (migration 0016: checking three keys per email was over half of the walker's COPY)
    account_id: Mapped[int | None] = mapped_column(Integer)
    enrollment_id: Mapped[int | None] = mapped_column(Integer)
    message_id: Mapped[str | None] = mapped_column(String(300))
    effect_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    # Delivery bookkeeping (backend.engine.delivery): tries so far and when to try again.
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    html_body: Mapped[str | None] = mapped_column(Text)
    unsubscribable: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False,
                                                 server_default=false())
    journey_id: Mapped[int | None] = mapped_column(Integer)
    node_id: Mapped[str | None] = mapped_column(String(200))
    template_key: Mapped[str | None] = mapped_column(String(100))
    opened_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    clicked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    unsubscribed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    account = relationship("Account", lazy="joined", viewonly=True,
                           primaryjoin="foreign(OutboxEmail.account_id) == Account.id")


_NOT_COUNTED = (OutboxStatus.SUPPRESSED.value, OutboxStatus.FAILED.value)


def counted_sends(addresses, since: datetime, except_keys=()) -> dict[str, list[datetime]]:
    """Emails counted against the frequency cap per lower-cased address (module docstring),
    but those whose effect key is in ``except_keys`` (the caller counts them itself)."""
    wanted = sorted({a for a in addresses if a})
    found: dict[str, list[datetime]] = defaultdict(list)
    if not wanted:
        return found
    if is_postgresql():
        rows = fetch_sql(_COUNTED_POSTGRESQL, {"addresses": wanted, "since": since,
                                               "excluded": list(_NOT_COUNTED)})
    else:
        rows = (row for start in range(0, len(wanted), 1000) for row in db.session.execute(
            select(OutboxEmail.to_address, OutboxEmail.created_at, OutboxEmail.effect_key).where(
                OutboxEmail.to_address.in_(wanted[start:start + 1000]), OutboxEmail.created_at > since,
                OutboxEmail.unsubscribable.is_(True), OutboxEmail.status.not_in(_NOT_COUNTED))))
    for address, at, key in rows:
        if key not in except_keys:
            found[address.lower()].append(at)
    return found


# One index lookup per address (module docstring), whatever the statistics say: ``OFFSET 0``
# keeps the planner from pulling the subquery up into a join, which it then ran as a hash join
# over the whole outbox (91 ms for 2,922 addresses after 200,000 sends, against 3.3 ms).
_COUNTED_POSTGRESQL = (
    "SELECT a.address, o.created_at, o.effect_key FROM unnest(%(addresses)s::text[]) AS a(address) "
    "CROSS JOIN LATERAL (SELECT created_at, effect_key FROM outbox_emails "
    "WHERE lower(to_address) = lower(a.address) AND to_address = a.address AND created_at > %(since)s "
    "AND unsubscribable "
    "AND status <> ALL(%(excluded)s::text[]) OFFSET 0) AS o")
