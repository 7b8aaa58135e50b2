"""The support view: an account's timeline shows the steps the engine walked it through."""
from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from tests.e2e.conftest import log_in, open_account, screenshot


def live_journey(api, sfx: str) -> dict:
    """entry → welcome email → "MRR over 1,000?" → yes: end / no: a task; published and enabled."""
    api.post("/api/templates", {"key": f"hello-{sfx}", "subject": "Hello {{ account.name }}",
                                "body": "Hi {{ contact.name }}"})
    api.post("/api/segments", {"key": f"seg-{sfx}", "name": f"Segment {sfx}",
                               "rule": {"all": [{"property": "account.stage", "op": "eq", "value": sfx}]}})
    graph = {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "label": "Joins the segment",
         "config": {"segments": [f"seg-{sfx}"], "reenroll": {"mode": "never"}, "enroll_existing": False}},
        {"id": "hello", "type": "action", "label": "Hello email",
         "config": {"action": "send_email", "template": f"hello-{sfx}", "to": {"contacts": "all"}}},
        {"id": "big", "type": "condition", "label": "Big account?",
         "config": {"rule": {"all": [{"property": "account.mrr", "op": "gt", "value": 1000}]}}},
        {"id": "vip", "type": "end", "label": "VIP"},
        {"id": "call", "type": "action", "label": "Call them",
         "config": {"action": "create_task", "title": "Call {{ account.name }}", "assignee": "csm",
                    "due_in_days": 1, "priority": "low"}},
    ], "edges": [{"source": "start", "target": "hello"}, {"source": "hello", "target": "big"},
                 {"source": "big", "target": "vip", "branch": "yes"},
                 {"source": "big", "target": "call", "branch": "no"}]}
    journey = api.post("/api/journeys", {"key": f"support-{sfx}", "name": f"Support {sfx}", "graph": graph})
    api.post(f"/api/journeys/{journey['id']}/publish")
    api.post(f"/api/journeys/{journey['id']}/enable")
    return journey


def test_account_timeline_shows_the_steps_it_took(served, api, page, admin_password):
    sfx = uuid.uuid4().hex[:8]
    journey = live_journey(api, sfx)
    external_id = f"acme-{sfx}"
    api.put(f"/api/accounts/{external_id}", {
        "name": f"Acme {sfx}", "stage": sfx, "mrr": 5000,
        "contacts": [{"name": "Ana", "email": f"ana@{sfx}.example.com", "role": "admin"}],
        "subscriptions": [{"product_name": "Journeys Cloud", "plan_name": "Starter", "status": "active", "mrr": 1421,
                           "amount": 17052, "plan_quantity": 29, "plan_unit_price": 49, "starts_on": "2026-11-25",
                           "activated_on": "2026-11-25", "created_on": "2026-11-25", "next_billing_on": "2027-01-12"}]})
    walked = api.wait_for(f"/api/accounts/{external_id}/journeys",
                          lambda r: any(e["status"] == "completed" for e in r["enrollments"]),
                          what="the engine walking the account")
    [enrollment] = walked["enrollments"]
    assert enrollment["journey_id"] == journey["id"]
    assert [s["node_id"] for s in enrollment["steps"]][-3:] == ["hello", "big", "vip"]

    log_in(page, served.base_url, admin_password)
    page.get_by_role("navigation").get_by_role("link", name="Accounts", exact=True).click()
    open_account(page, f"acme {sfx}", f"Acme {sfx}")
    # every field of its subscription shows, none cut off at the card's edge (11 columns)
    subscriptions = page.get_by_test_id("account-subscriptions")
    expect(subscriptions.get_by_role("columnheader", name="Next billing date")).to_be_visible()
    assert subscriptions.evaluate("e => e.scrollWidth <= e.clientWidth"), "the subscriptions table is cut off"
    card = page.locator(".enrollment")
    expect(card).to_contain_text(f"Support {sfx}")
    expect(card).to_contain_text("Completed")
    steps = card.locator("ol.steps > li")
    expect(steps.filter(has_text="Hello email")).to_have_count(1)
    expect(steps.filter(has_text="Big account?")).to_contain_text("yes")
    expect(steps.filter(has_text="VIP")).to_have_count(1)
    # Action steps read as a sentence, not as the raw effect/result rows (those stay under "Details").
    hello = steps.filter(has_text="Hello email")
    expect(hello.locator(".step-summary")).to_have_text(
        re.compile(rf"^Kept in the outbox “Hello {sfx}” to ana@{sfx}\.example\.com from journeys@localhost "
                   r"\(outbox #\d+ · not emailed: no mail server is set up\)$"))  # the e2e server has no SMTP
    raw = hello.locator("details.step-raw")
    expect(raw.locator("dl")).not_to_be_visible()
    raw.get_by_text("Details").click()
    expect(raw.locator("dl")).to_contain_text(f"Hello {sfx}")   # the template by name (its key in words), not its key
    expect(raw.locator("dl")).to_contain_text("All contacts")
    raw.get_by_text("Details").click()
    expect(steps.filter(has_text="Joins the segment").locator(".step-summary")).to_have_text(f"Entered via segment Segment {sfx}")
    expect(page.get_by_role("region", name="Emails")).to_contain_text(f"Hello Acme {sfx}")
    screenshot(page, "support-account-timeline")


