"""Where a walk's time goes, part by part (``bench/engine.py --parts``).

``timed_parts()`` is a context manager that wraps the walker's parts with wall-clock
timers for the length of one walk and yields a ``Parts`` to read afterwards. The
parts, as ``walker._round`` runs them:

- ``lock`` — locking the round's enrollments (and, for journeys that change accounts,
  the accounts' rows);
- ``snapshots`` — building the accounts' snapshots;
- ``interpreter`` — ``graph_engine.advance`` inside the round (what the bench's
  interpreter rate measures alone, plus the frequency cap's first look at the outbox);
- ``actions`` — carrying out effects into the round's buffers (rendering emails, ...);
- ``bookkeeping`` — the rest of the in-memory walk (step and effect rows, states);
- ``enrollments`` — writing the enrollments back;
- ``account changes`` — attribute writes and segment re-evaluation;
- ``rows`` — storing the buffered rows (step logs, effects, outbox, tasks: COPY);
- ``rest of the round`` — journeys and versions read, flush, commit;
- ``outside rounds`` — the job around the rounds: RQ, follow-up passes, delivery hand-off.

The timers cost about a microsecond a call, so a walk under them is a little slower:
the rate printed beside the parts is not a figure to quote. Bench code only: nothing
here is imported by the product.
"""
from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Parts:
    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, name: str, elapsed: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + elapsed

    def lines(self, walk_seconds: float) -> list[str]:
        """The parts in the order a round runs them, with the walk's remainder."""
        s = self.seconds.get
        rounds = s("round", 0.0)
        waves = s("waves", 0.0)
        write = s("round write", 0.0)
        parts = {
            "lock": s("lock enrollments", 0.0) + s("lock accounts", 0.0),
            "snapshots": s("snapshots", 0.0),
            "interpreter": s("interpreter", 0.0),
            "actions": s("actions", 0.0),
            "bookkeeping": waves - s("interpreter", 0.0) - s("actions", 0.0),
            "enrollments": s("enrollments", 0.0),
            "account changes": write - s("rows", 0.0) + s("segments", 0.0),
            "rows": s("rows", 0.0),
        }
        parts["rest of the round"] = rounds - sum(parts.values())
        parts["outside rounds"] = walk_seconds - rounds
        return [f"{name} {seconds:.2f} s ({seconds / walk_seconds * 100:.0f}%)"
                for name, seconds in parts.items()]


def _wrap(owner, attribute: str, name: str, parts: Parts, undo: list) -> None:
    original = getattr(owner, attribute)

    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            parts.add(name, time.perf_counter() - started)

    setattr(owner, attribute, timed)
    undo.append((owner, attribute, original))


@contextmanager
def timed_parts():
    """Time the walker's parts until the block ends (see module docstring)."""
    import graph_engine
    from backend.db.row_buffer import RowBuffer
    from backend.engine import enrollment_rows, round as round_module, walker

    parts, undo = Parts(), []
    _wrap(walker, "_round", "round", parts, undo)
    _wrap(enrollment_rows, "lock", "lock enrollments", parts, undo)
    _wrap(walker, "_lock_accounts", "lock accounts", parts, undo)
    _wrap(walker, "build_snapshots", "snapshots", parts, undo)
    _wrap(walker._Waves, "run", "waves", parts, undo)
    _wrap(graph_engine, "advance", "interpreter", parts, undo)
    _wrap(walker, "perform", "actions", parts, undo)
    _wrap(enrollment_rows, "write", "enrollments", parts, undo)
    _wrap(round_module.Round, "write", "round write", parts, undo)
    _wrap(RowBuffer, "write", "rows", parts, undo)
    _wrap(walker, "reevaluate_accounts", "segments", parts, undo)
    try:
        yield parts
    finally:
        for owner, attribute, original in reversed(undo):
            setattr(owner, attribute, original)
