"""In-process notifications about committed account-data changes.

Services call ``accounts_changed(account_ids, reason)`` *after* they commit a
change to what rules can read (account fields, custom values, contacts,
subscriptions, milestones, outcomes, playbooks, segment membership). The
engine registers a callback with ``on_accounts_changed(callback)`` to run
its goal/exit checks. ``reason`` is a short word: ``upsert``, ``patch``,
``bulk``, ``milestone``, ``outcome``, ``playbook``, ``segments``.

A failing listener is logged and does not stop the others, nor undo the
change (it is already committed).
"""
from __future__ import annotations

import logging
from typing import Callable, Iterable

log = logging.getLogger(__name__)

Listener = Callable[[list[int], str], None]
_listeners: list[Listener] = []


def on_accounts_changed(callback: Listener) -> Listener:
    """Register ``callback(account_ids, reason)``; returns it (usable as a decorator)."""
    if callback not in _listeners:
        _listeners.append(callback)
    return callback


def remove_listener(callback: Listener) -> None:
    """Unregister ``callback`` (no error if it was not registered)."""
    if callback in _listeners:
        _listeners.remove(callback)


def accounts_changed(account_ids: Iterable[int], reason: str) -> None:
    """Tell every listener that these accounts' data changed (after commit)."""
    ids = sorted(set(account_ids))
    if not ids:
        return
    for callback in list(_listeners):
        try:
            callback(ids, reason)
        except Exception:  # noqa: BLE001 - one bad listener must not hide the change from others
            log.exception("accounts_changed listener %r failed (%s, %d accounts)",
                          callback, reason, len(ids))
