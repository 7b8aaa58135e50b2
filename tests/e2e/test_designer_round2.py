"""Designer, round 2 (issue 12): simulate by account name, confirmations that count, the
Versions tab, tasks that name their journey and can be reopened, and a side panel that never
overflows. Screenshots of each new screen go to test-artifacts/screenshots/."""
from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from tests.e2e.conftest import log_in, screenshot


def workspace(api, sfx: str, *, enroll_existing: bool, long_subject: bool = False) -> dict:
    """A segment (stage = sfx), a template, and a journey: entry → recap email → "MRR over 1,000?"
    → no: a task for the CSM. Not published."""
    subject = "Recap for {{ account.name }}" + (" — everything your team achieved with us this year" if long_subject else "")
    api.post("/api/templates", {"key": f"recap-{sfx}", "subject": subject,
                                "body": "Hi {{ contact.name }}, here is {{ account.name }}'s year."})
    api.post("/api/segments", {"key": f"seg-{sfx}", "name": f"Stage {sfx}",
                               "rule": {"all": [{"property": "account.stage", "op": "eq", "value": sfx}]}})
    graph = {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "label": "Joins the segment",
         "config": {"segments": [f"seg-{sfx}"], "reenroll": {"mode": "never"}, "enroll_existing": enroll_existing}},
        {"id": "recap", "type": "action", "label": "Recap email",
         "config": {"action": "send_email", "template": f"recap-{sfx}", "to": {"contacts": "all"}}},
        {"id": "big", "type": "condition", "label": "Big account?",
         "config": {"rule": {"all": [{"property": "account.mrr", "op": "gt", "value": 1000}]}}},
        {"id": "vip", "type": "end", "label": "VIP"},
        {"id": "call", "type": "action", "label": "Call them",
         "config": {"action": "create_task", "title": "Call {{ account.name }}", "assignee": "csm",
                    "due_in_days": 1, "priority": "low"}},
    ], "edges": [{"source": "start", "target": "recap"}, {"source": "recap", "target": "big"},
                 {"source": "big", "target": "vip", "branch": "yes"},
                 {"source": "big", "target": "call", "branch": "no"}]}
    return api.post("/api/journeys", {"key": f"round2-{sfx}", "name": f"Round two {sfx}", "graph": graph})


def account(api, sfx: str, name: str, mrr: int) -> str:
    external_id = f"{name.lower().replace(' ', '-')}-{sfx}"
    api.put(f"/api/accounts/{external_id}", {
        "name": f"{name} {sfx}", "stage": sfx, "mrr": mrr,
        "contacts": [{"name": "Ana", "email": f"ana@{external_id}.example.com", "role": "admin"}]})
    return external_id


def open_editor(page, served, password, journey_id: int) -> None:
    log_in(page, served.base_url, password)
    page.goto(f"{served.base_url}/journeys/{journey_id}")
    page.get_by_test_id("node-start").wait_for()


