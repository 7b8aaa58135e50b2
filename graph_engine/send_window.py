"""Send windows (SPEC §8): when emails and tasks may go out, in local wall-clock time.

A journey's graph may carry ``"settings": {"send_window": {"days": ["mon", ...,
"fri"], "start": "09:00", "end": "17:00", "timezone": "account" | "<IANA>"}}``.
The window is open on the listed *local* weekdays from ``start`` (inclusive) to
``end`` (exclusive; ``"24:00"`` is midnight at the end of the day); ``start``
must be before ``end`` (a window does not run over midnight: use two days).
``"account"`` means the account's own time zone, else the workspace default.

Time zones come from the standard library's ``zoneinfo`` (the ``tzdata``
package is the fallback database); no offset is ever written by hand, so DST
changes are whatever the zone database says:

- a ``start`` that falls in a spring-forward gap opens at the first instant the
  local clock reaches or passes it (the end of the gap);
- a ``start`` in a fall-back repeat opens at its first occurrence.

Functions:

- ``window_problems(value) -> list[str]`` — what is wrong with a ``send_window``
  (empty: fine); ``zone_problem(name)`` for one IANA name.
- ``SendWindow.from_json(value)`` — the parsed window (value must be valid).
- ``is_open(window, zone, moment) -> bool`` — whether ``moment`` (aware) is inside.
- ``next_open(window, zone, moment) -> datetime`` — ``moment`` itself when open, else
  the earliest later instant that is open (UTC); never skips an earlier opening.
- ``local_label(moment, zone) -> str`` — ``"Tue 09:00"``, how the step log shows it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CLOCK = re.compile(r"([01]\d|2[0-3]):([0-5]\d)|24:00")
_ZONE_NAME = re.compile(r"[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*")
ACCOUNT = "account"
_KEYS = ("days", "start", "end", "timezone")


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    """The ``ZoneInfo`` for an IANA name (cached); raises ``ZoneInfoNotFoundError``/``ValueError``."""
    if not isinstance(name, str) or not _ZONE_NAME.fullmatch(name):
        raise ValueError(f"{name!r} is not a time zone name")
    return ZoneInfo(name)


def zone_problem(name) -> str | None:
    """Why ``name`` is not a usable IANA time zone name, or None."""
    try:
        zone(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError):
        return f"{name!r} is not an IANA time zone name (for example Europe/Berlin or UTC)"
    return None


def _minutes(text: str) -> int:
    hours, _, minutes = text.partition(":")
    return int(hours) * 60 + int(minutes)


def window_problems(value) -> list[str]:
    """Every problem of a ``send_window`` object (messages name the key)."""
    if not isinstance(value, dict):
        return ["send_window must be an object with days, start, end and timezone"]
    out = [f"send_window: unknown key {key!r}" for key in value if key not in _KEYS]
    out += [f"send_window.{key} is required" for key in _KEYS if key not in value]
    days = value.get("days")
    if "days" in value and (not isinstance(days, list) or not days
                            or any(d not in DAYS for d in days) or len(set(days)) != len(days)):
        out.append("send_window.days must be a non-empty list of distinct days from "
                   + ", ".join(DAYS))
    for key in ("start", "end"):
        text = value.get(key)
        if key in value and (not isinstance(text, str) or not _CLOCK.fullmatch(text)
                             or (key == "start" and text == "24:00")):
            out.append(f"send_window.{key} must be a time HH:MM (00:00-23:59" +
                       (", or 24:00)" if key == "end" else ")"))
    start, end = value.get("start"), value.get("end")
    if not any(m.startswith(("send_window.start", "send_window.end")) for m in out) \
            and "start" in value and "end" in value and _minutes(start) >= _minutes(end):
        out.append("send_window.start must be before send_window.end (a window cannot run over "
                   "midnight)")
    tz = value.get("timezone")
    if "timezone" in value and tz != ACCOUNT:
        problem = zone_problem(tz)
        if problem:
            out.append(f"send_window.timezone must be \"account\" or an IANA name: {problem}")
    return out


@dataclass(frozen=True)
class SendWindow:
    """A parsed send window: weekday numbers (Monday 0), minutes since midnight, time zone."""

    days: frozenset
    start: int
    end: int
    timezone: str

    @classmethod
    def from_json(cls, value: Mapping) -> "SendWindow":
        """Parse a valid ``send_window`` object (see ``window_problems``)."""
        return cls(frozenset(DAYS.index(d) for d in value["days"]), _minutes(value["start"]),
                   _minutes(value["end"]), value["timezone"])

    def describe(self) -> dict:
        """The window as JSON again (for step details)."""
        return {"days": [DAYS[d] for d in sorted(self.days)], "start": _clock(self.start),
                "end": _clock(self.end), "timezone": self.timezone}


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def is_open(window: SendWindow, tz: ZoneInfo, moment: datetime) -> bool:
    """Whether ``moment`` falls inside the window in ``tz``'s local time."""
    local = moment.astimezone(tz)
    if local.weekday() not in window.days:
        return False
    minute = local.hour * 60 + local.minute
    return window.start <= minute < window.end


def _first_at_or_after(day: date, minutes: int, tz: ZoneInfo) -> datetime:
    """The earliest instant whose local wall time on ``day`` is at or after ``minutes``.

    Usually that wall time itself (its first occurrence when the clock falls back);
    in a spring-forward gap, the instant the gap ends.
    """
    wall = datetime.combine(day, time(minutes // 60, minutes % 60))
    early = wall.replace(tzinfo=tz, fold=0).astimezone(timezone.utc)
    late = wall.replace(tzinfo=tz, fold=1).astimezone(timezone.utc)
    low, high = min(early, late), max(early, late)
    if low.astimezone(tz).replace(tzinfo=None) >= wall:
        return low  # the wall time exists (an ambiguous one: its first occurrence)
    # in a gap: the local clock jumps over ``wall`` somewhere in (low, high]; find where
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(tz).replace(tzinfo=None) >= wall:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0) if high.microsecond else high


def next_open(window: SendWindow, tz: ZoneInfo, moment: datetime) -> datetime:
    """``moment`` when the window is open then, else the next instant it opens (UTC)."""
    moment = moment.astimezone(timezone.utc)
    if is_open(window, tz, moment):
        return moment
    local_day = moment.astimezone(tz).date()
    for offset in range(0, 9):  # every weekday comes round within 8 local days
        day = local_day + timedelta(days=offset)
        if day.weekday() not in window.days:
            continue
        opening = _first_at_or_after(day, window.start, tz)
        if opening > moment and is_open(window, tz, opening):
            return opening
    raise ValueError("the send window never opens")  # unreachable for a valid window


def local_label(moment: datetime, tz: ZoneInfo) -> str:
    """``"Tue 09:00"``: the local weekday and time of ``moment``."""
    local = moment.astimezone(tz)
    return f"{DAYS[local.weekday()].title()} {local.hour:02d}:{local.minute:02d}"
