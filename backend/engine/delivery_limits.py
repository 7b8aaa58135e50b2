"""What the engine gives graph_engine for send windows and the frequency cap (SPEC §8).

``DeliveryLimits(now, snapshots)`` is made once per round (``round.Round``). It
puts two shared objects into every snapshot of the round:

- ``snapshot["workspace"]`` — ``{"default_timezone", "frequency_cap"}`` from the
  workspace settings (the ``workspace`` row of ``app_settings``; the engine may not
  import services, so it reads the row through ``models.settings.stored_workspace``);
- ``snapshot["sends"]`` — :class:`RecentSends`: lower-cased address → the times of
  the journey emails counted against the cap in the rolling window.

**Counted** (``models.outbox.counted_sends``): outbox emails a journey sent to a
contact that are not transactional (staff alerts, test sends and transactional
emails are neither counted nor capped), but those ``suppressed`` or ``failed``,
created less than ``per_days`` days before the round's moment. The first question
loads them for every contact address of the round at once (addresses are matched as
stored and compared lower-cased); emails the round itself queues are added with
``count(address, key)`` as ``actions`` writes them, so a later enrollment in the same
round — another journey of the same account — already sees them. They are kept in
``queued`` too: a walk that overlaps rounds (``walker._Committing``) hands them to the
next round as ``carried`` — that round's first look may come before or after they are
committed, so they are told apart by their effect keys and counted once either way.
Nothing is loaded when there is no cap.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from ..models.outbox import counted_sends
from ..models.settings import WORKSPACE_DEFAULTS, stored_workspace


class RecentSends:
    """Lower-cased address → counted send times, loaded on first use (module docstring)."""

    def __init__(self, now: datetime, cap: dict | None, snapshots: dict[int, dict], carried=()):
        self._now, self._cap, self._snapshots = now, cap, snapshots
        self._times: dict[str, list] | None = None
        self._carried = carried  # (effect key, lower-cased address, time) of an earlier round
        self.queued: list[tuple[str, str, datetime]] = []  # what this round counted, the same way

    def _load(self) -> dict[str, list]:
        if self._times is None:
            self._times = defaultdict(list)
            if self._cap:
                addresses = {c["email"] for snap in self._snapshots.values()
                             for c in snap.get("contacts") or () if c.get("email")}
                since = self._now - timedelta(days=self._cap["per_days"])
                carried = {key: (address, at) for key, address, at in self._carried if at > since}
                self._times.update(counted_sends(addresses, since, except_keys=carried))
                for address, at in carried.values():
                    self._times[address].append(at)
        return self._times

    def get(self, address: str, default=()):
        """The counted send times of ``address`` (lower-cased), or ``default``."""
        return self._load().get(address, default)

    def count(self, address: str, key: str) -> None:
        """Count one more email to ``address`` (its outbox row's effect key), sent at the
        round's moment."""
        if self._cap:
            self._load()[address.lower()].append(self._now)
            self.queued.append((key, address.lower(), self._now))


class DeliveryLimits:
    """The round's workspace delivery settings and counted sends (module docstring)."""

    def __init__(self, now: datetime, snapshots: dict[int, dict], carried=()):
        self.stored = stored = stored_workspace()  # the workspace settings, as read this round
        cap = stored.get("frequency_cap", WORKSPACE_DEFAULTS["frequency_cap"])
        self.workspace = {"default_timezone": stored.get("default_timezone")
                          or WORKSPACE_DEFAULTS["default_timezone"], "frequency_cap": cap}
        self.sends = RecentSends(now, cap, snapshots, carried)
        for snapshot in snapshots.values():
            snapshot["workspace"] = self.workspace
            snapshot["sends"] = self.sends

    def count(self, address: str, key: str) -> None:
        """An email to ``address`` (effect key ``key``) that counts toward the cap was queued
        in this round."""
        self.sends.count(address, key)