def test_a_failed_enrollment_is_found_from_the_journeys_list_and_retried(served, api, page, admin_password):
    """An action that fails for one account's data (a task title dividing by its MRR of 0) shows
    in the journeys list, on the canvas at its step and in the Live view, where Retry resumes it
    once the data is fixed."""
    sfx = uuid.uuid4().hex[:8]
    api.post("/api/segments", {"key": f"fail-{sfx}", "name": f"Failing {sfx}",
                               "rule": {"all": [{"property": "account.stage", "op": "eq", "value": sfx}]}})
    graph = {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "ui": {"x": 0, "y": 0},
         "config": {"segments": [f"fail-{sfx}"], "reenroll": {"mode": "never"}, "enroll_existing": False}},
        {"id": "ratio", "type": "action", "label": "Ratio task", "ui": {"x": 0, "y": 160},
         "config": {"action": "create_task", "title": "Per dollar: {{ 100 / account.mrr }}", "assignee": "csm",
                    "due_in_days": 1, "priority": "low"}},
        {"id": "done", "type": "end", "ui": {"x": 0, "y": 320}}],
        "edges": [{"source": "start", "target": "ratio"}, {"source": "ratio", "target": "done"}]}
    journey = api.post("/api/journeys", {"key": f"failing-{sfx}", "name": f"Failing {sfx}", "graph": graph})
    api.post(f"/api/journeys/{journey['id']}/publish")
    api.post(f"/api/journeys/{journey['id']}/enable")
    external_id = f"zero-{sfx}"
    api.put(f"/api/accounts/{external_id}", {"name": f"Zero {sfx}", "stage": sfx, "mrr": 0})
    api.wait_for(f"/api/accounts/{external_id}/journeys",
                 lambda r: any(e["status"] == "failed" for e in r["enrollments"]), what="the action failing")

    log_in(page, served.base_url, admin_password)
    row = page.get_by_test_id(f"journey-row-failing-{sfx}")
    failed = row.locator("a.error")
    expect(failed).to_have_text("1")
    expect(failed).to_have_attribute("href", f"/journeys/{journey['id']}?tab=live")
    failed.click()
    listed = page.get_by_label("Failed enrollments")
    expect(listed).to_contain_text(f"Zero {sfx}")
    expect(listed).to_contain_text("Ratio task")
    expect(listed).to_contain_text("division by zero")
    expect(page.locator(".react-flow__node", has_text="Ratio task")).to_contain_text("1 failed")
    expect(listed).to_contain_text("failed ")  # when, under the name
    expect(listed.get_by_role("link", name="its path")).to_be_visible()
    # the list keeps to the side panel: Retry is in view, not pushed past its right edge
    panel, retry = page.locator(".side-panel").bounding_box(), listed.get_by_role("button", name="Retry").bounding_box()
    assert retry["x"] + retry["width"] <= panel["x"] + panel["width"], "Retry is cut off at the panel's edge"
    screenshot(page, "live-failed-enrollments")

    api.call("PATCH", f"/api/accounts/{external_id}", {"mrr": 50})
    listed.get_by_role("button", name="Retry").click()
    expect(page.get_by_label("Failed enrollments")).to_have_count(0)
    done = api.wait_for(f"/api/accounts/{external_id}/journeys",
                        lambda r: any(e["status"] == "completed" for e in r["enrollments"]),
                        what="the retried enrollment finishing")
    assert [s["node_id"] for s in done["enrollments"][0]["steps"]][-2:] == ["ratio", "done"]


