#!/usr/bin/env python
"""The Outbox page's searches on a large outbox (PostgreSQL): prints figures, asserts nothing.

Fills a database with ``--rows`` outbox emails (default 2,000,000) and ``--accounts``
accounts (50,000), server-side with ``generate_series`` — seven contacts an account, one
address in ten in mixed case, nearly all ``sent``, one in a thousand ``failed`` — then runs
``services.outbox.list_outbox`` for each search the page makes (an address's start, a whole
address in other case, an account's name or external id, a search nothing matches, the
filters) and prints, for each, the whole call's time (the median of 3 after one warm-up) and
each of its statements' ``EXPLAIN ANALYZE`` time and plan nodes.

Usage: .venv/bin/python bench/outbox_search.py --database postgresql://postgres@127.0.0.1:5432/journeys_outbox_big
       [--rows 2000000] [--accounts 50000] [--reuse] [--plans]
The database named is dropped and rebuilt (``--reuse``: kept as it is, when it was filled
before at the same head). ``--plans`` prints the whole plans.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, text  # noqa: E402

from bench.engine import fresh_database  # noqa: E402

FILL = """
INSERT INTO accounts (external_id, external_id_ci, name, name_ci, created_at, updated_at)
SELECT 'acct-' || n, 'acct-' || n, 'Company ' || n || ' Ltd', 'company ' || n || ' ltd', now(), now()
FROM generate_series(1, :accounts) n;
INSERT INTO outbox_emails (to_address, from_address, subject, body, html_body, status, created_at, sent_at,
  account_id, enrollment_id, effect_key, attempts, unsubscribable, journey_id, node_id, template_key)
SELECT CASE WHEN i % 10 = 0
            THEN 'Person' || (i % 7) || '.C' || (i % :accounts + 1) || '@Company' || (i % :accounts + 1) || '.example'
            ELSE 'person' || (i % 7) || '.c' || (i % :accounts + 1) || '@company' || (i % :accounts + 1) || '.example'
       END, 'asha@example.com', 'Hello Company ' || (i % :accounts + 1), repeat('Body text line. ', 20),
       repeat('<p>Html body</p>', 40),
       CASE WHEN i % 1000 = 0 THEN 'failed' WHEN i % 997 = 0 THEN 'suppressed' ELSE 'sent' END,
       timestamptz '2026-09-01' + i * interval '3.9 seconds', timestamptz '2026-09-01' + i * interval '3.9 seconds',
       i % :accounts + 1, i, 'e:' || i, 1, true, i % 20 + 1, 'n' || (i % 10), 'welcome'
FROM generate_series(1, :rows) i;
"""

SEARCHES = [
    ("address start", {"q": "person3.c4242@"}),
    ("whole address, other case", {"q": "PERSON3.C4242@company4242.EXAMPLE"}),
    ("mixed-case address, lower case", {"q": "person0.c10@company10.example"}),
    ("account name", {"q": "Company 4242 Ltd"}),
    ("account name, 111 accounts", {"q": "company 123"}),
    ("account external id", {"q": "acct-4242"}),
    ("nothing matches", {"q": "nobody@nowhere"}),
    ("broad: 'p'", {"q": "p"}),
    ("broad: 'company 1'", {"q": "company 1"}),
    ("account filter", {"account": "acct-4242"}),
    ("status failed", {"status": "failed"}),
    ("status sent", {"status": "sent"}),
    ("status queued (none)", {"status": "queued"}),
    ("journey 7 + address start", {"journey": 7, "q": "person3.c4247@"}),
    ("no filter", {}),
    ("no filter, page 50", {"offset": 10_000}),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default="postgresql://postgres@127.0.0.1:5432/journeys_outbox_big")
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--accounts", type=int, default=50_000)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--plans", action="store_true")
    args = parser.parse_args()

    from flask_migrate import upgrade

    from backend import create_app
    from backend.extensions import db
    from backend.services.outbox import list_outbox

    url = args.database if args.reuse else fresh_database(args.database)
    app = create_app({"TESTING": True, "DATABASE_URL": url, "INSTANCE_PATH": tempfile.mkdtemp(),
                      "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        if not args.reuse:
            started = time.perf_counter()
            db.session.execute(text(FILL), {"rows": args.rows, "accounts": args.accounts})
            db.session.commit()
            print(f"filled {args.rows:,} emails in {time.perf_counter() - started:.0f} s", flush=True)
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE outbox_emails"))
            conn.execute(text("VACUUM ANALYZE accounts"))
        indexes = db.session.execute(text(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'outbox_emails' ORDER BY indexname")).scalars()
        print("outbox indexes:\n  " + "\n  ".join(indexes))

        statements: list[tuple[str, object]] = []

        def record(conn, cursor, statement, parameters, context, executemany):
            if statement.lstrip().upper().startswith("SELECT"):
                statements.append((statement, parameters))

        for name, query in SEARCHES:
            kwargs = {"status": query.get("status"), "account": query.get("account"), "limit": 200,
                      "offset": query.get("offset", 0), "q": query.get("q"), "journey": query.get("journey")}
            list_outbox(**kwargs)
            db.session.rollback()
            times = []
            for _ in range(3):
                started = time.perf_counter()
                result = list_outbox(**kwargs)
                times.append(time.perf_counter() - started)
                db.session.rollback()
            print(f"\n{name} {query}: {statistics.median(times) * 1000:,.1f} ms "
                  f"({', '.join(f'{t * 1000:,.1f}' for t in times)}); total {result['total']:,}"
                  f"{'+' if result['total_is_more'] else ''}, {len(result['items'])} on the page", flush=True)
            statements.clear()
            event.listen(db.engine, "before_cursor_execute", record)
            try:
                list_outbox(**kwargs)
            finally:
                event.remove(db.engine, "before_cursor_execute", record)
            db.session.rollback()
            raw = db.engine.raw_connection()
            try:
                cursor = raw.cursor()
                for statement, parameters in statements:
                    if "outbox_emails" not in statement or "outbox_emails.id IN" in statement:
                        continue  # the page's rows by id and their origins: a few index lookups
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
                    plan = [row[0] for row in cursor.fetchall()]
                    kind = "count" if "count(*)" in statement else "page"
                    took = next((line for line in plan if line.startswith("Execution Time")), "")
                    nodes = [line.strip().split("  (")[0].lstrip("-> ").strip() for line in plan
                             if "->" in line or line == plan[0]]
                    print(f"  {kind}: {took.replace('Execution Time: ', '')}; "
                          + " / ".join(n for n in nodes if n)[:400])
                    if args.plans:
                        print("    " + "\n    ".join(plan))
                raw.rollback()
            finally:
                raw.close()


if __name__ == "__main__":
    main()
