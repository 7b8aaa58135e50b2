"""The one place the backend reads the time.

``now()`` is an aware UTC datetime from ``app.config["CLOCK"]`` when a test
injects one (any zero-argument callable), else the real clock. ``today()`` is
its UTC calendar day. The pure core never reads a clock: callers pass ``now``.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from flask import current_app, has_app_context


def now() -> datetime:
    clock = current_app.config.get("CLOCK") if has_app_context() else None
    moment = clock() if clock else datetime.now(timezone.utc)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def today() -> date:
    return now().date()


class FakeClock:
    """A settable clock for tests: ``clock.advance(days=3)``."""

    def __init__(self, start: datetime):
        self.moment = start if start.tzinfo else start.replace(tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta) -> datetime:
        self.moment += timedelta(**delta)
        return self.moment