def test_simulate_picks_the_account_by_name_and_tells_the_steps_in_words(served, api, page, admin_password):
    sfx = uuid.uuid4().hex[:8]
    journey = workspace(api, sfx, enroll_existing=False, long_subject=True)
    account(api, sfx, "Zephyr Labs", 400)
    open_editor(page, served, admin_password, journey["id"])

    # The send-email panel with a saved template stays inside its column.
    page.get_by_test_id("node-recap").click()
    panel = page.locator(".tab-panel")
    expect(panel.get_by_label("Name on the canvas")).to_have_value("Recap email")
    widths = panel.evaluate("p => [p.scrollWidth, p.clientWidth]")
    assert widths[0] <= widths[1], f"the side panel overflows: {widths}"

    page.get_by_role("tab", name="Simulate").click()
    page.get_by_label("Find an account by name").fill(f"zephyr labs {sfx}")
    page.get_by_role("list", name="Matching accounts").get_by_role("button", name=re.compile(f"Zephyr Labs {sfx}")).click()
    expect(page.get_by_test_id("sim-chosen-account")).to_have_text(f"Zephyr Labs {sfx}")
    page.get_by_role("button", name="+ Change").click()
    page.get_by_label("Change 1: what changes").select_option("account.mrr")
    page.get_by_label("Change 1: new value").fill("5000")
    page.get_by_label("Change 1: day").fill("3")
    page.get_by_role("button", name="Run simulation").click()

    result = page.get_by_test_id("simulation-result")
    steps = result.get_by_test_id("sim-step")
    recap = steps.filter(has_text="Recap email")
    expect(recap).to_contain_text(f"Would send “Recap {sfx}” to ana@zephyr-labs-{sfx}.example.com")
    expect(recap.get_by_label("Email as it would be sent")).to_contain_text(f"Recap for Zephyr Labs {sfx}")
    expect(recap.get_by_label("Email as it would be sent")).to_contain_text(f"Hi Ana, here is Zephyr Labs {sfx}'s year.")
    # the journey's day, then the moment as every page says one (frontend/src/components/dates.js)
    expect(recap.locator(".sim-when")).to_have_text(re.compile(r"^Day 0 · \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d$"))
    expect(steps.filter(has_text="Joins the segment")).to_contain_text(f"Entered via segment Stage {sfx}")
    expect(steps.filter(has_text="Big account?")).to_contain_text("Decision: went the “No” way")
    expect(steps.filter(has_text="Call them")).to_contain_text(f"Would create task “Call Zephyr Labs {sfx}”")
    for told in result.locator(".step-summary, .sim-rendered").all_inner_texts():
        assert "{{" not in told, told                   # merge fields filled in what a person reads
    raw = recap.locator("details.step-raw")
    expect(raw.locator("dl")).not_to_be_visible()      # raw detail only under the disclosure
    screenshot(page, "simulate-by-account-name")


def test_enable_says_how_many_enroll_now_and_versions_show_who_walks_which(served, api, page, admin_password):
    sfx = uuid.uuid4().hex[:8]
    journey = workspace(api, sfx, enroll_existing=True)
    for name in ("Acme", "Birch", "Cedar"):
        account(api, sfx, name, 5000)
    api.post(f"/api/journeys/{journey['id']}/publish")
    open_editor(page, served, admin_password, journey["id"])

    page.get_by_role("toolbar", name="Journey tools").get_by_role("button", name="Enable").click()
    confirm = page.get_by_role("group", name="Start enrolling accounts into version 1?")
    expect(confirm.get_by_test_id("confirm-details")).to_have_text(
        f"3 accounts will enroll now: the entry also enrolls accounts already in the segment “Stage {sfx}” "
        "(3 accounts are in it). After that, each account that enters enrolls.")
    screenshot(page, "enable-confirmation")
    confirm.get_by_role("button", name="Enable").click()
    expect(page.get_by_test_id("journey-status")).to_have_text("live")
    api.wait_for(f"/api/journeys/{journey['id']}/versions", lambda r: r["items"][0]["enrolled"] == 3,
                 what="enrolling the three members")

    # A second version: publishing says the active accounts stay on version 1.
    page.get_by_test_id("node-vip").click()
    page.get_by_role("complementary", name="Inspector").get_by_label("Name on the canvas").fill("VIP end")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("save-state")).to_have_text("All changes saved")
    page.get_by_role("toolbar", name="Journey tools").get_by_role("button", name="Publish").click()
    publish = page.get_by_role("group", name="Publish the draft as version 2?")
    active = sum(v["active"] for v in api.get(f"/api/journeys/{journey['id']}/versions")["items"])
    if active:
        expect(publish.get_by_test_id("confirm-details")).to_contain_text(
            f"{active} active account{'s' if active != 1 else ''} stay")
    expect(publish.get_by_test_id("confirm-details")).to_contain_text("New enrollments will use version 2.")
    publish.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("alert")).to_contain_text("Published version 2.")

    page.get_by_role("tab", name="Versions").click()
    v2, v1 = page.get_by_test_id("version-2"), page.get_by_test_id("version-1")
    expect(v2.get_by_text("Live", exact=True)).to_be_visible()
    expect(v1.get_by_text("Live", exact=True)).to_have_count(0)
    expect(v1).to_contain_text("3 enrollments in all")
    expect(v1).to_contain_text(re.compile(r"Published .+ by "))
    expect(v2).to_contain_text("0 accounts on it now")
    screenshot(page, "versions-tab")


