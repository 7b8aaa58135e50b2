"""Report rollups (SPEC §11): daily counts per journey, kept by database triggers.

:class:`ReportRollup` — one count per (journey, UTC ``day``, ``metric``, ``node_id``, ``key``,
``shard``); ``n`` may be any integer for one shard (an update subtracts as well as adds), the
shards of a key add up to the count. What each metric counts, and the triggers that keep
them in the same transaction as the rows they count, are in ``backend/db/report_rollups.py``
(migration 0013 creates them).
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Date, ForeignKey, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class ReportRollup(db.Model):
    __tablename__ = "report_rollups"

    journey_id: Mapped[int] = mapped_column(ForeignKey("journeys.id", ondelete="CASCADE"),
                                            primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    metric: Mapped[str] = mapped_column(String(20), primary_key=True)
    node_id: Mapped[str] = mapped_column(String(200), primary_key=True, server_default="")
    key: Mapped[str] = mapped_column(String(100), primary_key=True, server_default="")
    shard: Mapped[int] = mapped_column(SmallInteger, primary_key=True, server_default="0")
    n: Mapped[int] = mapped_column(BigInteger, nullable=False, server_default="0")
