"""Webhook delivery throughput (SPEC §9, issue 15): calls/s for one worker process.

A receiver runs in its own process on loopback (asyncio, keep-alive, answers 200 with a small
JSON body at once); the database gets N queued ``webhook_calls`` rows (as walks leave them) and
one process runs ``deliver_webhooks`` over them — claim, sign, egress check, rate-limit window,
send on WEBHOOK_CONNECTIONS threads, record — as a worker's job does. Prints calls/s
[target >= 500/s per worker]. The receiver's host:port is allow-listed and WEBHOOK_RATE is
raised (the default 20/s per host would be the limit otherwise).

Usage: ``.venv/bin/python bench/webhooks.py [--calls 5000] [--connections 8]``; with
``BENCH_DATABASE_URL=postgresql://...`` on PostgreSQL (emptied first), else a SQLite file.
"""
from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import socket
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REPLY = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n"
         b"Connection: keep-alive\r\n\r\n{\"ok\":true}")


async def _handle(reader, writer):
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            if length:
                await reader.readexactly(length)
            writer.write(REPLY)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
        writer.close()


def _serve(port: int) -> None:
    async def main():
        server = await asyncio.start_server(_handle, "127.0.0.1", port, backlog=512)
        async with server:
            await server.serve_forever()
    asyncio.run(main())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Factory:
    def mktemp(self, name):
        return Path(tempfile.mkdtemp(prefix=name))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=5000)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()

    port = _free_port()
    receiver = multiprocessing.Process(target=_serve, args=(port,), daemon=True)
    receiver.start()
    time.sleep(0.5)

    from flask_migrate import upgrade
    from sqlalchemy import func, select

    from backend import create_app
    from backend.engine.webhooks import deliver_webhooks
    from backend.extensions import db
    from backend.models.webhooks import Secret, WebhookCall
    from backend.outbound import secret_box
    from backend.redis_server import EmbeddedRedis
    from tests.conftest import make_test_database

    if os.environ.get("BENCH_DATABASE_URL"):
        os.environ["TEST_DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    else:
        os.environ.pop("TEST_DATABASE_URL", None)
    url = make_test_database(_Factory(), "webhook_bench")
    redis = EmbeddedRedis(Path(tempfile.mkdtemp(prefix="bench-redis")))
    redis_url = redis.start()
    app = create_app({"DATABASE_URL": url, "REDIS_URL": redis_url, "INSTANCE_PATH": tempfile.mkdtemp(),
                      "WEBHOOK_ALLOWED_HOSTS": f"127.0.0.1:{port}", "WEBHOOK_RATE": 1_000_000,
                      "WEBHOOK_CONNECTIONS": args.connections, "JOURNEYS_QUEUE": "bench"})
    try:
        with app.app_context():
            upgrade()
            now = datetime.now(timezone.utc)
            table = WebhookCall.__table__
            body = '{"account":{"external_id":"acc","name":"Account"},"node":"hook"}'
            db.session.execute(table.insert(), [
                {"effect_key": f"{i}:hook:2", "status": "queued", "method": "POST",
                 "url": f"http://127.0.0.1:{port}/hook", "host": "127.0.0.1",
                 "request_headers": {"Content-Type": "application/json", "X-Account": f"acc-{i}"},
                 "request_body": body, "timeout_s": 10, "save_response": [], "attempts": 0,
                 "retry_until": now + timedelta(hours=24), "created_at": now}
                for i in range(args.calls)])
            db.session.add(Secret(name=secret_box.SIGNING,  # an admin made it (never made on the fly)
                                  ciphertext=secret_box.encrypt(secret_box.new_signing_value())))
            db.session.commit()
            ids = list(db.session.scalars(select(WebhookCall.id).order_by(WebhookCall.id)))
            deliver_webhooks(ids[:100])  # warm-up: connections
            started, cpu = time.perf_counter(), time.process_time()
            if os.environ.get("BENCH_PROFILE"):
                import cProfile
                import pstats
                profile = cProfile.Profile()
                counts = profile.runcall(deliver_webhooks, ids[100:])
                pstats.Stats(profile).sort_stats("tottime").print_stats(25)
            else:
                counts = deliver_webhooks(ids[100:])
            elapsed = time.perf_counter() - started
            cpu = time.process_time() - cpu
            sent = db.session.scalar(select(func.count()).select_from(WebhookCall)
                                     .where(WebhookCall.status == "sent"))
            db.session.rollback()
        counts.pop("woken", None)  # no enrollments here: nothing parked to wake
        done = sum(counts.values())
        print(f"webhook delivery, one worker process, {args.connections} connections, "
              f"{url.split(':')[0]}: {done:,} calls in {elapsed:.2f} s = "
              f"{done / elapsed:,.0f} calls/s  [>= 500/s]  (results: {counts}; {sent:,} sent in all); "
              f"{cpu * 1000 / done:.2f} ms of this process's CPU a call = {done / cpu:,.0f} calls per "
              f"CPU-second; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    finally:
        receiver.terminate()
        redis.stop()


if __name__ == "__main__":
    main()
