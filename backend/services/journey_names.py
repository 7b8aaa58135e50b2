"""Journey names that read the same: a warning, never a refusal.

Keys are unique (what graphs name); names are for people, and two journeys
called "Renewal" are allowed but confusing in lists, timelines and the exit
node's picker. ``with_name_warnings(journey)`` sets ``journey.warnings`` to a
list (empty when the name is unique) that the create, save and duplicate
responses carry::

    [{"code": "duplicate_name",
      "message": "Another journey is also called 'Renewal' (key renewal-2).",
      "journeys": [{"id": 7, "key": "renewal-2", "name": "Renewal"}]}]

Names compare case-insensitively, with surrounding and repeated spaces ignored.
"""
from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..models.journeys import Journey


def same_name(name: str) -> str:
    """The form two names are compared in."""
    return " ".join((name or "").split()).casefold()


def name_warnings(journey: Journey) -> list[dict]:
    """Warnings about other journeys with the same name as ``journey`` (empty: none)."""
    wanted = same_name(journey.name)
    if not wanted:
        return []
    rows = db.session.execute(select(Journey.id, Journey.key, Journey.name)
                              .where(Journey.id != journey.id).order_by(Journey.id)).all()
    twins = [{"id": r.id, "key": r.key, "name": r.name} for r in rows if same_name(r.name) == wanted]
    if not twins:
        return []
    keys = ", ".join(t["key"] for t in twins)
    message = (f"Another journey is also called {journey.name!r} (key {keys})." if len(twins) == 1 else
               f"{len(twins)} other journeys are also called {journey.name!r} (keys {keys}).")
    return [{"code": "duplicate_name", "message": message, "journeys": twins}]


def with_name_warnings(journey: Journey) -> Journey:
    """``journey`` with ``warnings`` set (see module docstring); returns it."""
    journey.warnings = name_warnings(journey)
    return journey
