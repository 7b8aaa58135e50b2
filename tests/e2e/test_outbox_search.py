"""Support answers "did X get the email?" in the Outbox: a search by recipient address or account
(server-side), a journey filter, and a count of every match ("Showing 1–N of M")."""
from __future__ import annotations

import uuid

from playwright.sync_api import expect

from tests.e2e.conftest import log_in, screenshot


def test_find_an_email_by_recipient_or_account(served, api, page, admin_password):
    sfx = uuid.uuid4().hex[:8]
    api.post("/api/templates", {"key": f"hi-{sfx}", "subject": f"Hi {sfx}", "body": "Hello {{ contact.name }}"})
    api.post("/api/segments", {"key": f"ob-{sfx}", "name": f"Outbox {sfx}",
                               "rule": {"all": [{"property": "account.stage", "op": "eq", "value": sfx}]}})
    graph = {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "config": {"segments": [f"ob-{sfx}"], "reenroll": {"mode": "never"},
                                                     "enroll_existing": True}},
        {"id": "hello", "type": "action", "label": "Hello", "config": {"action": "send_email", "template": f"hi-{sfx}",
                                                                      "to": {"contacts": "all"}}},
        {"id": "done", "type": "end"}],
        "edges": [{"source": "start", "target": "hello"}, {"source": "hello", "target": "done"}]}
    made = api.post("/api/journeys", {"key": f"ob-{sfx}", "name": f"Outbox journey {sfx}", "graph": graph})
    for name in ("Alder", "Beech"):
        api.put(f"/api/accounts/{name.lower()}-{sfx}", {"name": f"{name} {sfx}", "stage": sfx, "contacts": [
            {"name": "Ana", "email": f"ana.{name.lower()}@{sfx}.example.com"},
            {"name": "Bo", "email": f"bo.{name.lower()}@{sfx}.example.com"}]})
    api.post(f"/api/journeys/{made['id']}/publish")
    api.post(f"/api/journeys/{made['id']}/enable")
    api.wait_for(f"/api/outbox?journey={made['id']}", lambda r: r["total"] == 4, what="four emails kept")

    log_in(page, served.base_url, admin_password)
    page.get_by_role("navigation").get_by_role("link", name="Outbox").click()
    expect(page.get_by_role("navigation", name="Email pages")).to_contain_text("Showing 1–")
    page.get_by_label("Find (recipient address or account)").fill(f"ana.beech@{sfx}")
    table = page.get_by_role("table", name="Emails")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table.locator("tbody tr")).to_contain_text(f"ana.beech@{sfx}.example.com")
    expect(page.get_by_role("navigation", name="Email pages")).to_have_text("Showing 1–1 of 1")
    page.get_by_label("Find (recipient address or account)").fill(f"Alder {sfx}")   # by account name
    expect(table.locator("tbody tr")).to_have_count(2)
    page.get_by_label("Journey").select_option(label=f"Outbox journey {sfx}")
    expect(page.get_by_role("navigation", name="Email pages")).to_have_text("Showing 1–2 of 2")
    screenshot(page, "outbox-search")
    page.get_by_label("Find (recipient address or account)").fill(f"nobody@{sfx}")
    expect(page.get_by_text(f"No email matches “nobody@{sfx}” with these filters.")).to_be_visible()
