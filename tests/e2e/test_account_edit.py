"""Editing an account on its page: an admin changes a standard field and a custom attribute and
ticks a milestone, the account's journey reacts (its goal is met at once), and the values stay
after a reload; a support user sees no Edit button.

The edit form's screenshot goes to test-artifacts/screenshots/account-edit.png (a copy is kept in
docs/screenshots/ for the README)."""
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


def test_support_sees_no_edit_button(served, api, page):
    sfx = uuid.uuid4().hex[:8]
    api.put(f"/api/accounts/ro-{sfx}", {"name": f"Read only {sfx}", "mrr": 100})
    api.post("/api/users", {"email": f"support-{sfx}@example.com", "name": f"Support {sfx}", "role": "support",
                            "password": f"pw-{sfx}-long"})
    log_in(page, served.base_url, f"pw-{sfx}-long", email=f"support-{sfx}@example.com")
    page.get_by_role("navigation").get_by_role("link", name="Accounts", exact=True).click()
    open_account(page, f"read only {sfx}", f"Read only {sfx}")
    card = page.get_by_role("region", name="Account")
    expect(card).to_contain_text("MRR")
    expect(page.locator(".enrollment, .muted", has_text="has not been in any journey")).to_be_visible()  # the page has settled
    expect(card.get_by_role("button", name="Edit")).to_have_count(0)
