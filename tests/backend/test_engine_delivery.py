"""Bulk email delivery (backend/engine/delivery.py) against a real SMTP server on loopback:
every email arrives once, the process's lanes keep their connections from one delivery to
the next, and no more than ``IN_FLIGHT`` emails are ever ``sending`` at once (what a worker
killed at the worst moment would leave ``uncertain``)."""
from __future__ import annotations

import threading
from collections import Counter
from datetime import datetime, timezone

import pytest
from sqlalchemy import create_engine, func, select

from backend.db import bulk_write
from backend.engine.delivery import IN_FLIGHT, LANES, deliver_outbox
from backend.extensions import db
from backend.models.outbox import OutboxEmail


class _CountingInbox:
    """Accepts everything; counts connections (one EHLO each) and, on each DATA, how many
    outbox rows are ``sending`` at that moment (read on a connection of its own)."""

    def __init__(self, database_url: str):
        self.messages: list[str] = []
        self.connections = 0
        self.sending_seen: list[int] = []
        self._engine = create_engine(database_url)
        self._lock = threading.Lock()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        with self._lock:
            self.connections += 1
        return responses

    async def handle_DATA(self, server, session, envelope):
        with self._engine.connect() as connection:
            self.sending_seen.append(connection.scalar(
                select(func.count()).select_from(OutboxEmail.__table__)
                .where(OutboxEmail.__table__.c.status == "sending")))
        self.messages.extend(envelope.rcpt_tos)
        return "250 OK"


@pytest.fixture()
def inbox(app, clean):
    from aiosmtpd.controller import Controller

    from backend.redis_server import free_port

    handler = _CountingInbox(app.config["SQLALCHEMY_DATABASE_URI"])
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{controller.port}"
    yield handler
    app.config["SMTP_URL"] = None
    controller.stop()
    handler._engine.dispose()


def _queue(app, count: int, tag: str) -> list[int]:
    with app.app_context():
        ids = bulk_write.insert_with_ids(
            OutboxEmail, ("to_address", "from_address", "subject", "body", "html_body", "unsubscribable",
                          "status", "attempts", "created_at", "effect_key"),
            [(f"person{i}.{tag}@example.com", "Asha <asha@example.com>", f"Hello {i}", f"Hi {i}",
              f"<p>Hi {i}</p>", True, "queued", 0, datetime.now(timezone.utc), f"test:{tag}:{i}")
             for i in range(count)])
        db.session.commit()
        return ids


def _statuses(app) -> Counter:
    with app.app_context():
        found = Counter(db.session.scalars(select(OutboxEmail.status)))
        db.session.rollback()
        return found


def test_every_email_arrives_once_and_deliveries_reuse_the_lanes_connections(app, inbox):
    """Three deliveries of more than a claim each: the lanes (threads kept for the process)
    send on the connections they opened for the first, instead of connecting per delivery."""
    total = 0
    for tag in ("a", "b", "c"):
        ids = _queue(app, 3 * IN_FLIGHT + 7, tag)
        total += len(ids)
        with app.app_context():
            assert deliver_outbox(ids) == {"sent": len(ids)}
    assert _statuses(app) == {"sent": total}
    assert sorted(inbox.messages) == sorted(set(inbox.messages)) and len(inbox.messages) == total
    assert 1 <= inbox.connections <= LANES.count() <= app.config["SMTP_CONNECTIONS"], \
        f"{inbox.connections} connections for 3 deliveries on {LANES.count()} lanes"


def test_never_more_than_in_flight_emails_are_sending_at_once(app, inbox):
    """What a worker killed mid-send leaves ``uncertain`` (never resent on its own) is bounded
    through the whole delivery, not just at its start: claims wait for marks."""
    ids = _queue(app, 6 * IN_FLIGHT, "w")
    with app.app_context():
        assert deliver_outbox(ids) == {"sent": len(ids)}
    assert len(inbox.sending_seen) == len(ids)
    assert max(inbox.sending_seen) <= IN_FLIGHT, max(inbox.sending_seen)
    assert _statuses(app) == {"sent": len(ids)}


def test_a_refused_email_fails_alone_and_the_rest_arrive(app, inbox, smtp_server):
    """A permanent refusal in the middle of a delivery fails that email only; the lane's
    connection stays usable for the next ones."""
    app.config["SMTP_URL"] = smtp_server.url
    with app.app_context():
        ids = bulk_write.insert_with_ids(
            OutboxEmail, ("to_address", "from_address", "subject", "body", "unsubscribable", "status",
                          "attempts", "created_at", "effect_key"),
            [("reject@example.com" if i == 30 else f"p{i}@example.com", "asha@example.com", "Hi",
              "Hi", False, "queued", 0, datetime.now(timezone.utc), f"test:r:{i}") for i in range(60)])
        db.session.commit()
        assert deliver_outbox(ids) == {"sent": 59, "failed": 1}
        refused = db.session.scalars(select(OutboxEmail).where(OutboxEmail.status == "failed")).one()
        assert refused.to_address == "reject@example.com" and "550" in refused.error
        db.session.rollback()
    assert len(smtp_server.messages) == 59
