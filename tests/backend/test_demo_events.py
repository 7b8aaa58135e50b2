"""The demo workspace's product events and its event-driven journey (SPEC §7)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from backend.demo import seed_demo
from backend.demo_data import demo_accounts
from backend.demo_events import demo_events
from backend.extensions import db
from backend.models.accounts import Account
from backend.models.events import Event
from backend.models.journeys import Journey


def test_demo_events_cover_the_accounts_over_30_days():
    now = datetime(2026, 11, 30, 12, tzinfo=timezone.utc)
    rows = demo_accounts(now.date())
    events = demo_events(rows, now)
    assert events == demo_events(rows, now)  # the same every time
    names = {e["name"] for e in events}
    assert names == {"login", "feature.used", "report.exported", "trial_started"}
    ats = [datetime.fromisoformat(e["at"]) for e in events]
    assert min(ats) >= now - timedelta(days=30) and max(ats) <= now
    active = {e["account"] for e in events if e["name"] == "login"}
    assert len(active) >= 150  # nearly every account logs in
    trials = {e["account"] for e in events if e["name"] == "trial_started"}
    assert trials == {r["external_id"] for r in rows if r["stage"] == "new"}


def test_seed_stores_them_and_the_trial_journey_enters_on_an_event(app_ctx):
    seed_demo(True)
    assert db.session.scalar(select(func.count()).select_from(Event)) > 2000
    assert db.session.scalar(select(func.count(func.distinct(Event.account_id)))) >= 150
    journey = db.session.scalars(select(Journey).where(Journey.key == "trial-first-export")).one()
    entry = next(n for n in journey.draft_graph["nodes"] if n["type"] == "entry")
    wait = next(n for n in journey.draft_graph["nodes"] if n["id"] == "export")
    assert entry["config"]["events"] == [{"name": "trial_started"}]
    assert wait["config"]["until_event"]["name"] == "report.exported"
    assert db.session.scalar(select(func.count()).select_from(Account)) == 200
