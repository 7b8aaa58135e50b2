"""Where a walk's time goes, part by part (``bench/engine.py --parts``).

``timed_parts()`` is a context manager that wraps the walker's parts with wall-clock
timers for the length of one walk and yields a ``Parts`` to read afterwards. A bulk walk
on PostgreSQL overlaps rounds: the walk's thread walks a round in memory while the round
before it is written and committed on a thread of its own (``walker._Committing``). So
the parts come in two groups.

On the walk's thread (they add up to the walk's time):

- ``lock`` — locking the round's enrollments (and, for journeys that change accounts,
  the accounts' rows);
- ``snapshots`` — building the accounts' snapshots;
- ``interpreter`` — ``graph_engine.advance`` inside the round (what the bench's
  interpreter rate measures alone, plus the frequency cap's first look at the outbox);
- ``actions`` — carrying out effects into the round's buffers (rendering emails, ...);
- ``bookkeeping`` — the rest of the in-memory walk (step and effect rows, states);
- ``rest of the walk`` — journeys and versions read, the round set up;
- ``waiting for the commit`` — the walk waiting for the previous round's commit to end
  before handing over the next (the database was the slower side);
- ``writing`` — rounds written on the walk's thread (a serial walk: SQLite, an interactive
  change, a job of one round, a round walked again one enrollment at a time);
- ``outside rounds`` — the job around the rounds: RQ, follow-up passes, delivery hand-off.

On the commit thread, overlapping the above: ``enrollments`` (writing them back),
``account changes`` (attribute writes and segment re-evaluation), ``rows`` (step logs,
outbox, tasks: COPY), ``commit and the rest``.

The timers cost about a microsecond a call, so a walk under them is a little slower:
the rate printed beside the parts is not a figure to quote. Bench code only: nothing
here is imported by the product.
"""
from __future__ import annotations

import threading
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
        walked, waves = s("walk round", 0.0), s("waves", 0.0)
        parts = {
            "lock": s("lock enrollments", 0.0) + s("lock accounts", 0.0),
            "snapshots": s("snapshots", 0.0),
            "interpreter": s("interpreter", 0.0),
            "actions": s("actions", 0.0),
            "bookkeeping": waves - s("interpreter", 0.0) - s("actions", 0.0),
        }
        parts["rest of the walk"] = walked - sum(parts.values())
        parts["waiting for the commit"] = s("join", 0.0)
        parts["writing"] = s("write round", 0.0)
        parts["outside rounds"] = walk_seconds - walked - parts["waiting for the commit"] - parts["writing"]
        lines = [f"{name} {seconds:.2f} s ({seconds / walk_seconds * 100:.0f}%)"
                 for name, seconds in parts.items()]
        overlapped = s("write round@commit", 0.0)
        if overlapped:
            group = {
                "enrollments": s("enrollments@commit", 0.0),
                "account changes": s("round write@commit", 0.0) - s("rows@commit", 0.0)
                + s("segments@commit", 0.0),
                "rows": s("rows@commit", 0.0),
            }
            group["commit and the rest"] = overlapped - sum(group.values())
            lines.append(f"and on the commit thread, overlapping them, {overlapped:.2f} s: " + ", ".join(
                f"{name} {seconds:.2f} s" for name, seconds in group.items()))
        return lines


def _wrap(owner, attribute: str, name: str, parts: Parts, undo: list) -> None:
    original = getattr(owner, attribute)

    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            on_commit_thread = threading.current_thread().name == "round-commit"
            parts.add(name + ("@commit" if on_commit_thread else ""), time.perf_counter() - started)

    setattr(owner, attribute, timed)
    undo.append((owner, attribute, original))


@contextmanager
def timed_parts():
    """Time the walker's parts until the block ends (see module docstring)."""
    import graph_engine
    from backend.db.row_buffer import RowBuffer
    from backend.engine import enrollment_rows, round as round_module, walker

    parts, undo = Parts(), []
    _wrap(walker, "_walk_round", "walk round", parts, undo)
    _wrap(walker, "_write_round", "write round", parts, undo)
    _wrap(walker._Committing, "join", "join", parts, undo)
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
