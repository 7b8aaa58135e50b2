"""Enrollment state and the interpreter's decision, as frozen values.

- Statuses: ``ACTIVE``, ``COMPLETED``, ``GOAL_EXITED``, ``UNENROLLED``,
  ``FAILED`` (the backend sets ``failed``; the engine never does).
- :class:`EnrollmentState` — where one enrollment is. ``node_id`` is the
  node to process next, or the wait node it sleeps in (``wait_started_at``
  set); None before the first ``advance``. ``seq`` counts node visits and
  goes into effect idempotency keys. ``reason`` says why it ended
  (``end``, ``no_edge``, ``no_branch``, ``goal``, ``blacklist``,
  ``segment_exit``). ``entered_via``: the event that enrolled it, when an
  event did (the entry step logs it). ``reply``: the answer of the webhook
  call it is parked for (:mod:`graph_engine.interpreter_webhook`). ``EnrollmentState.new(enrollment_id)`` starts one;
  ``to_dict()``/``from_dict()`` give a JSON form (ISO datetimes).
- :class:`Step` — one step-log entry: ``node_id``, ``type``, ``outcome``,
  ``detail`` (JSON), ``at``; ``to_dict()``.
- :class:`Decision` — what ``advance``/``check_exits`` decided: ``state``
  (the next state), ``effects``, ``steps``, ``wake_at`` (call ``advance``
  again then; None: no timer), ``watch`` (the until_rule rule or until_date
  property being waited on: call again when the account changes),
  ``resume`` (call again at once, with a fresh snapshot: an
  account-changing effect was emitted or the step cap was hit),
  ``status_change`` (``(status, reason)`` or None), ``goal_achieved`` (the
  goal was tagged in this call).
- ``can_enroll(graph, *, active, last_enrolled_at, now) -> bool`` — the entry's
  re-enrollment rule: ``never`` (only if never enrolled), ``every_time``
  (when not active), ``after_days`` (not active and N days since the last
  enrollment started).
- ``enroll_refusal(graph, *, active, last_enrolled_at, now)`` → ``(code, eligible_from)`` saying
  why that rule refuses (``active``, ``reenroll_never``, ``reenroll_wait``), or None.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import datetime, timedelta, timezone
from typing import Any

from .effects import Effect
from .model import JourneyGraph

ACTIVE, COMPLETED, GOAL_EXITED, UNENROLLED, FAILED = (
    "active", "completed", "goal_exited", "unenrolled", "failed")
STATUSES = (ACTIVE, COMPLETED, GOAL_EXITED, UNENROLLED, FAILED)
_TIMES = ("enrolled_at", "wake_at", "wait_started_at", "goal_achieved_at")


def utc(moment: datetime | None) -> datetime | None:
    """Aware UTC datetime (naive ones are taken as UTC); None stays None."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


@dataclass(frozen=True)
class EnrollmentState:
    """One enrollment's position and tags (see module docstring)."""

    enrollment_id: str
    node_id: str | None = None
    status: str = ACTIVE
    reason: str | None = None
    seq: int = 0
    enrolled_at: datetime | None = None
    wake_at: datetime | None = None
    wait_started_at: datetime | None = None
    goal_achieved_at: datetime | None = None
    # The event that enrolled the account (entry by event, SPEC §7): {"name", "at", "id"?}
    entered_via: dict | None = None
    # The answer to the webhook call the enrollment is parked for (SPEC §9; set by the
    # backend when the call ends 2xx, read by graph_engine.interpreter_webhook)
    reply: dict | None = None

    @classmethod
    def new(cls, enrollment_id: str) -> "EnrollmentState":
        """A not-yet-started enrollment."""
        return cls(enrollment_id=str(enrollment_id))

    def evolve(self, **changes) -> "EnrollmentState":
        """A copy with ``changes`` (field names; raises TypeError for others)."""
        if not changes.keys() <= _FIELDS:
            return replace(self, **changes)  # raises the usual TypeError
        new = object.__new__(EnrollmentState)
        new.__dict__.update(self.__dict__)
        new.__dict__.update(changes)
        return new

    def to_dict(self) -> dict:
        """JSON form (datetimes as ISO strings)."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = value.isoformat() if isinstance(value, datetime) else value
        return out

    @classmethod
    def from_dict(cls, data: dict) -> "EnrollmentState":
        """Inverse of ``to_dict`` (accepts datetimes or ISO strings)."""
        values = dict(data)
        for name in _TIMES:
            if isinstance(values.get(name), str):
                values[name] = datetime.fromisoformat(values[name])
        return cls(**values)


_FIELDS = frozenset(f.name for f in fields(EnrollmentState))


@dataclass(frozen=True)
class Step:
    """One step-log entry."""

    node_id: str
    type: str
    outcome: str
    detail: dict
    at: datetime

    def to_dict(self) -> dict:
        """``{"node_id", "type", "outcome", "detail", "at"}`` with ``at`` ISO."""
        return {"node_id": self.node_id, "type": self.type, "outcome": self.outcome,
                "detail": self.detail, "at": self.at.isoformat()}


@dataclass(frozen=True)
class Decision:
    """The result of one ``advance``/``check_exits`` call."""

    state: EnrollmentState
    effects: tuple[Effect, ...] = ()
    steps: tuple[Step, ...] = ()
    wake_at: datetime | None = None
    watch: Any = None
    resume: bool = False
    status_change: tuple[str, str] | None = None
    goal_achieved: bool = False


def can_enroll(graph: JourneyGraph, *, active: bool, last_enrolled_at: datetime | None,
               now: datetime) -> bool:
    """Whether the entry's re-enrollment rule lets the account enroll now."""
    return enroll_refusal(graph, active=active, last_enrolled_at=last_enrolled_at, now=now) is None


def enroll_refusal(graph: JourneyGraph, *, active: bool, last_enrolled_at: datetime | None,
                   now: datetime) -> tuple[str, datetime | None] | None:
    """Why the re-enrollment rule refuses the account now, or None when it may enroll:
    ``("active", None)`` — it is active in the journey; ``("reenroll_never", None)`` — it was
    enrolled before and the rule is ``never``; ``("reenroll_wait", eligible_from)`` — the rule's
    days since its last enrollment began have not passed."""
    if active:
        return "active", None
    if last_enrolled_at is None:
        return None
    reenroll = graph.entry.cfg["reenroll"]
    mode = reenroll["mode"]
    if mode == "every_time":
        return None
    if mode == "after_days":
        eligible = utc(last_enrolled_at) + timedelta(days=reenroll["days"])
        return None if utc(now) >= eligible else ("reenroll_wait", eligible)
    return "reenroll_never", None
