"""What the engine needs for unsubscribe and engagement (SPEC §8), read once per round or
delivery: the workspace's link settings and the suppressed addresses.

- ``link_settings() -> LinkSettings`` — ``public_url`` and ``tracking`` from the workspace
  settings (the ``workspace`` row of ``app_settings`` that ``services.workspace_settings``
  writes, over the same defaults: ``PUBLIC_URL``, else ``http://127.0.0.1:5000``; tracking on).
  The engine may not import services, so it reads the row itself; a test holds the two
  readers equal (tests/backend/test_email_links.py).
- ``SuppressedAddresses(snapshots)`` — ``address in suppressed``, for a round: the first
  question loads every suppressed address among the round's contacts in one query; an
  address outside them (a staff user) is looked up on its own and remembered.
- ``suppressed_among(addresses) -> set`` — one query, for a delivery batch (it lives in
  ``models.suppressions``: simulate asks it too).

Addresses compare lower-cased (stored so in ``suppressions``).
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from flask import current_app

from ..extensions import db
from ..models.settings import AppSetting
from ..models.suppressions import suppressed_among

DEFAULT_PUBLIC_URL = "http://127.0.0.1:5000"
WORKSPACE_KEY = "workspace"


@dataclass(frozen=True)
class LinkSettings:
    public_url: str
    tracking: bool
    secret: str


def link_settings() -> LinkSettings:
    """The base URL links are built from, whether tracking is on, and the signing key."""
    row = db.session.get(AppSetting, WORKSPACE_KEY)
    stored = {}
    if row is not None:
        try:
            stored = json.loads(row.value)
        except ValueError:
            stored = {}
    stored = stored if isinstance(stored, dict) else {}
    base = stored.get("public_url") or current_app.config.get("PUBLIC_URL") or DEFAULT_PUBLIC_URL
    tracking = stored.get("tracking", True)
    return LinkSettings(public_url=str(base).rstrip("/"), tracking=tracking is not False,
                        secret=str(current_app.config["SECRET_KEY"]))


class SuppressedAddresses:
    """``address in suppressed`` for one round (see module docstring)."""

    def __init__(self, snapshots: dict[int, dict]):
        self._snapshots = snapshots
        self._known: set[str] | None = None
        self._suppressed: set[str] = set()

    def __contains__(self, address) -> bool:
        if not address:
            return False
        address = address.strip().lower()
        if self._known is None:
            self._known = {(c.get("email") or "").strip().lower()
                           for snap in self._snapshots.values() for c in snap.get("contacts") or ()}
            self._known.discard("")
            self._suppressed = suppressed_among(self._known)
        if address not in self._known:
            self._known.add(address)
            self._suppressed |= suppressed_among([address])
        return address in self._suppressed
