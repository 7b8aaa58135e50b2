#!/usr/bin/env python
"""Reporting benchmark (SPEC §11, issue 17): prints figures, asserts nothing.

1. Rollup overhead on the engine: the same journey shapes walked by one in-process RQ
   worker (``bench.engine.Bench``, as ``bench/engine.py`` walks them) with the rollup
   triggers on and off, alternating on/off/on/off so the machine's noise falls on both
   [overhead <= 10%].
2. Scale: 1,000,000 enrollments and 10,000,000 step logs of one journey (a year of an A/B
   journey: split, email, wait, condition, task, goal for about a third) loaded with COPY
   (``backend.db.bulk_sql``) with the triggers off, then the rollups made by the rebuild
   command (``flask reports rebuild``, timed), then the report's latency through the HTTP
   API for 30 days, 90 days, a year by day and by week, and the workspace overview
   [<= 500 ms].

Usage: .venv/bin/python bench/report.py [--database postgresql://...] [--enrollments 1000000]
       [--steps-per 10] [--accounts 3000] [--skip-overhead] [--skip-scale]
The database named is dropped and rebuilt (default: postgresql://postgres@127.0.0.1:5432/journeys_bench_report).
"""
from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from backend.redis_server import EmbeddedRedis  # noqa: E402
from bench.engine import Bench, fresh_database  # noqa: E402
from bench.engine_shapes import SHAPES  # noqa: E402

TRIGGERS = (("enrollments", "report_enrollments_inserted"), ("enrollments", "report_enrollments_updated"),
            ("step_logs", "report_step_logs_inserted"))
TYPES = {"start": "entry", "ab": "split", "wait": "wait", "used": "condition", "done": "end"}


def set_triggers(on: bool) -> None:
    """Enable or disable the rollup triggers (PostgreSQL)."""
    from backend.extensions import db

    for table, name in TRIGGERS:
        db.session.execute(text(f"ALTER TABLE {table} {'ENABLE' if on else 'DISABLE'} TRIGGER {name}"))
    db.session.commit()


def overhead(bench: Bench, shapes: list[str], rounds: int) -> None:
    print("\n1. Rollup overhead on the engine (one in-process worker, steps/s)")
    print(f"   {'shape':<12}{'triggers on':>14}{'triggers off':>14}{'overhead':>10}")
    for shape in shapes:
        rates = {True: [], False: []}
        for i in range(rounds):
            for on in (True, False) if i % 2 == 0 else (False, True):
                with bench.app.app_context():
                    set_triggers(on)
                journey_id, ids = bench.enroll(f"{shape}-{i}-{'on' if on else 'off'}", SHAPES[shape])
                seconds = bench.walk_in_process(journey_id, ids)
                rates[on].append(bench.steps(journey_id) / seconds)
                bench.disable(journey_id)
        with bench.app.app_context():
            set_triggers(True)
        on, off = statistics.median(rates[True]), statistics.median(rates[False])
        print(f"   {shape:<12}{on:>14,.0f}{off:>14,.0f}{(off - on) / off:>10.1%}"
              f"   (runs on: {', '.join(f'{r:,.0f}' for r in rates[True])}; "
              f"off: {', '.join(f'{r:,.0f}' for r in rates[False])})")


def ab_graph() -> dict:
    node = lambda i, t, cfg=None: {"id": i, "type": t, **({"config": cfg} if cfg else {})}  # noqa: E731
    return {"format": "journey/v1", "nodes": [
        node("start", "entry", {"segments": ["bench"], "reenroll": {"mode": "every_time"}, "enroll_existing": False}),
        node("ab", "split", {"weights": {"a": 1, "b": 1}}),
        node("welcome", "action", {"action": "send_email", "template": "onboarding-1", "to": {"contacts": "all"}}),
        node("wait", "wait", {"for": {"days": 3}}),
        node("used", "condition", {"rule": {"all": [{"property": "account.mrr", "op": "gt", "value": 100}]}}),
        node("call", "action", {"action": "create_task", "title": "Call", "assignee": "csm", "due_in_days": 1,
                                "priority": "low"}),
        node("nudge", "action", {"action": "create_task", "title": "Nudge", "assignee": "csm",
                                 "due_in_days": 1, "priority": "low"}),
        node("done", "end"),
        node("goal", "goal", {"rule": {"all": [{"property": "account.mrr", "op": "gt", "value": 4000}]}}),
    ], "edges": [{"source": "start", "target": "ab"}, {"source": "ab", "target": "welcome", "branch": "a"},
                 {"source": "ab", "target": "wait", "branch": "b"}, {"source": "welcome", "target": "wait"},
                 {"source": "wait", "target": "used"}, {"source": "used", "target": "call", "branch": "yes"},
                 {"source": "used", "target": "nudge", "branch": "no"}, {"source": "call", "target": "done"},
                 {"source": "nudge", "target": "done"}]}


