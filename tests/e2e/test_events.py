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


def test_a_journey_that_enters_on_an_event_and_waits_for_another(served, api, page, admin_password):
    """Entry and wait forms for events, the canvas's branch names, simulate with an event on a
    day, and the timeline's 'Entered via event …' after a real event enrolls the account."""
    tag = uuid.uuid4().hex[:8]
    started, exported = f"e2e.{tag}.trial_started", f"e2e.{tag}.report.exported"
    api.put(f"/api/accounts/{tag}", {"name": f"Cedar {tag}", "stage": tag})
    api.post("/api/events", {"events": [{"account": f"{tag}", "name": exported, "properties": {"rows": 3}}]})
    graph = {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "label": "Trial starts", "ui": {"x": 0, "y": 0},
         "config": {"events": [{"name": started}], "reenroll": {"mode": "never"}, "enroll_existing": False}},
        {"id": "wait", "type": "wait", "label": "Until an export", "ui": {"x": 0, "y": 150},
         "config": {"until_event": {"name": exported, "timeout": {"days": 7}}}},
        {"id": "done", "type": "end", "label": "Done", "ui": {"x": 0, "y": 300}},
        {"id": "exit", "type": "exit", "label": "Exit rules", "ui": {"x": 300, "y": 0},
         "config": {"on_goal": "complete", "on_enroll_unenroll_from": {"mode": "none"},
                    "on_segment_exit": "nothing", "blacklist": None}}],
        "edges": [{"source": "start", "target": "wait"}, {"source": "wait", "target": "done", "branch": "met"},
                  {"source": "wait", "target": "done", "branch": "timeout"}]}
    created = api.post("/api/journeys", {"key": f"trial-{tag}", "name": f"Trial {tag}", "graph": graph})

    log_in(page, served.base_url, admin_password)
    page.goto(f"{served.base_url}/journeys/{created['id']}")
    page.get_by_text("Trial starts").click()
    expect(page.get_by_label("Entry event 1")).to_have_value(started)
    page.get_by_text("Until an export").click()
    expect(page.get_by_label("Event to wait for")).to_have_value(exported)
    expect(page.get_by_label("Output Happened")).to_be_visible()  # not "Rule met": it waits for an event

    page.get_by_text("Simulate", exact=True).click()
    panel = page.locator("section[aria-label=Simulate]")
    panel.get_by_label("Find an account by name").fill(f"Cedar {tag}")
    panel.get_by_text(f"Cedar {tag}").first.click()
    panel.get_by_role("button", name="+ Change").click()
    page.get_by_label("Change 1: what changes").select_option(label="Does something (a product event)")
    page.get_by_label("Change 1: day").fill("2")
    page.get_by_label("Change 1: event", exact=True).fill(exported)
    page.get_by_label("Change 1: event properties").fill("rows: 40")
    panel.get_by_role("button", name="Run simulation").click()
    expect(panel).to_contain_text(f"Event {exported} happened")
    screenshot(page, "events-simulate-with-an-event")

    api.post(f"/api/journeys/{created['id']}/publish", {})
    api.post(f"/api/journeys/{created['id']}/enable")
    api.post("/api/events", {"events": [{"account": tag, "name": started}]})
    # The enrollment is committed before its first walk: a page opened between the two shows it
    # with no steps yet (and does not refresh), so wait for the walk, as a person would reload.
    api.wait_for(f"/api/accounts/{tag}/journeys", lambda answer: any(
        e["steps"] for e in answer["enrollments"]), what="the event's enrollment walked")
    page.goto(f"{served.base_url}/accounts/{tag}")
    expect(page.get_by_text(f"Entered via event {started}")).to_be_visible(timeout=15_000)
    screenshot(page, "events-entered-via-event")
