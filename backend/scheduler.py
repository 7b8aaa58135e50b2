"""The scheduler process: ``flask --app backend scheduler`` (or ``make run``).

The database is the truth about what is due; Redis only carries work. Every
``interval`` seconds the scheduler records its heartbeat and runs each of the
*ticks* it was handed (``backend.jobs.ticks.TICKS``) — a function ``tick(now)``
that moves due work from the database onto the queue (due waits, the reconciler). Ticks must be idempotent:
job ids are deterministic, so enqueueing twice is harmless, and several
schedulers may run at once.
"""
from __future__ import annotations

import logging
import signal
import time
from datetime import datetime, timezone
from typing import Callable, Sequence

from flask import Flask

from .extensions import get_redis
from .heartbeat import beat_scheduler

log = logging.getLogger(__name__)

Tick = Callable[[datetime], None]


def run_once(app: Flask, ticks: Sequence[Tick], now: datetime | None = None) -> None:
    """One scheduler round: heartbeat, then every tick (errors are logged, not raised)."""
    now = now or datetime.now(timezone.utc)
    with app.app_context():
        beat_scheduler(get_redis(), app.config["JOURNEYS_QUEUE"])
        for tick in ticks:
            try:
                tick(now)
            except Exception:
                log.exception("scheduler tick %s failed", tick.__name__)


def run_scheduler(app: Flask, ticks: Sequence[Tick], interval: float = 0.25) -> None:
    """Loop until SIGTERM/SIGINT."""
    stopping = False

    def stop(_signum, _frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while not stopping:
        started = time.monotonic()
        try:
            run_once(app, ticks)
        except Exception:
            log.exception("scheduler round failed (Redis down?); retrying")
        time.sleep(max(0.0, interval - (time.monotonic() - started)))
