"""The suppression list (SPEC §8): addresses that get no non-transactional journey email.

Suppression JSON: ``{"address", "reason": "unsubscribed" | "manual", "source": "link" |
"one_click" | "api", "note", "journey": {"id", "key", "name"} | None, "step": {"id", "label",
"type", "action"} | None, "node_id", "created_by", "created_at"}`` — ``journey`` and ``step`` as
the outbox names them (``step_origins``): the step by its name on the canvas, not its id.

- ``list_suppressions(query=None, account=None, limit, offset)`` → ``{"items", "total"}``,
  newest first; ``query`` matches part of the address, ``account`` (an external_id) keeps
  its contacts' addresses. Raises NotFound for an unknown account.
- ``add(address, note=None)`` — an admin suppresses an address (``manual``). Raises Invalid
  (not an email address), Conflict (already suppressed). Audited ``suppression.create``.
- ``remove(address)`` — lifts it (the person asked to hear from us again). Raises NotFound.
  Audited ``suppression.delete``.
- ``unsubscribe(token, source)`` — the recipient's own unsubscribe through a signed link
  (``/u/<token>``): the address the token names is suppressed (once; again is a no-op),
  the email it came in is marked ``unsubscribed_at``. Audited ``suppression.unsubscribe``
  with the address as the actor. Returns ``(address, newly)``; raises ``BadLink``.
- ``address_for(token)`` — the address a valid unsubscribe token names (the confirm page),
  and whether it is already suppressed. Raises ``BadLink``.
"""
from __future__ import annotations

import re

from flask import current_app
from sqlalchemy import func, select, update

from .. import clock
from ..errors import Conflict, Invalid, NotFound
from ..extensions import db
from ..models.accounts import Account, Contact
from ..models.outbox import OutboxEmail
from ..models.suppressions import Suppression
from ..rendering.links import BadLink, read
from . import audit
from .step_origins import step_origins
from .unit_of_work import transaction

__all__ = ["BadLink", "add", "address_for", "list_suppressions", "remove", "unsubscribe"]
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]+\.[^@\s]+")


def _origins(rows) -> dict:
    """{suppression id: (journey, step)}: the journey and the step whose email the person
    unsubscribed from, named as the outbox names them (``step_origins``; the enrollment, and so
    the version it walked, is the email's)."""
    email_ids = {r.outbox_email_id for r in rows if r.journey_id and r.outbox_email_id}
    enrollment_of = dict(db.session.execute(
        select(OutboxEmail.id, OutboxEmail.enrollment_id).where(OutboxEmail.id.in_(email_ids))).all()
    ) if email_ids else {}
    return step_origins({r.id: (r.journey_id, enrollment_of.get(r.outbox_email_id), r.node_id)
                         for r in rows})


def suppression_json(row: Suppression, origins: dict | None = None) -> dict:
    """The API shape of a suppression (``origins``: ``_origins`` of a page, when already loaded)."""
    if origins is None:
        origins = _origins([row])
    journey, step = origins.get(row.id, (None, None))
    return {"address": row.address, "reason": row.reason, "source": row.source, "note": row.note,
            "journey": journey, "step": step,
            "node_id": row.node_id, "created_by": row.created_by, "created_at": row.created_at}


def list_suppressions(query: str | None = None, account: str | None = None, limit: int = 200,
                      offset: int = 0) -> dict:
    """Suppressed addresses, newest first (see module docstring)."""
    statement = select(Suppression)
    if query:
        statement = statement.where(Suppression.address.contains(query.strip().lower(),
                                                                 autoescape=True))
    if account is not None:
        account_id = db.session.scalar(select(Account.id).where(Account.external_id == account))
        if account_id is None:
            raise NotFound(f"No account {account!r}.")
        statement = statement.where(Suppression.address.in_(
            select(func.lower(Contact.email)).where(Contact.account_id == account_id)))
    total = db.session.scalar(select(func.count()).select_from(statement.subquery()))
    rows = list(db.session.scalars(statement.order_by(Suppression.created_at.desc(),
                                                      Suppression.id.desc())
                                   .limit(limit).offset(offset)))
    origins = _origins(rows)
    return {"items": [suppression_json(r, origins) for r in rows], "total": total}


