#!/usr/bin/env python
"""Engine benchmark: prints figures, asserts nothing (ISSUE 5 targets in brackets).

1. Walking throughput: N accounts through a 10-node journey with no waits, drained
   by one in-process RQ SimpleWorker, beside RQ's own no-op job rate measured in
   the same run  [>= 10,000 steps/s per worker process, >= 30x the no-op job rate].
2. Latency through the real product (runner: web + worker + scheduler):
   PATCH /api/accounts/<id> -> Goal Achieved, and -> a new enrollment  [p95 <= 2 s].
3. Due-wait firing lag: wake time -> the step that fires it  [p95 <= 1 s].
4. Worker peak memory (VmHWM of the worker processes)  [<= 300 MB].

Usage: .venv/bin/python bench/engine.py [--accounts 100000] [--database postgresql://...]
The database named is dropped and rebuilt (default: postgresql://postgres@127.0.0.1:5432/journeys_bench).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from redis import Redis  # noqa: E402
from rq import Queue, SimpleWorker  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from backend.config import normalise_database_url  # noqa: E402
from backend.redis_server import EmbeddedRedis  # noqa: E402

NODES = [
    {"id": "start", "type": "entry", "config": {"segments": ["bench"], "reenroll": {"mode": "never"},
                                                 "enroll_existing": True}},
    {"id": "c1", "type": "condition", "config": {"rule": {"all": [{"property": "account.mrr", "op": "gte", "value": 0}]}}},
    {"id": "ab", "type": "split", "config": {"weights": {"a": 50, "b": 50}}},
    {"id": "c2", "type": "condition", "config": {"rule": {"any": [{"property": "account.stage", "op": "eq", "value": "new"},
                                                                  {"property": "custom.score", "op": "gt", "value": 5}]}}},
    {"id": "c3", "type": "condition", "config": {"rule": {"all": [{"property": "account.licenses", "op": "lt", "value": 10**9}]}}},
    {"id": "task", "type": "action", "config": {"action": "create_task", "title": "Welcome {{ account.name }}",
                                                "assignee": "csm", "due_in_days": 3, "priority": "low"}},
    {"id": "c4", "type": "condition", "config": {"rule": {"all": [{"property": "account.status", "op": "neq", "value": "churned"}]}}},
    {"id": "c5", "type": "condition", "config": {"rule": {"all": [{"property": "custom.score", "op": "is_set"}]}}},
    {"id": "c6", "type": "condition", "config": {"rule": {"all": [{"property": "account.name", "op": "contains", "value": "co"}]}}},
    {"id": "done", "type": "end"},
]
EDGES = [("start", "c1", None), ("c1", "ab", "yes"), ("ab", "c2", "a"), ("ab", "c2", "b"), ("c2", "c3", "yes"),
         ("c2", "c3", "no"), ("c3", "task", "yes"), ("task", "c4", None), ("c4", "c5", "yes"),
         ("c5", "c6", "yes"), ("c5", "c6", "no"), ("c6", "done", "yes")]


def bench_graph():
    edges, seen = [], set()
    for source, target, branch in EDGES:
        if (source, branch) in seen:
            continue
        seen.add((source, branch))
        edges.append({"source": source, "target": target, **({"branch": branch} if branch else {})})
    return {"format": "journey/v1", "nodes": NODES, "edges": edges}


def fresh_database(url: str) -> str:
    url = make_url(normalise_database_url(url))
    if url.get_backend_name() == "postgresql":
        admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{url.database}"'))
        admin.dispose()
    return url.render_as_string(hide_password=False)


def noop():
    return None


def rq_noop_rate(redis_url: str, jobs: int = 3000) -> float:
    redis = Redis.from_url(redis_url)
    queue = Queue("bench-noop", connection=redis)
    queue.enqueue_many([Queue.prepare_data(noop, result_ttl=0) for _ in range(jobs)])
    worker = SimpleWorker([queue], connection=redis)
    started = time.perf_counter()
    worker.work(burst=True, logging_level="ERROR")
    return jobs / (time.perf_counter() - started)


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def throughput(database_url: str, redis_url: str, accounts: int) -> dict:
    from flask_migrate import upgrade

    from backend import create_app
    from backend.extensions import db
    from backend.models.segments import Segment
    from backend.services import accounts as account_service
    from backend.services import journeys as journey_service
    from backend.engine.enrolling import enroll_existing
    from backend.services.users import create_user
    from backend.jobs.queueing import enqueue_advance
    from backend.worker import make_worker

    app = create_app({"DATABASE_URL": database_url, "REDIS_URL": redis_url, "SECRET_KEY": "bench",
                      "INSTANCE_PATH": tempfile.mkdtemp(prefix="bench-engine-"), "JOURNEYS_QUEUE": "bench"})
    with app.app_context():
        upgrade()
        create_user("csm@example.com", "Casey", "csm")
        db.session.add(Segment(key="bench", name="Bench", rule={"all": [
            {"property": "account.stage", "op": "eq", "value": "new"}]}))
        db.session.commit()
        from backend.models.attributes import AttributeDefinition
        db.session.add(AttributeDefinition(key="score", label="Score", type="number"))
        db.session.commit()
        started = time.perf_counter()
        for start in range(0, accounts, 10_000):
            rows = [{"external_id": f"acct-{i}", "name": f"Company {i}", "stage": "new", "mrr": i % 5000,
                     "licenses": i % 50, "csm": "csm@example.com", "custom": {"score": i % 10}}
                    for i in range(start, min(accounts, start + 10_000))]
            account_service.import_accounts(rows)
        imported = time.perf_counter() - started
        Redis.from_url(redis_url).flushdb()  # the touch jobs of the import are not what we measure
        journey = journey_service.create_journey("bench", "Bench", graph=bench_graph())
        journey_service.publish(journey.id)
        journey.enabled = True
        db.session.commit()
        started = time.perf_counter()
        ids = sorted(enroll_existing(journey.id))
        enrolled = time.perf_counter() - started
        enqueue_advance(ids)
    worker = make_worker(app, name="bench-worker")
    started = time.perf_counter()
    worker.work(burst=True, logging_level="ERROR")
    walked = time.perf_counter() - started
    with app.app_context():
        steps = db.session.scalar(text("SELECT count(*) FROM step_logs"))
        done = db.session.scalar(text("SELECT count(*) FROM enrollments WHERE status = 'completed'"))
    return {"accounts": accounts, "import_s": imported, "enroll_s": enrolled, "walk_s": walked,
            "steps": steps, "completed": done, "steps_per_s": steps / walked,
            "peak_mb": peak_rss_mb(os.getpid())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--database", default="postgresql://postgres@127.0.0.1:5432/journeys_bench")
    parser.add_argument("--skip-latency", action="store_true")
    args = parser.parse_args()
    redis = EmbeddedRedis(tempfile.mkdtemp(prefix="bench-redis-"), persist=False)
    redis_url = redis.start()
    try:
        database_url = fresh_database(args.database)
        noop_rate = rq_noop_rate(redis_url)
        print(f"RQ no-op jobs (SimpleWorker, same Redis): {noop_rate:,.0f} jobs/s")
        result = throughput(database_url, redis_url, args.accounts)
        print(f"import {result['accounts']:,} accounts: {result['import_s']:.1f} s; "
              f"enroll_existing: {result['enroll_s']:.1f} s")
        print(f"walk: {result['steps']:,} steps ({result['completed']:,} completed) in {result['walk_s']:.1f} s "
              f"= {result['steps_per_s']:,.0f} steps/s per worker process "
              f"= {result['steps_per_s'] / noop_rate:.1f}x the no-op job rate  [>= 10,000/s, >= 30x]")
        print(f"worker peak memory (in-process worker): {result['peak_mb']:.0f} MB  [<= 300 MB]")
        if not args.skip_latency:
            from bench.engine_latency import latency
            latency(fresh_database(args.database + "_latency"))
    finally:
        redis.stop()


if __name__ == "__main__":
    main()
