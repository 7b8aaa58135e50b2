#!/usr/bin/env python
"""Engine benchmark: prints figures, asserts nothing (issue 10's targets in brackets).

1. Walking throughput per journey shape (10 steps an account unless the shape
   waits): N accounts through each shape, drained by one in-process RQ worker
   (``backend.worker.AppWorker``, what ``flask worker`` runs), beside RQ's own
   no-op job rate and graph_engine's pure interpreter on the same journey and
   snapshots, both measured in the same run (the interpreter right before and right after
   the walk: the host's speed drifts; the walk is compared with the mean of the two; each
   timing in a child forked for it, so its snapshots stay out of the worker's memory figure)
   [>= 10,000 steps/s per worker, >= 40% of the interpreter's rate]. The interpreter gets
   the snapshots as a round gives them (the workspace's send settings and counted sends).
   Beside each shape, the storage floor: what PostgreSQL alone takes to store the rows the
   walk kept (step logs, outbox emails, tasks, ...), server-side, and so the most
   an engine storing those rows after walking them could reach as a share of the
   interpreter; and how much of the walk the worker process was busy (CPU), the rest
   being waits on PostgreSQL.
   Shapes: conditions (+1 task), 10 emails to all contacts, email/task/attribute
   mixed, 10 set/increase attribute, waits (for 0 minutes, until_date in the
   past, until_rule met), split + round-robin CSM + playbook, and the demo's
   onboarding drip and renewal journeys ("seed").
2. Email delivery to a real SMTP server (aiosmtpd in its own process on
   loopback) through ``deliver_outbox`` with the pooled connection
   [>= 1,000 emails/s].
3. Scaling: the mixed shape drained by 1, 2 and 4 ``flask worker`` processes.
4. Latency through the real product (``bench/engine_latency.py``): PATCH ->
   enrollment and -> Goal Achieved, quiet and while a big walk is in flight
   [p95 <= 200 ms], due-wait lag, worker memory.

Usage: .venv/bin/python bench/engine.py [--accounts 10000] [--database postgresql://...]
       [--skip-scaling] [--skip-latency] [--load-accounts 100000] [--shapes a,b] [--profile]
       [--parts]  (where each walk's time goes: bench/engine_parts.py)
The database named is dropped and rebuilt (default: postgresql://postgres@127.0.0.1:5432/journeys_bench).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from redis import Redis  # noqa: E402
from rq import Queue, SimpleWorker  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from backend.config import normalise_database_url  # noqa: E402
from backend.redis_server import EmbeddedRedis, free_port  # noqa: E402
from bench.engine_shapes import SHAPES, WORKSPACE_CAP, seed_graphs  # noqa: E402


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


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) process ``pid`` has used so far."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _time_jobs(worker) -> None:
    """Make ``worker`` note when its first job starts (``worker.first_job_started``) and when
    each job ends (``worker.last_job_done``)."""
    perform = worker.perform_job

    def timed(*args, **kwargs):
        if not hasattr(worker, "first_job_started"):
            worker.first_job_started = time.perf_counter()
        try:
            return perform(*args, **kwargs)
        finally:
            worker.last_job_done = time.perf_counter()

    worker.perform_job = timed


class Bench:
    """One app on the bench database: a catalog, N accounts, and journeys walked one by one."""

    def __init__(self, database_url: str, redis_url: str, accounts: int):
        from flask_migrate import upgrade

        from backend import create_app

        self.redis_url, self.accounts = redis_url, accounts
        self.app = create_app({"DATABASE_URL": database_url, "REDIS_URL": redis_url,
                               "SECRET_KEY": "bench", "JOURNEYS_QUEUE": "bench",
                               "INSTANCE_PATH": tempfile.mkdtemp(prefix="bench-engine-")})
        with self.app.app_context():
            upgrade()
            self._catalog()
            self.import_s = self._import()

    def _catalog(self) -> None:
        from backend import demo
        from backend.extensions import db
        from backend.models.attributes import AttributeDefinition
        from backend.models.segments import Segment

        demo._staff()
        demo._catalog()
        for key, kind in (("score", "number"), ("tier", "text"), ("renewal_on", "date")):
            db.session.add(AttributeDefinition(key=key, label=key, type=kind))
        db.session.add(Segment(key="bench", name="Bench", rule={"all": [
            {"property": "account.stage", "op": "eq", "value": "bench"}]}))
        db.session.commit()
        from backend.services import workspace_settings
        workspace_settings.update({"frequency_cap": WORKSPACE_CAP})  # checked on every email, never binds

    def _import(self) -> float:
        from backend.demo_data import demo_accounts
        from backend.schemas.accounts import load_rows
        from backend.services import accounts as account_service

        started = time.perf_counter()
        for start in range(0, self.accounts, 10_000):
            rows = [{"external_id": f"b-{i}", "name": f"Company {i}", "stage": "bench",
                     "mrr": i % 5000, "licenses": i % 50, "created_on": "2025-01-01",
                     "next_billing_on": "2027-06-01", "csm": "asha@example.com",
                     "sales_manager": "dana@example.com", "custom": {"score": i % 10},
                     "timezone": ("Europe/Berlin", "America/New_York", "Asia/Kolkata", None)[i % 4],
                     "contacts": [{"name": f"Ana {i}", "email": f"ana@b{i}.example", "role": "admin"},
                                  {"name": f"Bo {i}", "email": f"bo@b{i}.example", "role": "user"}]}
                    for i in range(start, min(self.accounts, start + 10_000))]
            account_service.import_accounts(*load_rows(rows))
        # The demo's own accounts, for the seed journeys (their segments are the demo's).
        demo = demo_accounts(date.today(), count=self.accounts)
        for start in range(0, len(demo), 10_000):
            account_service.import_accounts(*load_rows(demo[start:start + 10_000]))
        elapsed = time.perf_counter() - started
        Redis.from_url(self.redis_url).flushdb()  # the import's touch jobs are not what we measure
        from backend.engine.enrolling import process_segment_events
        while process_segment_events() or self._pending_events():  # what those jobs would consume
            pass
        return elapsed

    def _pending_events(self) -> bool:
        from backend.extensions import db
        return bool(db.session.scalar(text("SELECT count(*) FROM segment_events WHERE processed_at IS NULL")))

    def analyze(self) -> None:
        """Refresh the planner's statistics, as autovacuum does in production after a table grows
        by a tenth. This machine's PostgreSQL runs with autovacuum off: left alone, the outbox
        that earlier shapes filled from nothing kept its empty-table statistics, and the frequency
        cap's lookup by address scanned all of it by date (46 ms a round instead of 2)."""
        from backend.extensions import db

        with self.app.app_context():
            if db.engine.dialect.name == "postgresql":
                with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                    conn.execute(text("ANALYZE"))

    def enroll(self, key: str, graph: dict) -> tuple[int, list[int]]:
        """Create, publish and enable a journey; enroll its segments' members. Returns
        (journey id, enrollment ids)."""
        from backend.engine.enrolling import enroll_existing
        from backend.extensions import db
        from backend.services import journeys as journey_service

        self.analyze()  # what autovacuum would have done since the last shape (see analyze)
        with self.app.app_context():
            journey = journey_service.create_journey(key, key, graph=graph)
            journey_service.publish(journey.id)
            journey.enabled = True
            db.session.commit()
            ids = sorted(enroll_existing(journey.id))
            Redis.from_url(self.redis_url).flushdb()
            return journey.id, ids

    def walk_in_process(self, journey_id: int, ids: list[int]) -> float:
        """Walk with one in-process worker until every enrollment ends or waits for data;
        a wait's time is skipped by moving the app's clock (only walking time counts)."""
        from backend.clock import FakeClock
        from backend.extensions import db
        from backend.jobs.queueing import enqueue_advance
        from backend.models.enrollments import Enrollment
        from backend.worker import make_worker

        clock = FakeClock(datetime.now(timezone.utc))
        self.app.config["CLOCK"] = clock
        walking = 0.0
        try:
            for _ in range(20):
                with self.app.app_context():
                    enqueue_advance(ids)
                worker = make_worker(self.app, name=f"bench-worker-{time.monotonic_ns()}")
                _time_jobs(worker)
                worker.work(burst=True, logging_level="ERROR")
                # From its first job to the end of its last: a burst worker's start (registering,
                # subscribing) and teardown (RQ joins its pubsub thread, ~0.45 s) happen once in
                # a real worker's life, not once per wave of a wait-heavy journey.
                if hasattr(worker, "first_job_started"):
                    walking += worker.last_job_done - worker.first_job_started
                with self.app.app_context():
                    wake = db.session.scalar(db.select(db.func.min(Enrollment.wake_at)).where(
                        Enrollment.journey_id == journey_id, Enrollment.status == "active"))
                    if wake is None:
                        break
                    clock.moment = max(clock.moment, wake if wake.tzinfo else
                                       wake.replace(tzinfo=timezone.utc)) + timedelta(seconds=1)
                    ids = list(db.session.scalars(db.select(Enrollment.id).where(
                        Enrollment.journey_id == journey_id, Enrollment.status == "active",
                        Enrollment.wake_at <= clock.moment)))
        finally:
            self.app.config.pop("CLOCK", None)
        return walking

    def walk_with_processes(self, journey_id: int, ids: list[int], workers: int) -> float:
        """Start ``workers`` ``flask worker`` processes, wait until they listen, then time the
        walk from enqueue until no enrollment of the journey is active (start-up not counted)."""
        from rq import Worker

        from backend.extensions import db
        from backend.jobs import lanes
        from backend.jobs.queueing import enqueue_advance
        from backend.models.enrollments import Enrollment

        url = self.app.config["SQLALCHEMY_DATABASE_URI"]
        env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": self.redis_url,
               "JOURNEYS_QUEUE": "bench", "SECRET_KEY": "bench",
               "INSTANCE_PATH": self.app.config["INSTANCE_PATH"]}
        procs = [subprocess.Popen([sys.executable, "-m", "flask", "--app", "backend", "worker"],
                                  cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL) for _ in range(workers)]
        try:
            with self.app.app_context():
                while len(Worker.all(queue=lanes.queue(lanes.BULK))) < workers:
                    time.sleep(0.1)
                started = time.perf_counter()
                enqueue_advance(ids)
                while db.session.scalar(db.select(db.func.count()).select_from(Enrollment).where(
                        Enrollment.journey_id == journey_id, Enrollment.status == "active")):
                    db.session.rollback()
                    time.sleep(0.05)
                return time.perf_counter() - started
        finally:
            for proc in procs:
                proc.terminate()
            for proc in procs:
                proc.wait()

    FLOOR_TABLES = ("step_logs", "outbox_emails", "tasks", "playbook_enrollments",
                    "webhook_calls")

    def high_water(self) -> dict[str, int]:
        """The largest id of each table a walk inserts into (``storage_floor`` reads after)."""
        from backend.extensions import db

        with self.app.app_context():
            return {table: db.session.scalar(text(f"SELECT coalesce(max(id), 0) FROM {table}"))
                    for table in self.FLOOR_TABLES}

    def storage_floor(self, marks: dict[str, int]) -> tuple[float, dict[str, int]]:
        """What PostgreSQL alone takes to store the rows a walk inserted since ``marks``:
        each table's new rows copied, server-side, into a fresh table with the same columns,
        indexes and unique keys (``INSERT … SELECT``: no Python, no network, no COPY parsing,
        no triggers). No engine writing these rows can take less. Returns (seconds,
        {table: rows}); (0, {}) on SQLite."""
        from backend.extensions import db

        with self.app.app_context():
            if db.engine.dialect.name != "postgresql":
                return 0.0, {}
            seconds, counts = 0.0, {}
            with db.engine.connect() as conn:
                for table, mark in marks.items():
                    copy = f"bench_floor_{table}"
                    conn.execute(text(f"DROP TABLE IF EXISTS {copy}"))
                    conn.execute(text(f"CREATE TABLE {copy} (LIKE {table} INCLUDING ALL)"))
                    conn.commit()
                    started = time.perf_counter()
                    rows = conn.execute(text(f"INSERT INTO {copy} SELECT * FROM {table} "
                                             f"WHERE id > :mark"), {"mark": mark}).rowcount
                    conn.commit()
                    if rows:
                        seconds += time.perf_counter() - started
                        counts[table] = rows
                    conn.execute(text(f"DROP TABLE {copy}"))
                    conn.commit()
            return seconds, counts

    def steps(self, journey_id: int) -> int:
        from backend.extensions import db

        with self.app.app_context():
            return db.session.scalar(text("SELECT count(*) FROM step_logs WHERE journey_id = :j"),
                                     {"j": journey_id})

    def emails(self, journey_id: int) -> int:
        """Outbox emails the journey's walk queued."""
        from backend.extensions import db

        with self.app.app_context():
            return db.session.scalar(text("SELECT count(*) FROM outbox_emails WHERE journey_id = :j"),
                                     {"j": journey_id})

    def disable(self, journey_id: int) -> None:
        from backend.extensions import db
        from backend.models.journeys import Journey

        with self.app.app_context():
            db.session.get(Journey, journey_id).enabled = False
            db.session.commit()

    def interpreter_rate(self, graph: dict, ids: list[int]) -> float:
        """graph_engine alone on the same journey and the accounts' snapshots: steps/s.

        Timed in a child forked from this process, as it is now (the same code, the same
        garbage-collector settings): the snapshots it builds then never count toward this
        process's peak memory, which the bench prints as the in-process worker's."""
        from backend.extensions import db

        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: its own database connections, its answer down the pipe
            status = 1
            try:
                os.close(read)
                with self.app.app_context():
                    db.engine.dispose(close=False)  # the parent's pooled connections stay its own
                os.write(write, repr(self._interpreter_rate(graph, ids)).encode())
                status = 0
            except BaseException:
                import traceback
                traceback.print_exc()
            finally:
                os._exit(status)
        os.close(write)
        with os.fdopen(read, "rb") as answer:
            data = answer.read()
        _, status = os.waitpid(pid, 0)
        if status != 0 or not data:
            raise RuntimeError("timing the interpreter alone failed (see the child's traceback above)")
        return float(data)

    def _interpreter_rate(self, graph: dict, ids: list[int]) -> float:
        import graph_engine as ge
        from backend.engine.delivery_limits import DeliveryLimits
        from backend.engine.snapshots import build_snapshots
        from backend.extensions import db
        from backend.models.enrollments import Enrollment

        parsed, _ = ge.parse_graph(graph)
        now = datetime.now(timezone.utc)
        with self.app.app_context():
            accounts = list(db.session.scalars(
                db.select(Enrollment.account_id).where(Enrollment.id.in_(ids[:5000]))))
            by_id = build_snapshots(accounts)
            # as a round gives them to the interpreter: the workspace's time zone and frequency
            # cap, and the contacts' counted sends (loaded here, before the clock starts)
            limits = DeliveryLimits(now, by_id)
            limits.sends.get("")
            snapshots = list(by_id.values())
        steps = 0
        started = time.perf_counter()
        for number, snapshot in enumerate(snapshots):
            state, moment = ge.EnrollmentState.new(str(number)), now
            for _ in range(50):
                decision = ge.advance(parsed, state, snapshot, moment)
                steps += len(decision.steps)
                for effect in decision.effects:
                    snapshot = ge.apply_effect(snapshot, effect)
                state = decision.state
                if decision.resume:
                    continue
                if state.status != "active" or decision.wake_at is None:
                    break
                moment = max(moment, decision.wake_at) + timedelta(seconds=1)  # as the bench's clock
        return steps / (time.perf_counter() - started)

    def delivery_rate(self, emails: int, journey: bool = True) -> float:
        """Queue ``emails`` of the outbox again and deliver them to aiosmtpd: emails/s.
        ``journey``: as journey emails to contacts (multipart, List-Unsubscribe, tracked links
        and pixel); else plain text, as a staff alert goes."""
        from backend.engine.delivery import deliver_outbox
        from backend.extensions import db

        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "aiosmtpd", "-n", "-c",
                                   "aiosmtpd.handlers.Sink", "-l", f"127.0.0.1:{port}"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(1.5)
            self.app.config["SMTP_URL"] = f"smtp://127.0.0.1:{port}"
            with self.app.app_context():  # N queued emails, as a walk would leave them
                from backend.db import bulk_write
                from backend.models.outbox import OutboxEmail
                now = datetime.now(timezone.utc)
                # journey emails as SPEC §8 sends them: text + HTML (multipart/alternative),
                # List-Unsubscribe headers, links tracked and the open pixel (tracking is on)
                ids = bulk_write.insert_with_ids(
                    OutboxEmail, ("to_address", "from_address", "subject", "body", "html_body",
                                  "unsubscribable", "status", "attempts", "created_at", "effect_key"),
                    [(f"person{i}@delivery.example", "asha@example.com", f"Hello Company {i}",
                      f"Hi Ana,\n\nAsha here about Company {i}: your first report is ready at "
                      f"https://app.example.com/reports/{i}\n",
                      f"<html><body><p>Hi Ana,</p><p>Asha here about <b>Company {i}</b>: "
                      f'<a href="https://app.example.com/reports/{i}">your first report</a> is ready.'
                      f"</p></body></html>" if journey else None,
                      journey, "queued", 0, now, f"bench-delivery:{journey}:{i}") for i in range(emails)])
                db.session.commit()
                started, cpu_started = time.perf_counter(), time.process_time()
                server_started = cpu_seconds(server.pid)
                counts = deliver_outbox(ids)
                elapsed = time.perf_counter() - started
                sender = (time.process_time() - cpu_started) / elapsed
                receiver = (cpu_seconds(server.pid) - server_started) / elapsed
            print(f"  delivered: {dict(counts)}; CPU as a share of the delivery: sender {sender:.0%}, "
                  f"aiosmtpd {receiver:.0%}")
            return counts.get("sent", 0) / elapsed
        finally:
            self.app.config["SMTP_URL"] = None
            server.terminate()
            server.wait()