def load(enrollments: int, steps_per: int, accounts: int) -> tuple[int, float, float]:
    """COPY the scale data in (triggers off); returns (journey id, seconds, step logs)."""
    from backend.db.bulk_sql import allocate_ids, copy_rows
    from backend.extensions import db
    from backend.services import journeys as journey_service

    journey = journey_service.create_journey("scale", "Scale: a year of an A/B journey", graph=ab_graph())
    journey_service.publish(journey.id)
    version_id = db.session.scalar(text("SELECT id FROM journey_versions WHERE journey_id = :j"), {"j": journey.id})
    account_ids = list(db.session.scalars(text("SELECT id FROM accounts ORDER BY id LIMIT :n"), {"n": accounts}))
    db.session.commit()
    # Loading only: no triggers at all (the rollups come from the rebuild below, and the rows
    # are consistent by construction, so the foreign-key checks are skipped too).
    db.session.execute(text("SET session_replication_role = replica"))
    rnd = random.Random(17)
    end = datetime(2026, 11, 30, tzinfo=timezone.utc)
    started, steps = time.perf_counter(), 0
    chunk = 100_000
    for first in range(0, enrollments, chunk):
        count = min(chunk, enrollments - first)
        ids = allocate_ids("enrollments", count)
        rows, logs = [], []
        for n, eid in enumerate(ids):
            index = first + n
            at = end - timedelta(days=365) + timedelta(seconds=rnd.randrange(365 * 86400))
            goal = at + timedelta(hours=rnd.expovariate(1 / 60)) if rnd.random() < 0.33 else None
            active = index >= enrollments - len(account_ids)  # the newest one per account is active
            status = "active" if active else ("goal_exited" if goal else rnd.choice(
                ("completed", "completed", "completed", "unenrolled", "failed")))
            ended = None if active else (goal or at + timedelta(days=4))
            branch = "a" if rnd.random() < 0.5 else "b"
            path = ["start", "ab"] + (["welcome"] if branch == "a" else []) + ["wait", "wait", "used"]
            path += ["call" if rnd.random() < 0.4 else "nudge", "done"]
            path = path[:steps_per - (1 if goal else 0)]
            while len(path) < steps_per - (1 if goal else 0):
                path.insert(3, "wait")
            seq = 0
            for k, node in enumerate(path):
                seq += 1
                outcome = {"start": "entered", "ab": branch, "used": "yes", "done": "completed"}.get(node, "done")
                if node == "wait" and path[k - 1] != "wait":
                    outcome = "waiting"
                logs.append((eid, journey.id, seq, node, TYPES.get(node, "action"),
                             at + timedelta(hours=k * 8), outcome))
                if goal and k == 2:
                    seq += 1
                    logs.append((eid, journey.id, seq, "goal", "goal", goal, "achieved"))
            rows.append((eid, journey.id, version_id, 1, account_ids[index % len(account_ids)], status,
                         "done" if not active else "wait", at, goal, ended, at, 0, seq))
        copy_rows("enrollments", ("id", "journey_id", "journey_version_id", "version", "account_id", "status",
                                  "current_node", "enrolled_at", "goal_achieved_at", "ended_at", "updated_at",
                                  "attempts", "step_seq"), rows)
        copy_rows("step_logs", ("enrollment_id", "journey_id", "seq", "node_id", "type", "at", "outcome"), logs)
        db.session.commit()
        steps += len(logs)
        print(f"   … {first + count:,} enrollments, {steps:,} step logs", end="\r", flush=True)
    db.session.execute(text("SET session_replication_role = origin"))
    db.session.execute(text("ANALYZE enrollments"))
    db.session.execute(text("ANALYZE step_logs"))
    db.session.commit()
    return journey.id, time.perf_counter() - started, steps