def live_journey_with_a_task(api, sfx: str) -> tuple[dict, str]:
    """The workspace's journey published and on, and an account it has walked to its task:
    (the journey, the account's external id)."""
    journey = workspace(api, sfx, enroll_existing=False)
    api.post(f"/api/journeys/{journey['id']}/publish")
    api.post(f"/api/journeys/{journey['id']}/enable")
    external_id = account(api, sfx, "Small", 100)     # MRR under 1,000: the journey makes a task
    api.wait_for(f"/api/tasks?account={external_id}", lambda r: len(r["items"]) == 1, what="the journey's task")
    return journey, external_id


def test_a_task_names_its_journey_and_complete_can_be_undone(served, api, page, admin_password):
    sfx = uuid.uuid4().hex[:8]
    journey, external_id = live_journey_with_a_task(api, sfx)

    log_in(page, served.base_url, admin_password)
    page.get_by_role("navigation").get_by_role("link", name="Tasks", exact=True).click()
    page.get_by_label("Account (external id)").fill(external_id)
    row = page.get_by_role("table", name="Tasks").get_by_role("row").filter(has_text=f"Call Small {sfx}")
    expect(row.get_by_role("link", name=f"Round two {sfx}")).to_have_attribute("href", f"/journeys/{journey['id']}")
    picker = row.get_by_role("combobox", name=f"Assignee of Call Small {sfx}")  # reassigned by hand
    expect(picker.locator("option")).not_to_have_count(1)  # the staff users have loaded
    someone = picker.locator("option").nth(1).get_attribute("value")
    picker.select_option(someone)
    api.wait_for(f"/api/tasks?account={external_id}",
                 lambda r: (r["items"][0]["assignee"] or {}).get("email") == someone, what="the reassignment")
    row.get_by_role("button", name=f"Complete Call Small {sfx}").click()
    notice = page.get_by_role("status", name="Task completed")
    expect(notice).to_contain_text(f"Completed “Call Small {sfx}”.")
    expect(page.get_by_role("button", name=f"Complete Call Small {sfx}")).to_have_count(0)
    screenshot(page, "task-completed-undo")
    notice.get_by_role("button", name="Undo").click()
    expect(page.get_by_role("button", name=f"Complete Call Small {sfx}")).to_be_visible()
    assert api.get(f"/api/tasks?account={external_id}")["items"][0]["status"] == "open"


def test_fit_view_keeps_the_steps_readable(served, api, page, admin_password):
    sfx = uuid.uuid4().hex[:8]
    graph = {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "config": {"segments": [], "reenroll": {"mode": "never"}, "enroll_existing": False},
         "ui": {"x": 0, "y": 0}}] + [
        {"id": f"w{i}", "type": "wait", "config": {"for": {"days": 1}}, "ui": {"x": 0, "y": 140 * (i + 1)}} for i in range(30)],
        "edges": [{"source": "start", "target": "w0"}] + [{"source": f"w{i}", "target": f"w{i + 1}"} for i in range(29)]}
    journey = api.post("/api/journeys", {"key": f"long-{sfx}", "name": f"Long {sfx}", "graph": graph})
    open_editor(page, served, admin_password, journey["id"])
    viewport = page.locator(".react-flow__viewport")
    zoom = "el => new DOMMatrixReadOnly(getComputedStyle(el).transform).a"
    for button in (page.get_by_role("toolbar", name="Journey tools").get_by_role("button", name="Fit view"),
                   page.get_by_test_id("rf__controls").get_by_role("button", name="Fit View")):
        page.get_by_role("button", name="zoom out").click()
        page.get_by_role("button", name="zoom out").click()
        button.click()
        page.wait_for_timeout(600)
        assert viewport.evaluate(zoom) >= 0.69, f"Fit view zoomed out to {viewport.evaluate(zoom)}: the text is unreadable"
    screenshot(page, "fit-view-readable")