def run_shapes(bench: Bench, wanted: set[str] | None, noop_rate: float, profile: bool = False,
               parts: bool = False) -> list[dict]:
    rows = []
    for name, graph in [*SHAPES.items(), *seed_graphs()]:
        if wanted and name not in wanted:
            continue
        key = name.split(":", 1)[1] if name.startswith("seed:") else f"shape-{name}"
        journey_id, ids = bench.enroll(key, graph)
        before = bench.interpreter_rate(graph, ids)
        marks = bench.high_water()
        if profile:  # the walk is slower under the profiler: its rate is not a figure to quote
            import cProfile
            import pstats
            profiler = cProfile.Profile()
            elapsed = profiler.runcall(bench.walk_in_process, journey_id, ids)
            stats = pstats.Stats(profiler)
            stats.sort_stats("tottime").print_stats(30)
            stats.sort_stats("cumulative").print_stats(r"/(backend|graph_engine)/", 40)
        elif parts:  # timers on the walker's parts: the rate is a little lower, not one to quote
            from bench.engine_parts import timed_parts
            with timed_parts() as measured:
                elapsed = bench.walk_in_process(journey_id, ids)
        else:
            cpu_started = time.process_time()
            elapsed = bench.walk_in_process(journey_id, ids)
            busy = (time.process_time() - cpu_started) / elapsed  # both threads, and RQ's
        steps = bench.steps(journey_id)
        bench.disable(journey_id)
        # The host's speed drifts within minutes: the interpreter is timed right before and right
        # after the walk, and the walk compared with the mean of the two.
        after = bench.interpreter_rate(graph, ids)
        interpreter = (before + after) / 2
        rate = steps / elapsed
        emails = bench.emails(journey_id)
        if emails:
            print(f"  {name:<22} {emails:>9,} emails queued in {elapsed:6.1f} s = {emails / elapsed:>7,.0f} emails/s"
                  + (" (send window + frequency cap checked)" if graph.get("settings") else ""), flush=True)
        floor, written = bench.storage_floor(marks)
        # The most an engine that stores these rows after walking them could reach: the
        # interpreter's own time plus the database's time to store what the walk must keep, and
        # nothing else (rounds that overlap their storing with the next walk are not bound by it).
        ceiling = (steps / interpreter) / (steps / interpreter + floor) * 100
        rows.append({"shape": name, "accounts": len(ids), "steps": steps, "s": elapsed,
                     "rate": rate, "interpreter": interpreter, "floor": floor, "ceiling": ceiling})
        print(f"  {name:<22} {len(ids):>7,} accounts {steps:>9,} steps in {elapsed:6.1f} s = "
              f"{rate:>7,.0f} steps/s per worker = {rate / noop_rate:5.1f}x RQ no-op, "
              f"{rate / interpreter * 100:4.0f}% of the interpreter ({interpreter:,.0f}/s: "
              f"{before:,.0f} before the walk, {after:,.0f} after)  [>= 10,000/s, >= 40%]", flush=True)
        if not (profile or parts):
            print(f"  {'':<22} the worker process used {busy * elapsed:.2f} s of CPU in the walk's "
                  f"{elapsed:.2f} s ({busy * 100:.0f}%: the rest it waited, mostly on PostgreSQL)",
                  flush=True)
        if parts:
            print(f"  {'':<22} where the walk's {elapsed:.2f} s went: " + "; ".join(measured.lines(elapsed))
                  + f" (the interpreter alone: {steps / interpreter:.2f} s)", flush=True)
        if written:
            print(f"  {'':<22} rows kept: " + ", ".join(f"{t} {n:,}" for t, n in written.items())
                  + f"; PostgreSQL alone stores them in {floor:.2f} s, so an engine costing nothing "
                  f"else that stored them after walking would reach at most {ceiling:.0f}% of the "
                  f"interpreter (storing while walking, as overlapped rounds do, lifts that bound)",
                  flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--database", default="postgresql://postgres@127.0.0.1:5432/journeys_bench")
    parser.add_argument("--shapes", default="", help="comma-separated shape names (default: all)")
    parser.add_argument("--emails", type=int, default=20_000)
    parser.add_argument("--skip-scaling", action="store_true")
    parser.add_argument("--skip-latency", action="store_true")
    parser.add_argument("--load-accounts", type=int, default=100_000,
                        help="accounts walked in the background while latency is measured")
    parser.add_argument("--profile", action="store_true",
                        help="run each shape's walk under cProfile and print where the time went")
    parser.add_argument("--parts", action="store_true",
                        help="time the walker's parts (snapshots, interpreter, rows, ...) in each "
                             "shape's walk and print them (bench/engine_parts.py)")
    args = parser.parse_args()
    from backend.worker import tune_gc
    tune_gc()  # as a worker process runs: the interpreter's rate is measured under the same GC
    redis = EmbeddedRedis(tempfile.mkdtemp(prefix="bench-redis-"), persist=False)
    redis_url = redis.start()
    try:
        database_url = fresh_database(args.database)
        noop_rate = rq_noop_rate(redis_url)
        print(f"{datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} cores, "
              f"{make_url(database_url).get_backend_name()}")
        print(f"RQ no-op jobs (SimpleWorker, same Redis): {noop_rate:,.0f} jobs/s")
        bench = Bench(database_url, redis_url, args.accounts)
        print(f"imported {args.accounts:,} bench + {args.accounts:,} demo accounts in "
              f"{bench.import_s:.1f} s")
        print("walking throughput, one worker process:")
        wanted = set(filter(None, args.shapes.split(",")))
        if "seed:renewal-90-days" in wanted:  # it names the drip (unenroll from): publish needs it
            wanted.add("seed:onboarding-drip")
        run_shapes(bench, wanted or None, noop_rate, profile=args.profile, parts=args.parts)
        print(f"worker peak memory (in-process worker): {peak_rss_mb(os.getpid()):.0f} MB  [<= 300 MB]")
        for journey, what in ((True, "journey emails: multipart, List-Unsubscribe, tracked links and "
                                     "pixel"), (False, "plain text, as staff alerts")):
            rate = bench.delivery_rate(args.emails, journey)
            print(f"email delivery to aiosmtpd (own process; {bench.app.config['SMTP_CONNECTIONS']} "
                  f"pooled connections; {what}): {rate:,.0f} emails/s  [>= 1,000/s]", flush=True)
        if not args.skip_scaling:
            print("scaling, mixed shape, `flask worker` processes on one machine:")
            for workers in (1, 2, 4):
                journey_id, ids = bench.enroll(f"scale-{workers}", SHAPES["mixed"])
                elapsed = bench.walk_with_processes(journey_id, ids, workers)
                steps = bench.steps(journey_id)
                bench.disable(journey_id)
                print(f"  WORKERS={workers}: {steps:,} steps in {elapsed:.1f} s = "
                      f"{steps / elapsed:,.0f} steps/s ({steps / elapsed / workers:,.0f} per worker)",
                      flush=True)
        if not args.skip_latency:
            from bench.engine_latency import latency
            latency(fresh_database(args.database + "_latency"), load_accounts=args.load_accounts)
    finally:
        redis.stop()


if __name__ == "__main__":
    main()