def latency(client, path: str, runs: int = 7) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.get_json()
    return statistics.median(times), max(times)


def scale(bench: Bench, enrollments: int, steps_per: int, accounts: int) -> None:
    from backend.extensions import db

    print(f"\n2. Scale: {enrollments:,} enrollments, ~{enrollments * steps_per:,} step logs of one journey")
    with bench.app.app_context():
        journey_id, seconds, steps = load(enrollments, steps_per, accounts)
        print(f"   loaded {enrollments:,} enrollments and {steps:,} step logs by COPY in {seconds:.1f} s "
              f"({(enrollments + steps) / seconds:,.0f} rows/s)")
    env = {"DATABASE_URL": bench.app.config["SQLALCHEMY_DATABASE_URI"], "REDIS_URL": bench.redis_url,
           "SECRET_KEY": "bench", "INSTANCE_PATH": bench.app.config["INSTANCE_PATH"]}
    import os

    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "flask", "--app", "backend", "reports", "rebuild"],
                         cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, check=True)
    print(f"   flask reports rebuild: {time.perf_counter() - started:.1f} s wall ({out.stdout.strip()})")
    with bench.app.app_context():
        rows = db.session.scalar(text("SELECT count(*) FROM report_rollups WHERE journey_id = :j"), {"j": journey_id})
        print(f"   rollup rows for the journey: {rows:,}")
    from backend.models.users import ApiToken  # noqa: F401  (a token for the HTTP API)
    from backend.services.users import create_token

    with bench.app.app_context():
        token = create_token("admin", f"bench-{time.monotonic_ns()}")
        secret = token["token"] if isinstance(token, dict) else token
    client = bench.app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    print(f"   {'report (HTTP API, 7 runs)':<44}{'median ms':>10}{'max ms':>10}")
    base = f"/api/journeys/{journey_id}/report"
    for label, query in (("last 30 days, by day", "?from=2026-11-01&to=2026-11-30"),
                         ("last 90 days, by day", "?from=2026-09-01&to=2026-11-30"),
                         ("a year, by day", "?from=2025-12-01&to=2026-11-30"),
                         ("a year, by week", "?from=2025-12-01&to=2026-11-30&bucket=week"),
                         ("two years, by day", "?from=2024-12-01&to=2026-11-30"),
                         ("overview, a year", None)):
        path = "/api/reports/overview?from=2025-12-01&to=2026-11-30" if query is None else base + query
        median, worst = latency(client, path)
        print(f"   {label:<44}{median:>10.1f}{worst:>10.1f}")
    report = client.get(base + "?from=2025-12-01&to=2026-11-30").get_json()
    print(f"   a year: enrolled {sum(p['enrolled'] for p in report['series']):,}, conversion "
          f"{report['conversion']['rate']}, time to goal p50 {report['time_to_goal_hours']['p50']} h, "
          f"split p-value {report['splits']['ab']['p_value']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="postgresql://postgres@127.0.0.1:5432/journeys_bench_report")
    parser.add_argument("--accounts", type=int, default=3000)
    parser.add_argument("--enrollments", type=int, default=1_000_000)
    parser.add_argument("--steps-per", type=int, default=10)
    parser.add_argument("--shapes", default="conditions,mixed")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--skip-overhead", action="store_true")
    parser.add_argument("--skip-scale", action="store_true")
    args = parser.parse_args()
    from backend.worker import tune_gc
    tune_gc()  # the walks below run as in a `flask worker` process
    url = fresh_database(args.database)
    redis = EmbeddedRedis(Path(__import__("tempfile").mkdtemp(prefix="bench-report-redis-")), persist=False)
    redis_url = redis.start()
    try:
        bench = Bench(url, redis_url, args.accounts)
        print(f"PostgreSQL {url.rsplit('/', 1)[-1]}, {args.accounts:,} accounts imported in {bench.import_s:.1f} s")
        if not args.skip_overhead:
            overhead(bench, args.shapes.split(","), args.rounds)
        if not args.skip_scale:
            scale(bench, args.enrollments, args.steps_per, args.accounts)
    finally:
        redis.stop()


if __name__ == "__main__":
    main()
