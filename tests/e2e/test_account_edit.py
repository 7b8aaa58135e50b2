"""Editing an account on its page: an admin changes a standard field and a custom attribute and
ticks a milestone, the account's journey reacts (its goal is met at once), and the values stay
after a reload; a CSM adds a contact and removes one (the unsubscribed one marked so), changes a
subscription, saves, and sees them on the card and in the API; a support user sees no Edit button.

The edit form's screenshots go to test-artifacts/screenshots/account-edit.png and
account-contacts.png (copies are kept in docs/screenshots/ for the README)."""
from __future__ import annotations

import uuid

from playwright.sync_api import expect

from tests.e2e.conftest import log_in, open_account, screenshot


def account_in_a_journey(api, sfx: str) -> str:
    """An account waiting in a live journey whose goal is a custom NPS of 9 or more."""
    api.post("/api/attributes", {"key": f"nps_{sfx}", "label": f"NPS {sfx}", "type": "number"})
    api.post("/api/milestones", {"key": f"kickoff-{sfx}", "name": f"Kick-off held {sfx}"})
    api.post("/api/segments", {"key": f"edit-{sfx}", "name": f"Edit {sfx}",
                               "rule": {"all": [{"property": "account.stage", "op": "eq", "value": sfx}]}})
    graph = {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "ui": {"x": 0, "y": 0},
         "config": {"segments": [f"edit-{sfx}"], "reenroll": {"mode": "never"}, "enroll_existing": False}},
        {"id": "wait", "type": "wait", "label": "Ten days", "ui": {"x": 0, "y": 150}, "config": {"for": {"days": 10}}},
        {"id": "goal", "type": "goal", "label": "Promoter", "ui": {"x": 300, "y": 0},
         "config": {"rule": {"all": [{"property": f"custom.nps_{sfx}", "op": "gte", "value": 9}]}}},
    ], "edges": [{"source": "start", "target": "wait"}]}
    journey = api.post("/api/journeys", {"key": f"edit-{sfx}", "name": f"Promoters {sfx}", "graph": graph})
    api.post(f"/api/journeys/{journey['id']}/publish")
    api.post(f"/api/journeys/{journey['id']}/enable")
    external_id = f"edit-{sfx}"
    api.put(f"/api/accounts/{external_id}", {"name": f"Edited {sfx}", "stage": sfx, "mrr": 500,
                                             "custom": {f"nps_{sfx}": 3}})
    api.wait_for(f"/api/accounts/{external_id}/journeys",
                 lambda r: any(e["status"] == "active" for e in r["enrollments"]), what="the account enrolled")
    return external_id


def test_an_admin_edits_an_account_and_its_journey_reacts(served, api, page, admin_password):
    sfx = uuid.uuid4().hex[:8]
    external_id = account_in_a_journey(api, sfx)

    log_in(page, served.base_url, admin_password)
    page.get_by_role("navigation").get_by_role("link", name="Accounts", exact=True).click()
    open_account(page, f"edited {sfx}", f"Edited {sfx}")
    enrollment = page.locator(".enrollment")
    expect(enrollment).to_contain_text("Active")
    page.get_by_role("region", name="Account").get_by_role("button", name="Edit").click()
    form = page.get_by_role("form", name="Edit account")
    mrr = form.get_by_label("MRR")
    expect(mrr).to_have_value("500")
    mrr.fill("")
    mrr.press_sequentially("-2500")  # the minus key is not taken: MRR cannot be negative
    expect(mrr).to_have_value("2500")
    nps = form.get_by_label(f"NPS {sfx}")
    expect(nps).to_have_value("3")
    nps.fill("9")
    form.get_by_role("group", name="Milestones met").get_by_label(f"Kick-off held {sfx}").check()
    screenshot(page, "account-edit")
    form.get_by_role("button", name="Save").click()

    expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
    card = page.get_by_role("region", name="Account")
    expect(card).to_contain_text("2,500")
    expect(card.locator("dt", has_text=f"NPS {sfx}").locator("xpath=following-sibling::dd[1]")).to_have_text("9")
    # The goal is checked at once (by the worker, a moment after the save): the timeline follows.
    expect(enrollment).to_contain_text("Left: goal achieved", timeout=15_000)

    page.reload()
    card = page.get_by_role("region", name="Account")
    expect(card.locator("dt", has_text="MRR").locator("xpath=following-sibling::dd[1]")).to_have_text("2,500")
    expect(card.locator("dt", has_text=f"NPS {sfx}").locator("xpath=following-sibling::dd[1]")).to_have_text("9")
    expect(card.locator("dt", has_text="Milestones met").locator("xpath=following-sibling::dd[1]")).to_have_text(
        f"Kick-off held {sfx}")
    account = api.get(f"/api/accounts/{external_id}")
    assert (account["mrr"], account["custom"][f"nps_{sfx}"], account["stage"], account["milestones"]) == (
        2500, 9, sfx, [f"kickoff-{sfx}"])


