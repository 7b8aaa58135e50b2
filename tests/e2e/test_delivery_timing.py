"""Delivery timing in the browser (SPEC §8): an admin sets the workspace settings on the
Settings page, gives a journey a send window in the journey settings, publishes it, and an
account in Berlin that arrives outside the window shows its email step held until the window
opens, in Berlin time, on the account's timeline."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, open_account, screenshot

DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def draft_journey(api, sfx: str) -> dict:
    api.post("/api/templates", {"key": f"hi-{sfx}", "subject": "Hi {{ account.name }}", "body": "Hello"})
    api.post("/api/segments", {"key": f"seg-{sfx}", "name": f"Segment {sfx}",
                               "rule": {"all": [{"property": "account.stage", "op": "eq", "value": sfx}]}})
    graph = {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "config": {"segments": [f"seg-{sfx}"], "reenroll": {"mode": "never"},
                                                     "enroll_existing": False}},
        {"id": "hello", "type": "action", "label": "Hello email",
         "config": {"action": "send_email", "template": f"hi-{sfx}", "to": {"contacts": "all"}}},
        {"id": "done", "type": "end"}],
        "edges": [{"source": "start", "target": "hello"}, {"source": "hello", "target": "done"}]}
    return api.post("/api/journeys", {"key": f"window-{sfx}", "name": f"Window {sfx}", "graph": graph})


@pytest.mark.expected_console_errors("422")  # the bad time zone is refused, on purpose
def test_a_send_window_set_in_the_designer_holds_the_email_on_the_timeline(served, api, page, admin_password):
    sfx = uuid.uuid4().hex[:8]
    journey = draft_journey(api, sfx)
    # the window opens only on the day after tomorrow (Berlin time): now is surely outside it
    opens = datetime.now(ZoneInfo("Europe/Berlin")) + timedelta(days=2)
    day = DAYS[opens.weekday()]

    log_in(page, served.base_url, admin_password)
    page.get_by_role("navigation").get_by_role("link", name="Settings").click()
    form = page.get_by_role("form", name="Workspace settings")
    form.get_by_label("Default time zone of accounts").fill("Mars/Olympus")
    form.get_by_role("button", name="Save settings").click()
    expect(form.get_by_role("alert")).to_have_text("Not saved: Check “Default time zone of accounts” below.")
    expect(form.get_by_role("note")).to_contain_text("not an IANA time zone name")
    form.get_by_label("Default time zone of accounts").fill("America/New_York")
    form.get_by_label("Emails", exact=True).fill("5")
    form.get_by_role("button", name="Save settings").click()
    expect(form.get_by_text("Saved.")).to_be_visible()
    screenshot(page, "settings-page")
    assert api.get("/api/settings")["frequency_cap"] == {"emails": 5, "per_days": 7}

    page.goto(f"{served.base_url}/journeys/{journey['id']}")
    inspector = page.get_by_role("complementary", name="Inspector")
    expect(inspector.get_by_role("heading", name="Journey settings")).to_be_visible()
    inspector.get_by_label("Only send emails and create tasks inside a send window").check()
    window = inspector.get_by_role("group", name="Send window")
    for label in DAYS:
        box = window.get_by_label(label, exact=True)
        if (label == day) != box.is_checked():
            box.click()
    expect(window).to_contain_text(f"Emails and tasks go {day} from 09:00 to 17:00, in each account's time zone")
    page.get_by_role("button", name="Save", exact=True).click()
    publish = page.get_by_role("button", name="Publish", exact=True)
    expect(publish).to_be_enabled(timeout=10_000)
    publish.click()
    page.get_by_role("group", name="Publish the draft as version 1?").get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published version 1.")).to_be_visible()
    page.get_by_role("button", name="Enable", exact=True).click()
    page.get_by_role("group", name="Start enrolling accounts into version 1?") \
        .get_by_role("button", name="Enable").click()
    expect(page.get_by_test_id("journey-status")).to_have_text("live")
    screenshot(page, "editor-send-window")
    version = api.get(f"/api/journeys/{journey['id']}")
    assert version["graph"]["settings"]["send_window"]["days"] == [day.lower()]

    external_id = f"berlin-{sfx}"
    api.put(f"/api/accounts/{external_id}", {
        "name": f"Berlin {sfx}", "stage": sfx, "timezone": "Europe/Berlin",
        "contacts": [{"name": "Ana", "email": f"ana@{sfx}.example.com", "role": "admin"}]})
    walked = api.wait_for(f"/api/accounts/{external_id}/journeys",
                          lambda r: any(s["outcome"] == "held" for e in r["enrollments"] for s in e["steps"]),
                          what="the email step held for the send window")
    held = walked["enrollments"][0]["steps"][-1]["detail"]
    assert (held["local"], held["timezone"]) == (f"{day} 09:00", "Europe/Berlin")

    page.get_by_role("navigation").get_by_role("link", name="Accounts", exact=True).click()
    open_account(page, f"berlin {sfx}", f"Berlin {sfx}")
    step = page.locator(".enrollment ol.steps > li").filter(has_text="Hello email")
    expect(step.locator(".step-summary")).to_contain_text(
        f"Held until {day} 09:00 (Europe/Berlin): outside the send window")
    screenshot(page, "timeline-held-for-send-window")
    api.put("/api/settings", {"default_timezone": "UTC", "frequency_cap": {"emails": 3, "per_days": 7}})
