"""Changing a live journey (issue 16) in the browser: publishing with the accounts moved onto
the new version through the mapping dialog (a step picked on the canvas, a preview, a note),
the version's changes marked on the canvas, and the Audit page saying who did it.
Screenshots go to test-artifacts/screenshots/ (copies kept in docs/screenshots/)."""
from __future__ import annotations

import copy
import re
import uuid

from playwright.sync_api import expect

from tests.e2e.conftest import log_in, screenshot


def graph(sfx: str) -> dict:
    """entry → "Cool-off" (10 days) → "Big account?" → yes: end / no: a call task."""
    return {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "label": "Joins the segment", "ui": {"x": 0, "y": 0},
         "config": {"segments": [f"live-{sfx}"], "reenroll": {"mode": "never"}, "enroll_existing": True}},
        {"id": "cooloff", "type": "wait", "label": "Cool-off", "ui": {"x": 0, "y": 140},
         "config": {"for": {"days": 10}}},
        {"id": "big", "type": "condition", "label": "Big account?", "ui": {"x": 0, "y": 280},
         "config": {"rule": {"all": [{"property": "account.mrr", "op": "gt", "value": 1000}]}}},
        {"id": "vip", "type": "end", "label": "VIP", "ui": {"x": -160, "y": 420}},
        {"id": "call", "type": "action", "label": "Call them", "ui": {"x": 160, "y": 420},
         "config": {"action": "create_task", "title": "Call {{ account.name }}", "assignee": "csm",
                    "due_in_days": 1, "priority": "low"}},
    ], "edges": [{"source": "start", "target": "cooloff"}, {"source": "cooloff", "target": "big"},
                 {"source": "big", "target": "vip", "branch": "yes"},
                 {"source": "big", "target": "call", "branch": "no"}]}


def live_journey(api, sfx: str) -> tuple[int, dict]:
    api.post("/api/segments", {"key": f"live-{sfx}", "name": f"Live {sfx}",
                               "rule": {"all": [{"property": "account.stage", "op": "eq", "value": sfx}]}})
    for name in ("Acme", "Birch", "Cedar"):
        api.put(f"/api/accounts/{name.lower()}-{sfx}", {"name": f"{name} {sfx}", "stage": sfx, "mrr": 500})
    journey = api.post("/api/journeys", {"key": f"live-{sfx}", "name": f"Live {sfx}", "graph": graph(sfx)})
    api.post(f"/api/journeys/{journey['id']}/publish", {"note": "First cut"})
    api.post(f"/api/journeys/{journey['id']}/enable")
    api.wait_for(f"/api/journeys/{journey['id']}/stats", lambda s: s["nodes"].get("cooloff", {}).get("now") == 3,
                 what="three accounts waiting in the cool-off")
    return journey["id"], journey


