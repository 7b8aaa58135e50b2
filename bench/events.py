"""Product events on PostgreSQL (SPEC §7, issue 13): prints three figures.

1. Bulk ingest through the running product (``python -m backend.runner``, as
   ``make run``): ``POST /api/events`` in 10,000-event requests  [>= 50,000 events/s]
2. Event -> enrollment latency: a journey that enters on ``trial_started``; one
   event is posted and the account's journeys polled until it is enrolled
   [p95 <= 100 ms]
3. Recompute of the segment ``event.login.count within 7 days >= 3`` over
   100,000 accounts and 10,000,000 events (written with COPY)  [<= 1 s]

Usage: ``BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/journeys_bench
.venv/bin/python bench/events.py [--events 10000000] [--accounts 100000]``. The
database is emptied first.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.engine_latency import Api, _pct, _token, _until  # noqa: E402
from tests.conftest import make_test_database  # noqa: E402
from tests.served import ServedApp  # noqa: E402


class _Factory:
    """``make_test_database`` wants pytest's tmp factory; only its name is used for PostgreSQL."""

    def mktemp(self, name):
        return Path(tempfile.mkdtemp(prefix=name))


def _accounts(api: Api, count: int) -> None:
    for start in range(0, count, 10_000):
        api("POST", "/api/accounts/bulk", {"accounts": [
            {"external_id": f"acc-{i}", "name": f"Account {i}"}
            for i in range(start, min(count, start + 10_000))]})


def ingest(api: Api, accounts: int, requests: int = 20) -> None:
    now = datetime.now(timezone.utc)
    rng = random.Random(1)
    bodies = []
    for r in range(requests):
        bodies.append({"events": [
            {"id": f"b{r}-{i}", "account": f"acc-{rng.randrange(accounts)}",
             "name": rng.choice(("login", "feature.used", "report.exported")),
             "at": (now - timedelta(seconds=rng.randrange(86_400 * 20))).isoformat(),
             "properties": {"feature": rng.choice(("reports", "alerts", "sso")), "n": rng.randrange(50)}}
            for i in range(10_000)]})
    api("POST", "/api/events", bodies[0])  # warm-up (partitions, caches)
    half = len(bodies) // 2
    started = time.perf_counter()
    accepted = 0
    for body in bodies[1:half]:
        accepted += api("POST", "/api/events", body)["accepted"]
    elapsed = time.perf_counter() - started
    print(f"bulk ingest, one sender: {accepted:,} events in {half - 1} requests of 10,000: "
          f"{accepted / elapsed:,.0f} events/s ({elapsed / (half - 1) * 1000:.0f} ms a request)"
          "  [>= 50,000/s]", flush=True)
    from concurrent.futures import ThreadPoolExecutor

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=3) as pool:
        accepted = sum(r["accepted"] for r in pool.map(lambda b: api("POST", "/api/events", b), bodies[half:]))
    elapsed = time.perf_counter() - started
    print(f"bulk ingest, three senders: {accepted:,} events in {len(bodies) - half} requests of 10,000: "
          f"{accepted / elapsed:,.0f} events/s  [>= 50,000/s]", flush=True)
    again = api("POST", "/api/events", bodies[1])
    print(f"  (a request sent again: {again['accepted']} accepted, {again['duplicates']:,} duplicates)")


def latency(api: Api, samples: int = 40) -> None:
    graph = {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "config": {"events": [{"name": "trial_started"}],
                                                    "reenroll": {"mode": "never"}, "enroll_existing": False}},
        {"id": "wait", "type": "wait", "config": {"until_event": {"name": "report.exported",
                                                                  "timeout": {"days": 3}}}},
        {"id": "done", "type": "end"}],
        "edges": [{"source": "start", "target": "wait"}, {"source": "wait", "target": "done", "branch": "met"},
                  {"source": "wait", "target": "done", "branch": "timeout"}]}
    created = api("POST", "/api/journeys", {"key": "trial", "name": "Trial", "graph": graph})
    api("POST", f"/api/journeys/{created['id']}/publish")
    api("POST", f"/api/journeys/{created['id']}/enable")
    time.sleep(1)
    enroll, met = [], []
    for i in range(samples):
        path = f"/api/accounts/acc-{i}/journeys"
        started = time.perf_counter()
        api("POST", "/api/events", {"events": [{"account": f"acc-{i}", "name": "trial_started"}]})
        waited = _until(lambda: bool(api("GET", path)["enrollments"]))
        enroll.append(time.perf_counter() - started if waited != float("inf") else waited)
        started = time.perf_counter()
        api("POST", "/api/events", {"events": [{"account": f"acc-{i}", "name": "report.exported"}]})
        waited = _until(lambda: api("GET", path)["enrollments"][0]["status"] == "completed")
        met.append(time.perf_counter() - started if waited != float("inf") else waited)
    print(f"event -> enrollment: p50 {statistics.median(enroll) * 1000:.0f} ms, "
          f"p95 {_pct(enroll, 0.95) * 1000:.0f} ms, max {max(enroll) * 1000:.0f} ms  [p95 <= 100 ms]")
    print(f"event -> until_event met: p50 {statistics.median(met) * 1000:.0f} ms, "
          f"p95 {_pct(met, 0.95) * 1000:.0f} ms", flush=True)


