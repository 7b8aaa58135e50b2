"""Dates read the same on every page (frontend/src/components/dates.js): a calendar date as
"8 Dec 2026", a moment as "8 Dec 2026, 07:14" in the viewer's time zone with the moment in UTC
in its title — whatever the browser's language (en-US here, whose own style is "12/8/2026, 7:14 AM").
"""
from __future__ import annotations

import uuid
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, open_account, screenshot, watched_page
from tests.e2e.test_support_view import live_journey

ZONE = "America/Los_Angeles"  # not the server's UTC: a moment shown in UTC would read 8 hours off
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def day_words(iso_day: str) -> str:
    day = date.fromisoformat(iso_day)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def moment_words(iso: str) -> str:
    moment = datetime.fromisoformat(iso).astimezone(ZoneInfo(ZONE))
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}, {moment:%H:%M}"


def moment_title(iso: str) -> str:
    utc = datetime.fromisoformat(iso).astimezone(timezone.utc)
    return f"{utc:%Y-%m-%dT%H:%M:%S}Z (UTC) · shown in your time zone, {ZONE}"


@pytest.fixture()
def zoned_page(browser):
    """A page whose browser is in ZONE and speaks American English; fails on a console error."""
    yield from watched_page(browser, timezone_id=ZONE, locale="en-US")


def test_the_same_moment_and_day_read_the_same_on_every_page(served, api, zoned_page, admin_password):
    page = zoned_page
    sfx = uuid.uuid4().hex[:8]
    live_journey(api, sfx)
    external_id = f"dates-{sfx}"
    api.put(f"/api/accounts/{external_id}", {   # a small account: the journey makes it a task, due tomorrow
        "name": f"Dates {sfx}", "stage": sfx, "mrr": 10,
        "contacts": [{"name": "Ana", "email": f"ana@{sfx}.example.com", "role": "admin"}]})
    walked = api.wait_for(f"/api/accounts/{external_id}/journeys",
                          lambda r: any(e["status"] == "completed" for e in r["enrollments"]),
                          what="the engine walking the account")
    [enrollment] = walked["enrollments"]
    [email] = api.get(f"/api/outbox?account={external_id}")["items"]
    [task] = api.get(f"/api/tasks?account={external_id}")["items"]
    [created] = api.get(f"/api/audit?object=account:{external_id}")["items"]
    sent = email["sent_at"] or email["created_at"]

    log_in(page, served.base_url, admin_password)

    # Outbox: created (and sent) as moments, the zone said under the list
    page.goto(f"{served.base_url}/outbox")
    row = page.get_by_role("table", name="Emails").locator("tr").filter(has_text=f"Hello Dates {sfx}")
    cells = row.locator("td")
    expect(cells.nth(7)).to_have_text(moment_words(email["created_at"]))
    expect(cells.nth(7).locator("time")).to_have_attribute("title", moment_title(email["created_at"]))
    expect(page.get_by_text(f"Times are in your time zone ({ZONE})")).to_be_visible()
    screenshot(page, "dates-outbox")

    # Tasks: the due date as a calendar date
    page.goto(f"{served.base_url}/tasks")
    task_row = page.get_by_role("table", name="Tasks").locator("tr").filter(has_text=f"Call Dates {sfx}")
    expect(task_row.locator("td").nth(4)).to_have_text(day_words(task["due_on"]))

    # Audit log: the account's creation at its moment
    page.goto(f"{served.base_url}/audit")
    audit_row = page.get_by_role("table", name="Audit log").locator("tr").filter(has_text=f"Account {external_id}")
    expect(audit_row.locator("td").first).to_have_text(moment_words(created["at"]))
    expect(audit_row.locator("td time").first).to_have_attribute("title", moment_title(created["at"]))
    screenshot(page, "dates-audit")

    # The account's timeline: the same moments and day, in the same words
    page.goto(f"{served.base_url}/accounts")
    open_account(page, external_id, f"Dates {sfx}")
    card = page.locator(".enrollment")
    expect(card).to_contain_text(f"Enrolled {moment_words(enrollment['enrolled_at'])}")
    first_step = card.locator("ol.steps > li").first
    expect(first_step.locator("time")).to_have_text(moment_words(enrollment["steps"][0]["at"]))
    task_summary = card.locator("ol.steps > li").filter(has_text="Call them").locator(".step-summary")
    expect(task_summary).to_contain_text(f"due {day_words(task['due_on'])}")
    emails = page.get_by_role("region", name="Emails")
    expect(emails.locator("tr").filter(has_text=f"Hello Dates {sfx}").locator("td").nth(3)).to_have_text(moment_words(sent))
    tasks = page.get_by_role("region", name="Tasks")
    expect(tasks.locator("tr").filter(has_text=f"Call Dates {sfx}").locator("td").nth(3)).to_have_text(day_words(task["due_on"]))  # after the journey and the assignee
    expect(page.get_by_text(f"Times are in your time zone ({ZONE})")).to_be_visible()
    screenshot(page, "dates-account-timeline")
