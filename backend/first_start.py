"""What ``make run`` does once the database is migrated: first-start setup.

``first_start(seed_demo)`` is idempotent; it returns lines to print for the
person who ran ``make run``.
"""
from __future__ import annotations


def first_start(seed_demo: bool = True) -> list[str]:
    """Run every first-start step that has not run yet; returns messages to show."""
    lines: list[str] = []
    for step in FIRST_START_STEPS:
        lines.extend(step(seed_demo))
    return lines


# Each step is ``step(seed_demo) -> list[str]`` and must be idempotent.
FIRST_START_STEPS: list = []
