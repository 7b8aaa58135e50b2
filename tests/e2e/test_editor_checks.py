"""The editor's checks in the browser, with the real server's validation: a send window with no
days is a problem at once (in words under the field and in the Problems tab, Publish off) and is
gone once a day is ticked again and saved, without a reload; a step cut off behind a deleted one
says that the step before it is what is not connected."""
from __future__ import annotations

import uuid

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.test_delivery_timing import draft_journey
from tests.e2e.test_designer_round2 import open_editor, workspace


def test_a_send_window_without_days_is_a_problem_at_once_and_clears_after_saving(served, api, page, admin_password):
    sfx = uuid.uuid4().hex[:8]
    journey = draft_journey(api, sfx)
    open_editor(page, served, admin_password, journey["id"])
    publish = page.get_by_role("toolbar", name="Journey tools").get_by_role("button", name="Publish")
    problems_tab = page.get_by_role("tab", name="Problems (1)")
    expect(publish).to_be_enabled()
    window = page.get_by_role("group", name="Send window")
    window.get_by_label("Only send emails and create tasks inside a send window").check()
    days = window.get_by_role("group", name="Days")
    for day in ["Mon", "Tue", "Wed", "Thu", "Fri"]:
        days.get_by_label(day).uncheck()
    expect(window.get_by_test_id("send-window-problems")).to_have_text("Send window: pick at least one day.")
    expect(problems_tab).to_be_visible()  # the server's check ran for a settings change
    expect(publish).to_be_disabled()
    expect(page.get_by_test_id("publish-reason")).to_have_text("Fix the problem first (Problems tab)")
    problems_tab.click()
    item = page.get_by_test_id("problems-list").get_by_role("button")
    expect(item).to_contain_text("Send window: pick at least one day.")
    expect(item).not_to_contain_text("settings.")
    screenshot(page, "editor-send-window-no-days")
    item.click()  # opens the journey settings on the Step tab
    expect(page.get_by_role("tab", name="Step")).to_have_attribute("aria-selected", "true")
    days.get_by_label("Mon").check()
    expect(window.get_by_test_id("send-window-problems")).to_have_count(0)
    page.get_by_role("toolbar", name="Journey tools").get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("save-state")).to_have_text("All changes saved")
    expect(page.get_by_role("tab", name="Problems (0)")).to_be_visible()
    expect(publish).to_be_enabled()


def test_a_step_behind_a_deleted_one_says_its_parent_is_cut_off(served, api, page, admin_password):
    sfx = uuid.uuid4().hex[:8]
    journey = workspace(api, sfx, enroll_existing=False)
    open_editor(page, served, admin_password, journey["id"])
    page.get_by_test_id("node-recap").click()
    page.get_by_role("button", name="Delete this step").click()
    expect(page.get_by_test_id("node-big")).to_contain_text("Nothing leads to this step yet")
    expect(page.get_by_test_id("node-call")).to_contain_text(
        "Not reachable from the entry: the step before it is not connected.")
    screenshot(page, "editor-unreachable-behind-deleted")