def test_a_csm_adds_a_contact_and_sees_it_on_the_card(served, api, page):
    sfx = uuid.uuid4().hex[:8]
    external_id = f"people-{sfx}"
    api.put(f"/api/accounts/{external_id}", {
        "name": f"People {sfx}", "mrr": 900,
        "contacts": [{"name": "Ana Silva", "email": f"ana@{sfx}.example.com", "role": "admin"},
                     {"name": "Bo Berg", "email": f"bo@{sfx}.example.com", "role": "billing"}],
        "subscriptions": [{"product_name": "Analytics", "plan_name": "Growth", "status": "active", "mrr": 900,
                           "plan_quantity": 9, "plan_unit_price": 100, "starts_on": "2025-06-01",
                           "next_billing_on": "2026-06-01"}]})
    api.post("/api/suppressions", {"address": f"ana@{sfx}.example.com"})
    api.post("/api/users", {"email": f"csm-{sfx}@example.com", "name": f"Casey {sfx}", "role": "csm",
                            "password": f"pw-{sfx}-long"})

    log_in(page, served.base_url, f"pw-{sfx}-long", email=f"csm-{sfx}@example.com")
    page.get_by_role("navigation").get_by_role("link", name="Accounts", exact=True).click()
    open_account(page, external_id, f"People {sfx}")
    card = page.get_by_role("region", name="Account")
    expect(card.get_by_role("table", name="Contacts").get_by_role("row").filter(has_text="Ana Silva")).to_contain_text(
        "Suppressed")  # an admin put her address on the list: she gets no journey emails
    card.get_by_role("button", name="Edit").click()
    form = page.get_by_role("form", name="Edit account")
    expect(form.get_by_label("Contact 1 email")).to_have_value(f"ana@{sfx}.example.com")
    form.get_by_role("button", name="Remove contact 2 (Bo Berg)").click()
    expect(form.get_by_role("button", name="Undo removing contact 2")).to_be_visible()
    form.get_by_role("button", name="Add contact").click()
    expect(form.get_by_label("Contact 3 name")).to_be_focused()
    page.keyboard.type("Cy Chen")
    email = form.get_by_label("Contact 3 email")
    email.fill(f"cy@{sfx}")
    form.get_by_label("Contact 3 role").click()  # leaving the address: the browser says what is wrong
    expect(form.get_by_text("Not an email address: type one such as ana@example.com.")).to_be_visible()
    email.fill(f"cy@{sfx}.example.com")
    form.get_by_label("Contact 3 role").fill("champion")
    subscription = form.get_by_role("group", name="Subscription 1")
    subscription.get_by_label("Subscription 1 Status", exact=True).fill("non_renewing")
    subscription.get_by_label("Subscription 1 Ends on", exact=True).fill("2026-06-01")
    expect(form.get_by_text("Not an email address")).to_have_count(0)
    screenshot(page, "account-contacts")
    form.get_by_role("button", name="Save").click()

    expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
    contacts = card.get_by_role("table", name="Contacts")
    expect(contacts.get_by_role("row").filter(has_text="Cy Chen")).to_contain_text(f"cy@{sfx}.example.com")
    expect(contacts.get_by_role("row").filter(has_text="Cy Chen")).to_contain_text("champion")
    expect(contacts).not_to_contain_text("Bo Berg")
    expect(card.get_by_role("table", name="Subscriptions")).to_contain_text("non_renewing")
    account = api.get(f"/api/accounts/{external_id}")
    assert account["contacts"] == [{"name": "Ana Silva", "email": f"ana@{sfx}.example.com", "role": "admin"},
                                   {"name": "Cy Chen", "email": f"cy@{sfx}.example.com", "role": "champion"}]
    [sub] = account["subscriptions"]
    assert (sub["status"], sub["ends_on"], sub["plan_name"], sub["mrr"], sub["next_billing_on"]) == (
        "non_renewing", "2026-06-01", "Growth", 900, "2026-06-01")
    page.reload()
    expect(page.get_by_role("region", name="Account").get_by_role("table", name="Contacts")).to_contain_text("Cy Chen")


def test_support_sees_no_edit_button(served, api, page):
    sfx = uuid.uuid4().hex[:8]
    api.put(f"/api/accounts/ro-{sfx}", {"name": f"Read only {sfx}", "mrr": 100,
                                        "contacts": [{"name": "Dee", "email": f"dee@{sfx}.example.com"}]})
    api.post("/api/users", {"email": f"support-{sfx}@example.com", "name": f"Support {sfx}", "role": "support",
                            "password": f"pw-{sfx}-long"})
    log_in(page, served.base_url, f"pw-{sfx}-long", email=f"support-{sfx}@example.com")
    page.get_by_role("navigation").get_by_role("link", name="Accounts", exact=True).click()
    open_account(page, f"read only {sfx}", f"Read only {sfx}")
    card = page.get_by_role("region", name="Account")
    expect(card).to_contain_text("MRR")
    expect(page.locator(".enrollment, .muted", has_text="has not been in any journey")).to_be_visible()  # the page has settled
    expect(card.get_by_role("button", name="Edit")).to_have_count(0)
    expect(card.get_by_role("table", name="Contacts")).to_contain_text(f"dee@{sfx}.example.com")
    expect(page.get_by_role("button", name="Add contact")).to_have_count(0)
    expect(page.get_by_role("textbox")).to_have_count(0)