def _clean(address) -> str:
    if not isinstance(address, str) or not _EMAIL.fullmatch(address.strip()) or len(address) > 254:
        raise Invalid(f"{address!r} is not an email address.",
                      details={"address": ["Must be an email address such as ana@example.com."]})
    return address.strip().lower()


def add(address: str, note: str | None = None) -> dict:
    """Suppress ``address`` by hand. Raises Invalid, Conflict."""
    clean = _clean(address)
    taken = f"{clean} is already suppressed."
    with transaction(conflict=taken):
        if db.session.scalar(select(Suppression.id).where(Suppression.address == clean)):
            raise Conflict(taken)
        row = Suppression(address=clean, reason="manual", source="api", note=note,
                          created_by=audit.current_actor()[0][:254], created_at=clock.now())
        db.session.add(row)
        audit.record("suppression.create", "suppression", clean, f"Suppressed {clean}",
                     {"address": clean, "note": note})
    return suppression_json(row)


def remove(address: str) -> None:
    """Lift the suppression of ``address``. Raises NotFound."""
    clean = address.strip().lower() if isinstance(address, str) else ""
    with transaction():
        row = db.session.scalar(select(Suppression).where(Suppression.address == clean))
        if row is None:
            raise NotFound(f"{address!r} is not suppressed.")
        audit.record("suppression.delete", "suppression", clean,
                     f"Lifted the suppression of {clean}",
                     {"address": clean, "reason": row.reason, "source": row.source})
        db.session.delete(row)


def _token(token: str) -> dict:
    payload = read(str(current_app.config["SECRET_KEY"]), "unsubscribe", token)
    address = payload.get("a")
    if not isinstance(address, str) or "@" not in address:
        raise BadLink("the link names no address")
    return payload


def address_for(token: str) -> tuple[str, bool]:
    """``(address, already suppressed)`` for a valid unsubscribe token. Raises BadLink."""
    address = _token(token)["a"]
    return address, db.session.scalar(
        select(Suppression.id).where(Suppression.address == address)) is not None


def unsubscribe(token: str, source: str) -> tuple[str, bool]:
    """Suppress the address the token names (see module docstring). Raises BadLink."""
    payload = _token(token)
    address, key = payload["a"], payload.get("k")
    now = clock.now()
    try:
        return _unsubscribe(address, key, source, now)
    except Conflict:  # the same address unsubscribed at the same moment elsewhere: done
        return address, False


def _unsubscribe(address: str, key, source: str, now) -> tuple[str, bool]:
    with transaction(conflict="already unsubscribed"):
        email = db.session.scalar(select(OutboxEmail).where(OutboxEmail.effect_key == key)) \
            if isinstance(key, str) else None
        if email is not None and email.to_address.strip().lower() != address:
            email = None
        if email is not None and email.unsubscribed_at is None:
            db.session.execute(update(OutboxEmail).where(OutboxEmail.id == email.id)
                               .values(unsubscribed_at=now))
        if db.session.scalar(select(Suppression.id).where(Suppression.address == address)):
            return address, False
        db.session.add(Suppression(
            address=address, reason="unsubscribed", source=source, created_by=address,
            journey_id=email.journey_id if email else None,
            node_id=email.node_id if email else None,
            outbox_email_id=email.id if email else None, created_at=now))
        entry = audit.record("suppression.unsubscribe", "suppression", address,
                             f"{address} unsubscribed ({source.replace('_', '-')})",
                             {"address": address, "source": source,
                              "email_id": email.id if email else None})
        entry.actor, entry.actor_type = address, "recipient"
    return address, True
