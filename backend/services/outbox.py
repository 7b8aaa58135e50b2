"""The email outbox, newest first.

Email JSON: ``{"id", "to", "from", "subject", "body", "status", "error",
"created_at", "sent_at", "account": {"external_id", "name"} | None}``.
"""
from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..models.accounts import Account
from ..models.outbox import OutboxEmail


def email_json(email: OutboxEmail) -> dict:
    """The API shape of an outbox email."""
    return {
        "id": email.id, "to": email.to_address, "from": email.from_address, "subject": email.subject,
        "body": email.body, "status": email.status, "error": email.error,
        "created_at": email.created_at, "sent_at": email.sent_at,
        "account": ({"external_id": email.account.external_id, "name": email.account.name}
                    if email.account else None),
    }


def list_outbox(status: str | None = None, account: str | None = None, limit: int = 200,
                offset: int = 0) -> list[dict]:
    """Emails matching the filters (status, account external_id), newest first."""
    query = select(OutboxEmail)
    if status is not None:
        query = query.where(OutboxEmail.status == status)
    if account is not None:
        query = query.where(OutboxEmail.account_id.in_(
            select(Account.id).where(Account.external_id == account)))
    query = query.order_by(OutboxEmail.created_at.desc(), OutboxEmail.id.desc()).limit(limit).offset(offset)
    return [email_json(e) for e in db.session.scalars(query).unique()]
