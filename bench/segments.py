#!/usr/bin/env python
"""Segments benchmark: prints figures on PostgreSQL and SQLite, asserts nothing.

- bulk import rate for N accounts through the bulk path (POST /api/accounts/bulk's service)
  [>= 20,000 accounts/s on PostgreSQL]
- full membership recompute of a 4-condition segment over N accounts  [<= 1 s]
- incremental re-evaluation after a single account patch (median of 50)  [<= 5 ms]

Usage: .venv/bin/python bench/segments.py [--accounts 100000] [--postgres URL]
The PostgreSQL database named (default journeys_bench_segments) is dropped and rebuilt.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.engine import fresh_database  # noqa: E402

RULE = {"all": [{"property": "account.mrr", "op": "gte", "value": 500},
                {"property": "account.stage", "op": "in", "value": ["live", "onboarding"]},
                {"property": "custom.logins", "op": "gt", "value": 3},
                {"property": "account.next_billing_on", "op": "within_next", "value": {"days": 90}}]}


def run(database_url: str, accounts: int) -> dict:
    from flask_migrate import upgrade
    from sqlalchemy import select, text

    from backend import create_app
    from backend.extensions import db
    from backend.models.accounts import Account
    from backend.models.attributes import AttributeDefinition
    from backend.models.segments import Segment
    from backend.segments.membership import recompute_segments, reevaluate_accounts, utc_today
    from backend.services import account_writes

    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "bench",
                      "INSTANCE_PATH": tempfile.mkdtemp(prefix="bench-segments-")})
    rng = random.Random(1)
    stages = ["new", "onboarding", "live", "churned"]
    with app.app_context():
        upgrade()
        db.session.add(AttributeDefinition(key="logins", label="Logins", type="number"))
        db.session.commit()
        rows = [{"external_id": f"acct-{i}", "name": f"Company {i}", "mrr": rng.randint(0, 5000),
                 "stage": rng.choice(stages), "custom": {"logins": rng.randint(0, 10)},
                 "next_billing_on": f"2027-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"}
                for i in range(accounts)]
        started = time.perf_counter()
        for start in range(0, accounts, 10_000):
            items, errors = account_writes.prepare(rows[start:start + 10_000], "patch")
            account_writes.write(items, "patch")
            db.session.commit()
        imported = time.perf_counter() - started
        db.session.add(Segment(key="bench", name="Bench", rule=RULE))
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        started = time.perf_counter()
        recompute_segments(["bench"], utc_today())
        db.session.commit()
        full = time.perf_counter() - started
        members = db.session.scalar(text("SELECT count(*) FROM segment_memberships"))
        ids = list(db.session.scalars(select(Account.id).order_by(Account.id).limit(50)))
        timings = []
        for account_id in ids:
            items, _ = account_writes.prepare([{"mrr": rng.randint(0, 5000)}], "patch",
                                              external_ids=[f"acct-{account_id - 1}"])
            account_writes.write(items, "patch")
            started = time.perf_counter()
            reevaluate_accounts([account_id], utc_today())
            timings.append(time.perf_counter() - started)
            db.session.commit()
    return {"import_rate": accounts / imported, "full_s": full, "members": members,
            "incremental_ms": statistics.median(timings) * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/journeys_bench_segments")
    args = parser.parse_args()
    sqlite = f"sqlite:///{tempfile.mkdtemp(prefix='bench-segments-')}/bench.db"
    for label, url in (("PostgreSQL", fresh_database(args.postgres)), ("SQLite", sqlite)):
        result = run(url, args.accounts)
        print(f"{label}: bulk import {result['import_rate']:,.0f} accounts/s  [>= 20,000/s on PostgreSQL]; "
              f"full recompute of a 4-condition segment over {args.accounts:,} accounts "
              f"({result['members']:,} members): {result['full_s'] * 1000:.0f} ms  [<= 1 s]; "
              f"incremental after one patch: {result['incremental_ms']:.2f} ms median  [<= 5 ms]")


if __name__ == "__main__":
    main()
