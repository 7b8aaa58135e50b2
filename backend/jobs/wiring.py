"""Connects the engine to the rest of the app (called from ``create_app``).

Account data changed (``events.accounts_changed``) → ``enqueue_touch``: the
accounts' segment events are consumed and their journeys re-checked at once
(goal, exits, until_rule waits), in a worker. Changes people make (API,
marks) go on the interactive lane; bulk imports, the daily segment rollover
and a walk's hand-off go on the bulk lane.
"""
from __future__ import annotations

from flask import Flask

from ..events import on_accounts_changed
from .queueing import enqueue_touch

BULK_REASONS = frozenset({"bulk", "segments", "journey"})


def touch(account_ids: list[int], reason: str) -> None:
    enqueue_touch(account_ids, interactive=reason not in BULK_REASONS)


def init_app(app: Flask) -> None:
    on_accounts_changed(touch)