def recompute(database_url: str, accounts: int, events: int) -> None:
    from sqlalchemy import func, select, text

    from backend import create_app
    from backend.db.bulk_sql import copy_rows
    from backend.db.event_partitions import ensure_months
    from backend.extensions import db
    from backend.models.accounts import Account
    from backend.models.segments import Segment
    from backend.segments.membership import recompute_segments

    app = create_app({"DATABASE_URL": database_url, "INSTANCE_PATH": tempfile.mkdtemp()})
    with app.app_context():
        ids = list(db.session.scalars(select(Account.id).order_by(Account.id)))
        have = db.session.scalar(select(func.count()).select_from(text("events")))
        now = datetime.now(timezone.utc)
        rng = random.Random(7)
        missing = max(0, events - have)
        if missing:
            ensure_months([(now - timedelta(days=d)).date() for d in range(31)])
            db.session.commit()
            started = time.perf_counter()
            weights = [rng.choice((0, 1, 1, 2, 4)) for _ in ids]  # some accounts barely log in
            picks = rng.choices(ids, weights=weights, k=missing)
            names = ("login", "login", "feature.used", "report.exported")

            def rows():
                for account_id in picks:
                    at = now - timedelta(seconds=rng.randrange(86_400 * 30))
                    yield (account_id, names[rng.randrange(4)], at, '{"n": 1}', None, now)

            copy_rows("events", ("account_id", "name", "at", "properties", "client_id", "received_at"), rows())
            db.session.commit()
            print(f"  (wrote {missing:,} events with COPY in {time.perf_counter() - started:.0f} s)", flush=True)
            db.session.execute(text("COMMIT"))
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE events"))
        rule = {"all": [{"property": "event.login.count", "within": {"days": 7}, "op": "gte", "value": 3}]}
        db.session.add(Segment(key="active3", name="Active", rule=rule, date_sensitive=False))
        db.session.commit()
        total = db.session.scalar(select(func.count()).select_from(text("events")))
        for label in ("first compute", "recompute", "recompute"):
            started = time.perf_counter()
            counts = recompute_segments(["active3"], now.date())
            db.session.commit()
            elapsed = time.perf_counter() - started
            entered, left = next(iter(counts.values()))
            members = db.session.scalar(select(func.count()).select_from(text("segment_memberships")))
            print(f"segment 'event.login.count within 7 days >= 3' {label} over {len(ids):,} accounts and "
                  f"{total:,} events: {elapsed * 1000:.0f} ms ({members:,} members)  [<= 1 s]",
                  flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--no-recompute", action="store_true", help="skip the 10M-event recompute")
    args = parser.parse_args()
    base = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/journeys_bench")
    os.environ["TEST_DATABASE_URL"] = base
    database_url = make_test_database(_Factory(), "events")
    instance = Path(tempfile.mkdtemp(prefix="bench-events-"))
    served = ServedApp(instance, database_url)
    try:
        served.wait_healthy()
        api = Api(served.base_url, _token(database_url, instance))
        _accounts(api, args.accounts)
        time.sleep(15)  # let the imports' follow-up jobs finish: ingest alone is measured
        ingest(api, args.accounts)
        latency(api, args.samples)
    finally:
        served.stop()
    if not args.no_recompute:
        recompute(database_url, args.accounts, args.events)


if __name__ == "__main__":
    main()
