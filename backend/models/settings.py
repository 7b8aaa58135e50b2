"""Workspace-wide key/value settings (for example, whether the demo was seeded).

The workspace settings of SPEC §8 are one JSON object under ``WORKSPACE_KEY``
(written only by ``services.workspace_settings``); ``stored_workspace()`` reads
it (``{}`` when absent or unreadable) for the service and the engine alike, over
``WORKSPACE_DEFAULTS``.
"""
from __future__ import annotations

import json

from flask import current_app, has_app_context
from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class AppSetting(db.Model):
    __tablename__ = "app_settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)


WORKSPACE_KEY = "workspace"
# public_url's default comes from the PUBLIC_URL setting (services.workspace_settings),
# default_from's from MAIL_FROM (default_sender)
WORKSPACE_DEFAULTS = {"default_timezone": "UTC", "frequency_cap": {"emails": 3, "per_days": 7},
                      "tracking": True}
FALLBACK_SENDER = "journeys@localhost"


def stored_workspace() -> dict:
    """The stored workspace settings object (only the keys ever set), ``{}`` when none."""
    row = db.session.get(AppSetting, WORKSPACE_KEY)
    if row is None:
        return {}
    try:
        value = json.loads(row.value)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def default_sender(stored: dict | None = None) -> str:
    """The address emails go from when no other sender applies: the workspace's
    ``default_from``, else the MAIL_FROM setting, else ``journeys@localhost``. ``stored``: the
    workspace object when the caller has read it already."""
    stored = stored_workspace() if stored is None else stored
    configured = current_app.config.get("MAIL_FROM") if has_app_context() else None
    return stored.get("default_from") or configured or FALLBACK_SENDER


def pool_turn_key(pool) -> str:
    """The app setting holding the last turn taken of a round-robin CSM pool (its lower-case
    emails): the engine takes turns on it, Simulate reads the next one."""
    return "csm-pool:" + ",".join(sorted(pool))
