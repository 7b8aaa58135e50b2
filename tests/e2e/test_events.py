"""Product events in the designer (SPEC §7): a segment built on an event count with a window and
a property filter, counted live; the account's timeline lists its recent events."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

from playwright.sync_api import expect

from tests.e2e.conftest import log_in, screenshot


def test_build_an_event_rule_and_see_the_timelines_events(served, api, page, admin_password):
    tag = uuid.uuid4().hex[:8]
    event = f"e2e.{tag}.login"
    for i, name in enumerate(("Alder", "Beech")):
        api.put(f"/api/accounts/{tag}-{i}", {"name": f"{name} {tag}", "stage": tag})
    now = datetime.now(timezone.utc)
    events = [{"account": f"{tag}-0", "name": event, "at": (now - timedelta(days=d)).isoformat(),
               "properties": {"plan": "Pro"}} for d in (1, 2, 3, 20)]
    events += [{"account": f"{tag}-1", "name": event, "at": (now - timedelta(days=d)).isoformat(),
                "properties": {"plan": "free"}} for d in (1, 2, 3)]
    result = api.post("/api/events", {"events": events})
    assert result["accepted"] == 7 and result["errors"] == []

    log_in(page, served.base_url, admin_password)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Catalog").click()
    page.get_by_role("navigation", name="Catalog").get_by_role("link", name="Segments", exact=True).click()
    page.get_by_role("link", name="New segment").click()
    page.get_by_label("Name", exact=True).fill(f"Active {tag}")
    page.get_by_role("button", name="+ Condition").click()
    page.get_by_label("Condition 1: property").select_option(label=f"{event}: how many times")
    page.get_by_label("Condition 1: operator").select_option(label="is at least")
    page.get_by_label("Condition 1: value").fill("3")
    expect(page.get_by_test_id("segment-count")).to_have_text("2 accounts match")
    page.get_by_label("Condition 1: window in days (empty = all kept history)").fill("7")
    expect(page.get_by_test_id("segment-count")).to_have_text("2 accounts match")
    page.get_by_role("button", name="+ Property filter").click()
    page.get_by_label("Condition 1: filter 1: value").fill("pro")
    expect(page.get_by_test_id("segment-count")).to_have_text("1 account matches")
    expect(page.locator(".rule-words")).to_contain_text(
        f"the number of {event} events in the last 7 days is at least 3 (where plan is “pro”)")
    screenshot(page, "events-rule-builder")
    page.get_by_role("button", name="Create segment").click()
    row = page.get_by_role("table", name="Segments").get_by_role("row").filter(has_text=f"Active {tag}")
    expect(row).to_contain_text("1 account")
    assert api.get(f"/api/segments/active-{tag}")["accounts"] == 1

    page.goto(f"{served.base_url}/accounts/{tag}-0")
    table = page.get_by_test_id("account-events")
    expect(table.get_by_role("row")).to_have_count(5)  # a header and four events, newest first
    expect(table.get_by_role("row").nth(1)).to_contain_text(event)
    expect(table.get_by_role("row").nth(1)).to_contain_text("plan: Pro")
    screenshot(page, "events-account-timeline")
