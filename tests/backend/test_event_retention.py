"""Events are kept EVENT_RETENTION_DAYS (SPEC §7): whole old months dropped on PostgreSQL,
old rows deleted elsewhere; partitions are created ahead."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from sqlalchemy import func, insert, select

from backend.db.bulk_sql import is_postgresql
from backend.extensions import db
from backend.jobs.event_ticks import event_retention
from backend.models.accounts import Account
from backend.models.events import Event, EventClientId


def test_old_events_go_and_months_are_created_ahead(app_ctx, app):
    from backend.db import event_partitions

    now = datetime(2026, 11, 30, 12, tzinfo=timezone.utc)
    app.config["EVENT_RETENTION_DAYS"] = 60  # cutoff 2026-10-01 12:00
    try:
        account = Account(external_id="acme", external_id_ci="acme", name="Acme", name_ci="acme")
        db.session.add(account)
        db.session.flush()
        ats = [datetime(2026, 8, 15, tzinfo=timezone.utc), datetime(2026, 9, 30, tzinfo=timezone.utc),
               datetime(2026, 10, 1, 6, tzinfo=timezone.utc), now]
        if is_postgresql():
            event_partitions.ensure_months(a.date() for a in ats)
        db.session.execute(insert(Event), [{"account_id": account.id, "name": "login", "at": at,
                                            "properties": {}, "received_at": at} for at in ats])
        db.session.add(EventClientId(client_id="old", seen_at=now - timedelta(days=61)))
        db.session.add(EventClientId(client_id="new", seen_at=now))
        db.session.commit()

        dropped = event_retention(now)
        kept = sorted(db.session.scalars(select(Event.at)))
        if is_postgresql():
            # whole months before October go; October's early row stays until its month ends
            assert set(dropped) >= {"events_2026_08", "events_2026_09"}
            assert kept == ats[2:]
            months = event_partitions.partition_months()
            assert date(2026, 12, 1) in months and date(2027, 1, 1) in months
            assert date(2026, 9, 1) not in months
        else:
            assert dropped == [] and kept == ats[3:]
        assert list(db.session.scalars(select(EventClientId.client_id))) == ["new"]
        assert event_retention(now) == []  # once a day
        assert db.session.scalar(select(func.count()).select_from(Event)) == len(kept)
    finally:
        app.config["EVENT_RETENTION_DAYS"] = 400