def test_publish_moves_live_accounts_through_the_mapping_dialog(served, api, page, admin_password):
    sfx = uuid.uuid4().hex[:8]
    journey_id, journey = live_journey(api, sfx)
    before = {e["external_id"]: e for e in api.get(f"/api/journeys/{journey_id}/nodes/cooloff/accounts")["items"]}
    assert len(before) == 3

    # The fix: the cool-off becomes a 12-day "Pause" with a new id, so it must be mapped.
    fixed = copy.deepcopy(graph(sfx))
    fixed["nodes"][1].update(id="pause", label="Pause", config={"for": {"days": 12}})
    fixed["edges"][0]["target"] = fixed["edges"][1]["source"] = "pause"
    current = api.get(f"/api/journeys/{journey_id}")
    api.put(f"/api/journeys/{journey_id}", {"graph": fixed, "draft_version": current["draft_version"]})

    log_in(page, served.base_url, admin_password)
    page.goto(f"{served.base_url}/journeys/{journey_id}")
    page.get_by_test_id("node-pause").wait_for()
    # each step's height on the draft's canvas (CSS pixels, whatever the zoom)
    height = "e => e.offsetHeight"
    draft_heights = {n: page.get_by_test_id(f"node-{n}").evaluate(height) for n in ("pause", "big")}
    page.get_by_role("toolbar", name="Journey tools").get_by_role("button", name="Publish").click()
    confirm = page.get_by_role("group", name="Publish the draft as version 2?")
    expect(confirm.get_by_test_id("confirm-details")).to_contain_text("3 active accounts stay")
    confirm.get_by_role("button", name="Move them to version 2 instead…").click()

    dialog = page.get_by_role("dialog", name="Move accounts to version 2")
    row = dialog.get_by_test_id("move-row-cooloff")
    expect(row).to_contain_text("Cool-off")
    expect(row.locator("td.num")).to_have_text("3")
    expect(row.get_by_role("combobox")).to_have_value("")
    expect(dialog.get_by_role("button", name="Preview")).to_be_disabled()

    row.get_by_role("button", name="Pick on canvas").click()
    expect(dialog.get_by_role("status")).to_contain_text("“Cool-off” should go")
    page.get_by_test_id("node-pause").click()
    expect(row.get_by_role("combobox")).to_have_value("pause")
    expect(row.get_by_test_id("arrival")).to_have_text("keeps its wake-up time")
    # 10 days became 12: the dialog asks what the sleeping accounts do; the default keeps SPEC §10's
    waits = dialog.get_by_test_id("move-waits")
    expect(waits).to_contain_text("3 accounts are asleep on a wait whose length changed (Cool-off)")
    expect(waits.get_by_role("radio", name="Wake when they would have (the old length)")).to_be_checked()
    dialog.get_by_label("Note for the version history (optional)").fill("Longer pause before the call")
    dialog.get_by_role("button", name="Preview").click()
    expect(dialog.get_by_test_id("move-preview")).to_contain_text("3 active accounts will move to version 2")
    expect(dialog.get_by_test_id("move-preview")).to_contain_text("3 accounts: Cool-off → Pause")
    screenshot(page, "publish-move-dialog")
    dialog.get_by_role("button", name="Publish and move 3 accounts").click()
    expect(page.get_by_role("alert")).to_contain_text("Published version 2. Moved 3 active accounts onto it.")
    expect(dialog).to_have_count(0)

    # Every account is on version 2 at "pause", still waiting until the same moment.
    versions = api.get(f"/api/journeys/{journey_id}/versions")["items"]
    assert [(v["version"], v["active"], v["note"]) for v in versions] == [
        (2, 3, "Longer pause before the call"), (1, 0, "First cut")]
    for external_id in before:
        [enrollment] = api.get(f"/api/accounts/{external_id}/journeys")["enrollments"]
        assert (enrollment["version"], enrollment["current_node"]) == (2, "pause")
        moved = [s for s in enrollment["steps"] if s["type"] == "migration"]
        assert [s["detail"]["message"] for s in moved] == ["moved from v1 · cooloff to v2 · pause"]
        assert moved[0]["detail"]["wait"] == "kept"

    # The Versions tab shows the note; viewing version 2 marks what changed on the canvas.
    page.get_by_role("tab", name="Versions").click()
    expect(page.get_by_test_id("version-note-2")).to_have_text("“Longer pause before the call”")
    expect(page.get_by_test_id("version-changes-2")).to_contain_text("Since version 1: 1 step added, 1 removed (“Cool-off”)")
    # each version is a block: its name, then each line, then its buttons under them (nothing runs
    # into the line before as the words happen to wrap)
    first = page.get_by_test_id("version-1")
    top = lambda locator: locator.bounding_box()["y"]  # noqa: E731
    assert top(first.get_by_text("Version 1", exact=True)) < top(first.get_by_test_id("version-note-1")) \
        < top(first.get_by_test_id("version-changes-1")) < top(first.get_by_role("button", name="View version 1"))
    page.get_by_role("button", name="View version 2").click()
    expect(page.get_by_test_id("diff-pause")).to_have_text(re.compile(r"New step\s*in version 2"))
    # the change's badge sits over the card's edge: the step is drawn at its own size, as in the draft
    assert {n: page.get_by_test_id(f"node-{n}").evaluate(height) for n in ("pause", "big")} == draft_heights
    expect(page.get_by_test_id("version-diff")).to_contain_text("1 removed (“Cool-off”)")
    expect(page.get_by_test_id("diff-big")).to_have_count(0)
    screenshot(page, "version-changes-on-canvas")

    # An account's timeline tells the move in words.
    page.goto(f"{served.base_url}/accounts/acme-{sfx}")
    expect(page.get_by_text("Moved from version 1 · “Cool-off” to version 2 · “Pause”; the wait keeps its wake-up time")).to_be_visible()


def test_the_audit_page_says_who_changed_what(served, api, page, admin_password):
    sfx = uuid.uuid4().hex[:8]
    journey_id, _ = live_journey(api, sfx)
    log_in(page, served.base_url, admin_password)
    # A change made by the signed-in admin in the designer: disable the journey.
    page.goto(f"{served.base_url}/journeys/{journey_id}")
    page.get_by_role("toolbar", name="Journey tools").get_by_role("button", name="Disable").click()
    page.get_by_role("group", name="Stop enrolling and pause this journey?").get_by_role("button", name="Disable").click()
    expect(page.get_by_test_id("journey-status")).to_have_text("disabled")

    page.get_by_role("navigation").get_by_role("link", name="Audit").click()
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
    table = page.get_by_role("table", name="Audit log")
    expect(table).to_be_visible()
    page.get_by_label("What").select_option("journey")
    row = table.get_by_role("row").filter(has_text=f"Disabled “Live {sfx}”")
    expect(row).to_contain_text("admin@example.com")
    expect(row).to_contain_text("Journey turned off")
    # the Object column names the journey; its button shows only this journey's entries
    row.get_by_role("button", name=f"Journey “Live {sfx}”").click()
    expect(page.get_by_role("button", name="Clear the object filter")).to_be_visible()
    rows = table.get_by_role("row")
    expect(rows).to_have_count(5)  # header + disable, enable, publish, create
    expect(rows.nth(1)).to_contain_text("Journey turned off")
    expect(rows.nth(2)).to_contain_text("Journey turned on")
    expect(rows.nth(3)).to_contain_text("Journey published")
    expect(rows.nth(3)).to_contain_text("e2e")                         # the API token's name
    expect(rows.nth(3)).to_contain_text("API token")
    rows.nth(3).get_by_role("button", name=re.compile(r"Changes \(\d+\)")).click()
    changes = page.get_by_role("table", name=re.compile(r"Changes of entry \d+"))
    expect(changes).to_contain_text("First cut")
    screenshot(page, "audit-page")

    page.get_by_label("Who").select_option("admin@example.com")
    expect(table.get_by_role("row").filter(has_text="Journey published")).to_have_count(0)
    expect(table.get_by_role("row").filter(has_text="Journey turned off")).to_have_count(1)
    # the Action filter offers what was done in words
    page.get_by_label("Who").select_option("")
    page.get_by_label("Action").select_option(label="Journey turned on")
    expect(table.get_by_role("row").filter(has_text=f"Enabled “Live {sfx}”")).to_have_count(1)
    expect(table.get_by_role("row").filter(has_text="Journey turned off")).to_have_count(0)
