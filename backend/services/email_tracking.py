"""Opens and clicks of journey emails (SPEC §8), recorded as §7 product events.

- ``record_open(token)`` — the open pixel ``/t/o/<token>`` was loaded: the email's
  ``opened_at`` is set the first time, and that first time only an ``email.opened`` event
  goes on the account (its client id ``email.opened:<email id>``, so even two pixels loaded
  at once make one event: the ingest drops the duplicate).
- ``record_click(token) -> url`` — a tracked link ``/t/c/<token>`` was followed: the URL
  the token signs is returned (the only place the redirect may go), the email's
  ``clicked_at`` is set the first time, and every click records an ``email.clicked`` event; a
  click on an email whose pixel never loaded (images blocked) also counts as its open.

Both raise ``BadLink`` for a token this workspace did not sign for that kind of link (an
altered one, or an open token used as a click). Events carry ``{"journey": <journey key>,
"node": <node id>, "template": <template key or null>, "to": <address>, "url": <clicked
URL or null>}`` and go through ``services.events.ingest``, so segments, entries and
``until_event`` waits see them like any other event.
"""
from __future__ import annotations

from flask import current_app
from sqlalchemy import select, update

from .. import clock
from ..extensions import db
from ..models.accounts import Account
from ..models.journeys import Journey
from ..models.outbox import OutboxEmail
from ..rendering.links import BadLink, is_redirectable, read
from . import events

__all__ = ["BadLink", "record_click", "record_open"]


def _email(kind: str, token: str) -> tuple[dict, OutboxEmail | None]:
    payload = read(str(current_app.config["SECRET_KEY"]), kind, token)
    email_id = payload.get("e")
    if not isinstance(email_id, int) or isinstance(email_id, bool):
        raise BadLink("the link names no email")
    return payload, db.session.get(OutboxEmail, email_id)


def _first(email: OutboxEmail, column, now) -> bool:
    """Set ``column`` to ``now`` if it is unset; True when this call set it."""
    done = db.session.execute(update(OutboxEmail).where(OutboxEmail.id == email.id, column.is_(None))
                              .values({column.key: now}))
    return done.rowcount == 1


def _event(email: OutboxEmail, name: str, url: str | None, client_id: str | None) -> None:
    if email.account_id is None:
        return
    account = db.session.scalar(select(Account.external_id).where(Account.id == email.account_id))
    journey = db.session.scalar(select(Journey.key).where(Journey.id == email.journey_id)) \
        if email.journey_id else None
    event = {"account": account, "name": name, "properties": {
        "journey": journey, "node": email.node_id, "template": email.template_key,
        "to": email.to_address, "url": url}}
    if client_id:
        event["id"] = client_id
    if account is not None:
        events.ingest([event])


def record_open(token: str) -> bool:
    """Record an open (see module docstring); True when it was the email's first."""
    _, email = _email("open", token)
    if email is None:
        return False
    first = _first(email, OutboxEmail.opened_at, clock.now())
    db.session.commit()
    if first:
        _event(email, "email.opened", None, f"email.opened:{email.id}")
    return first


def record_click(token: str) -> str:
    """Record a click (see module docstring); returns the URL to redirect to."""
    payload, email = _email("click", token)
    url = payload.get("u")
    if not is_redirectable(url):
        raise BadLink("the link names no web address")
    if email is not None:
        now = clock.now()
        _first(email, OutboxEmail.clicked_at, now)
        opened = _first(email, OutboxEmail.opened_at, now)
        db.session.commit()
        if opened:  # images blocked, link followed: it was read all the same
            _event(email, "email.opened", None, f"email.opened:{email.id}")
        _event(email, "email.clicked", url, None)
    return url