def test_the_account_page_says_why_it_is_not_in_a_journey_of_its_segment(served, api, page, admin_password):
    """Support asks "why isn't it in that journey?": the account completed a journey that
    enrolls once, left its segment and came back; its page says it was enrolled before and
    the journey enrolls an account only once, with the journey linked."""
    sfx = uuid.uuid4().hex[:8]
    journey = live_journey(api, sfx)
    external_id = f"back-{sfx}"
    api.put(f"/api/accounts/{external_id}", {"name": f"Back {sfx}", "stage": sfx, "mrr": 5000, "contacts": []})
    api.wait_for(f"/api/accounts/{external_id}/journeys",
                 lambda r: any(e["status"] == "completed" for e in r["enrollments"]), what="the first walk")
    api.call("PATCH", f"/api/accounts/{external_id}", {"stage": "elsewhere"})
    api.call("PATCH", f"/api/accounts/{external_id}", {"stage": sfx})
    checks = api.wait_for(f"/api/accounts/{external_id}/entry-checks", lambda r: r["items"],
                          what="the account back in the segment")
    assert [c["code"] for c in checks["items"]] == ["reenroll_never"]

    log_in(page, served.base_url, admin_password)
    page.goto(f"{served.base_url}/accounts/{external_id}")
    section = page.get_by_test_id("entry-checks")
    expect(section).to_contain_text(f"Support {sfx}")
    expect(section).to_contain_text("this journey enrolls an account only once")
    expect(page.get_by_label("Account")).to_contain_text("none — emails to contacts are skipped")
    hello = page.locator(".enrollment ol.steps > li").filter(has_text="Hello email")
    expect(hello).to_contain_text("skipped")  # no contact: the email went to no one
    screenshot(page, "account-not-in-journey")
    section.get_by_role("link", name=f"Support {sfx}").click()
    expect(page).to_have_url(re.compile(f"/journeys/{journey['id']}"))


def test_support_sees_a_read_only_canvas_said_once(served, api, page):
    """A support user's canvas has no editing controls and no save state; the toolbar says once
    that it is read-only. Looking (Fit view, the tabs) still works."""
    sfx = uuid.uuid4().hex[:8]
    journey = live_journey(api, sfx)
    api.post("/api/users", {"email": f"helpdesk-{sfx}@example.com", "name": f"Helpdesk {sfx}", "role": "support",
                            "password": f"pw-{sfx}-long"})
    log_in(page, served.base_url, f"pw-{sfx}-long", email=f"helpdesk-{sfx}@example.com")
    page.goto(f"{served.base_url}/journeys/{journey['id']}")
    tools = page.get_by_role("toolbar", name="Journey tools")
    expect(tools.get_by_role("button", name="Fit view")).to_be_visible()
    expect(page.get_by_text("Read-only: you can look, not change")).to_have_count(1)
    for name in ("Undo", "Redo", "Auto-layout", "Save", "Publish"):
        expect(tools.get_by_role("button", name=name, exact=True)).to_have_count(0)
    expect(page.get_by_test_id("save-state")).to_have_count(0)
    expect(page.get_by_text("All changes saved")).to_have_count(0)
    screenshot(page, "support-read-only-canvas")


def test_a_csm_starts_on_their_own_accounts(served, api, page):
    """The Accounts page starts a CSM on "Mine" (csm=me in the URL, to share); "Any CSM" lists
    every account."""
    sfx = uuid.uuid4().hex[:8]
    email = f"csm-{sfx}@example.com"
    api.post("/api/users", {"email": email, "name": f"Casey {sfx}", "role": "csm", "password": f"pw-{sfx}-long"})
    api.put(f"/api/accounts/mine-{sfx}", {"name": f"Mine {sfx}", "csm": email})
    api.put(f"/api/accounts/theirs-{sfx}", {"name": f"Theirs {sfx}"})
    log_in(page, served.base_url, f"pw-{sfx}-long", email=email)
    page.get_by_role("navigation").get_by_role("link", name="Accounts", exact=True).click()
    expect(page).to_have_url(re.compile(r"/accounts\?csm=me$"))
    expect(page.get_by_label("CSM")).to_have_value("me")
    table = page.get_by_role("table", name="Accounts")
    expect(table.get_by_role("row")).to_have_count(2)  # the header and the one account
    expect(table).to_contain_text(f"Mine {sfx}")
    screenshot(page, "accounts-mine")
    page.get_by_label("CSM").select_option(label="Any CSM")
    expect(page).to_have_url(re.compile(r"csm=any"))
    page.get_by_label("Find an account (name or external id)").fill(sfx)
    expect(table).to_contain_text(f"Theirs {sfx}")
