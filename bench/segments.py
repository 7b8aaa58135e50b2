#!/usr/bin/env python
"""Segments benchmark: prints figures on PostgreSQL and SQLite, asserts nothing.

- bulk import rate for N accounts through ``services.accounts.import_accounts`` (what
  POST /api/accounts/bulk and ``flask import accounts`` run), in 10,000-row requests, with
  the 4-condition bench segment already defined, so each request also re-evaluates membership
  and writes the entered/left events: a first import (all creates) and a re-import of the same
  N rows with changed values (all updates, the nightly CRM sync)  [>= 20,000 accounts/s on PostgreSQL]
- full membership recompute of that segment over N accounts  [<= 1 s]
- incremental re-evaluation after a single account patch (median of 50)  [<= 5 ms]

Rows carry name, mrr, stage, next_billing_on and one custom number. Not timed: queueing the
after-commit touch jobs on Redis (the bench runs without Redis; the listener is removed).

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
REQUEST = 10_000
STAGES = ["new", "onboarding", "live", "churned"]


def _rows(rng: random.Random, accounts: int, version: int) -> list[dict]:
    return [{"external_id": f"acct-{i}", "name": f"Company {i} v{version}",
             "mrr": rng.randint(0, 5000), "stage": rng.choice(STAGES),
             "custom": {"logins": rng.randint(0, 10)},
             "next_billing_on": f"2027-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"}
            for i in range(accounts)]


def _import_all(rows: list[dict]) -> tuple[float, int, int]:
    from backend.schemas.accounts import load_rows
    from backend.services.accounts import import_accounts

    created = updated = 0
    started = time.perf_counter()
    for start in range(0, len(rows), REQUEST):  # what POST /api/accounts/bulk does
        result = import_accounts(*load_rows(rows[start:start + REQUEST]))
        assert not result["errors"], result["errors"][:3]  # a broken bench, not a timing check
        created += result["created"]
        updated += result["updated"]
    return time.perf_counter() - started, created, updated


def run(database_url: str, accounts: int) -> dict:
    from flask_migrate import upgrade
    from sqlalchemy import func, select, text

    from backend import create_app
    from backend.events import remove_listener
    from backend.extensions import db
    from backend.models.accounts import Account
    from backend.models.attributes import AttributeDefinition
    from backend.models.segments import Segment, SegmentEvent
    from backend.segments.membership import recompute_segments, reevaluate_accounts, utc_today
    from backend.jobs import wiring
    from backend.schemas.accounts import load_rows
    from backend.services import account_writes

    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "bench",
                      "INSTANCE_PATH": tempfile.mkdtemp(prefix="bench-segments-")})
    remove_listener(wiring.touch)
    rng = random.Random(1)
    out = {}
    with app.app_context():
        upgrade()
        db.session.add(AttributeDefinition(key="logins", label="Logins", type="number"))
        db.session.add(Segment(key="bench", name="Bench", rule=RULE, date_sensitive=True))
        db.session.commit()
        for label, version in (("first", 1), ("again", 2)):
            seconds, created, updated = _import_all(_rows(rng, accounts, version))
            out[label] = (accounts / seconds, created, updated)
            if label == "first" and db.engine.dialect.name == "postgresql":
                db.session.execute(text("ANALYZE"))
                db.session.commit()
        out["events"] = db.session.scalar(select(func.count()).select_from(SegmentEvent))
        started = time.perf_counter()
        recompute_segments(["bench"], utc_today())
        db.session.commit()
        out["full_s"] = time.perf_counter() - started
        out["members"] = db.session.scalar(text("SELECT count(*) FROM segment_memberships"))
        ids = list(db.session.scalars(select(Account.id).order_by(Account.id).limit(50)))
        externals = dict(db.session.execute(select(Account.id, Account.external_id)
                                            .where(Account.id.in_(ids))).all())
        timings = []
        for account_id in ids:
            rows, _ = load_rows([{"mrr": rng.randint(0, 5000)}],
                                external_ids=[externals[account_id]])
            items, _ = account_writes.prepare(rows, "patch")
            account_writes.write(items, "patch")
            started = time.perf_counter()
            reevaluate_accounts([account_id], utc_today())
            timings.append(time.perf_counter() - started)
            db.session.commit()
        out["incremental_ms"] = statistics.median(timings) * 1000
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/journeys_bench_segments")
    parser.add_argument("--only", choices=("postgresql", "sqlite"))
    args = parser.parse_args()
    sqlite = f"sqlite:///{tempfile.mkdtemp(prefix='bench-segments-')}/bench.db"
    for label, url in (("PostgreSQL", args.postgres), ("SQLite", sqlite)):
        if args.only and args.only != label.lower():
            continue
        r = run(fresh_database(url), args.accounts)
        print(f"{label}, {args.accounts:,} accounts in {REQUEST:,}-row import_accounts requests:\n"
              f"  first import (all creates, {r['first'][1]:,} created): {r['first'][0]:,.0f} accounts/s"
              f"  [>= 20,000/s on PostgreSQL]\n"
              f"  re-import, changed values (all updates, {r['again'][2]:,} updated): "
              f"{r['again'][0]:,.0f} accounts/s  [>= 20,000/s on PostgreSQL]\n"
              f"  ({r['events']:,} entered/left events written by the two imports)\n"
              f"  full recompute of a 4-condition segment ({r['members']:,} members): "
              f"{r['full_s'] * 1000:.0f} ms  [<= 1 s]\n"
              f"  incremental re-evaluation after one patch: {r['incremental_ms']:.2f} ms median"
              f"  [<= 5 ms]", flush=True)


if __name__ == "__main__":
    main()
