"""What the engine gives graph_engine for send windows and the frequency cap (SPEC §8).

``DeliveryLimits(now, snapshots)`` is made once per round (``round.Round``). It
puts two shared objects into every snapshot of the round:

- ``snapshot["workspace"]`` — ``{"default_timezone", "frequency_cap"}`` from the
  workspace settings (the ``workspace`` row of ``app_settings``; the engine may not
  import services, so it reads the row through ``models.settings.stored_workspace``);
- ``snapshot["sends"]`` — :class:`RecentSends`: lower-cased address → the times of
  the journey emails counted against the cap in the rolling window.

**Counted**: outbox emails a journey sent to a contact that are not transactional
(the rows ``actions`` writes with ``unsubscribable`` true; staff alerts, test sends
and transactional emails are neither counted nor capped), in any state but
``suppressed`` and ``failed`` (those never reached the person), created less than
``per_days`` days before the round's moment. The first question loads every such
email to the round's contact addresses in one query per 1,000 addresses (from the
``ix_outbox_emails_cap`` index; addresses are matched as stored and compared
lower-cased); emails the round itself queues are added with ``count(address)`` as
``actions`` writes them, so a later enrollment in the same round — another journey
of the same account — already sees them. Nothing is loaded when there is no cap.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import select

from ..db.bulk_sql import in_values
from ..extensions import db
from ..models.outbox import OutboxEmail
from ..models.settings import WORKSPACE_DEFAULTS, stored_workspace
from ..models.statuses import OutboxStatus

NOT_COUNTED = (OutboxStatus.SUPPRESSED.value, OutboxStatus.FAILED.value)
_CHUNK = 1000


class RecentSends:
    """Lower-cased address → counted send times, loaded on first use (module docstring)."""

    def __init__(self, now: datetime, cap: dict | None, snapshots: dict[int, dict]):
        self._now, self._cap, self._snapshots = now, cap, snapshots
        self._times: dict[str, list] | None = None

    def _load(self) -> dict[str, list]:
        if self._times is None:
            self._times = defaultdict(list)
            if self._cap:
                addresses = sorted({c["email"] for snap in self._snapshots.values()
                                    for c in snap.get("contacts") or () if c.get("email")})
                since = self._now - timedelta(days=self._cap["per_days"])
                for start in range(0, len(addresses), _CHUNK):
                    for address, at in db.session.execute(
                            select(OutboxEmail.to_address, OutboxEmail.created_at).where(
                                in_values(OutboxEmail.to_address, addresses[start:start + _CHUNK]),
                                OutboxEmail.created_at > since, OutboxEmail.unsubscribable.is_(True),
                                OutboxEmail.status.not_in(NOT_COUNTED))):
                        self._times[address.lower()].append(at)
        return self._times

    def get(self, address: str, default=()):
        """The counted send times of ``address`` (lower-cased), or ``default``."""
        return self._load().get(address, default)

    def count(self, address: str) -> None:
        """Count one more email to ``address``, sent at the round's moment."""
        if self._cap:
            self._load()[address.lower()].append(self._now)


class DeliveryLimits:
    """The round's workspace delivery settings and counted sends (module docstring)."""

    def __init__(self, now: datetime, snapshots: dict[int, dict]):
        stored = stored_workspace()
        cap = stored.get("frequency_cap", WORKSPACE_DEFAULTS["frequency_cap"])
        self.workspace = {"default_timezone": stored.get("default_timezone")
                          or WORKSPACE_DEFAULTS["default_timezone"], "frequency_cap": cap}
        self.sends = RecentSends(now, cap, snapshots)
        for snapshot in snapshots.values():
            snapshot["workspace"] = self.workspace
            snapshot["sends"] = self.sends

    def count(self, address: str) -> None:
        """An email to ``address`` that counts toward the cap was queued in this round."""
        self.sends.count(address)
