"""The demo workspace's product events (SPEC §7): what its 200 accounts did in the last 30 days.

``demo_events(rows, now) -> [event JSON]`` — deterministic for one ``now``: each
account that is not churned logs in (engaged live accounts daily, others now and
then, churned ones stopped weeks ago), uses features (``feature.used`` with
``feature``: reports | dashboards | alerts | sso), exports reports
(``report.exported`` with ``rows`` and ``format``); new accounts started a trial
(``trial_started`` with ``plan``). ``seed_events(rows, now)`` sends them through
``services.events.ingest`` and returns how many were accepted.
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta

FEATURES = ("reports", "dashboards", "alerts", "sso")


def _at(now: datetime, days_ago: float) -> str:
    return (now - timedelta(days=days_ago)).replace(microsecond=0).isoformat()


def demo_events(rows: list[dict], now: datetime) -> list[dict]:
    """Event JSON rows for the demo accounts (see module docstring)."""
    rng = random.Random(2026)
    out: list[dict] = []
    for row in rows:
        account, stage = row["external_id"], row.get("stage")
        logins = int((row.get("custom") or {}).get("logins_30d") or 0)
        if stage == "churned":
            logins, window = min(logins, 3), (20, 30)
        else:
            window = (0, 30)
        for i in range(logins):
            out.append({"id": f"demo-{account}-login-{i}", "account": account, "name": "login",
                        "at": _at(now, rng.uniform(*window)), "properties": {"seat": rng.randint(1, 5)}})
        for i in range(logins // 3):
            out.append({"id": f"demo-{account}-feature-{i}", "account": account, "name": "feature.used",
                        "at": _at(now, rng.uniform(*window)), "properties": {"feature": rng.choice(FEATURES)}})
        for i in range(logins // 15):
            out.append({"id": f"demo-{account}-export-{i}", "account": account, "name": "report.exported",
                        "at": _at(now, rng.uniform(*window)),
                        "properties": {"rows": rng.randint(10, 5000), "format": rng.choice(("csv", "pdf"))}})
        if stage == "new":
            out.append({"id": f"demo-{account}-trial", "account": account, "name": "trial_started",
                        "at": _at(now, rng.uniform(1, 10)),
                        "properties": {"plan": row["subscriptions"][0]["plan_name"] if row.get("subscriptions")
                                       else "starter"}})
    out.sort(key=lambda e: e["at"])
    return out


def seed_events(rows: list[dict], now: datetime) -> int:
    """Ingest the demo events (batches of 10,000); returns how many were accepted."""
    from .services.events import MAX_EVENTS, ingest

    events = demo_events(rows, now)
    accepted = 0
    for start in range(0, len(events), MAX_EVENTS):
        result = ingest(events[start:start + MAX_EVENTS], now=now)
        if result["errors"]:
            raise RuntimeError(f"demo events did not import: {result['errors'][:3]}")
        accepted += result["accepted"]
    return accepted
