"""A new admin's first journeys (QA sweep 7): a long journey opens at its Entry, and Backspace
pressed while reading the side panel never deletes the selected step."""
from __future__ import annotations

import uuid

from playwright.sync_api import expect

from tests.e2e.canvas import node
from tests.e2e.conftest import log_in, screenshot


def long_journey(api, sfx: str, waits: int = 12) -> dict:
    """An entry and ``waits`` waits one below the other (12: taller than the pane at a readable zoom)."""
    graph = {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "label": "Joins",
         "config": {"segments": [], "reenroll": {"mode": "never"}, "enroll_existing": False}, "ui": {"x": 0, "y": 0}}] + [
        {"id": f"w{i}", "type": "wait", "label": f"Pause {i}", "config": {"for": {"days": 1}}, "ui": {"x": 0, "y": 160 * (i + 1)}}
        for i in range(waits)],
        "edges": [{"source": "start", "target": "w0"}] + [{"source": f"w{i}", "target": f"w{i + 1}"} for i in range(waits - 1)]}
    return api.post("/api/journeys", {"key": f"sweep7-{sfx}", "name": f"Sweep 7 {sfx}", "graph": graph})


def inside_canvas(page, locator) -> bool:
    canvas, box = page.locator(".canvas").bounding_box(), locator.bounding_box()
    return bool(box) and box["y"] >= canvas["y"] and box["y"] + box["height"] <= canvas["y"] + canvas["height"]


def test_a_long_journey_opens_at_its_entry_and_fit_view_goes_back_to_it(served, api, page, admin_password):
    journey = long_journey(api, uuid.uuid4().hex[:8])
    log_in(page, served.base_url, admin_password)
    page.goto(f"{served.base_url}/journeys/{journey['id']}")
    expect(node(page, "w11")).to_be_attached()
    page.wait_for_timeout(400)  # framed once the steps have their sizes
    assert inside_canvas(page, node(page, "start")), "the Entry is out of sight when the journey opens"
    assert not inside_canvas(page, node(page, "w11")), "the journey is not taller than the pane: no test"
    screenshot(page, "long-journey-opens-at-entry")

    # scrolled away to the end, Fit view comes back to the start
    page.get_by_role("button", name="Fit view", exact=True).click()
    node(page, "w11").click()
    page.get_by_role("button", name="Fit view", exact=True).click()
    page.wait_for_timeout(500)
    assert inside_canvas(page, node(page, "start"))


def test_backspace_while_reading_the_side_panel_keeps_the_step(served, api, page, admin_password):
    journey = long_journey(api, uuid.uuid4().hex[:8], waits=3)
    log_in(page, served.base_url, admin_password)
    page.goto(f"{served.base_url}/journeys/{journey['id']}")
    node(page, "w0").click()
    inspector = page.get_by_role("complementary", name="Inspector")
    expect(inspector.get_by_role("heading", name="Wait")).to_be_visible()
    # reading the panel: a click on its text leaves the focus on the page, not in a field
    inspector.get_by_text("Step id: w0").click()
    assert page.evaluate("document.activeElement === document.body")
    page.keyboard.press("Backspace")
    page.keyboard.press("Delete")
    expect(node(page, "w0")).to_be_visible()
    expect(page.get_by_test_id("save-state")).to_have_text("All changes saved")

    # on the canvas the keys still delete: a selected step, and a clicked line
    node(page, "w0").click()
    page.keyboard.press("Delete")
    expect(node(page, "w0")).to_have_count(0)
    expect(page.get_by_test_id("save-state")).to_have_text("● Unsaved changes")
    upper, lower = node(page, "w1").bounding_box(), node(page, "w2").bounding_box()
    page.mouse.click(lower["x"] + lower["width"] / 2, (upper["y"] + upper["height"] + lower["y"]) / 2)
    expect(inspector.get_by_role("heading", name="Connection")).to_be_visible()
    page.keyboard.press("Backspace")
    expect(page.get_by_test_id("rf__edge-e:w1::w2")).to_have_count(0)


def test_a_step_problem_with_a_long_word_wraps_inside_the_step(served, api, page, admin_password):
    sfx = uuid.uuid4().hex[:8]
    gone = f"welcome_email_for_new_accounts_that_was_deleted_{sfx}"
    graph = {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "config": {"segments": [], "reenroll": {"mode": "never"}, "enroll_existing": False},
         "ui": {"x": 0, "y": 0}},
        {"id": "mail", "type": "action", "ui": {"x": 0, "y": 160},
         "config": {"action": "send_email", "template": gone, "to": {"contacts": "all"}}}],
        "edges": [{"source": "start", "target": "mail"}]}
    journey = api.post("/api/journeys", {"key": f"wrap-{sfx}", "name": f"Wrap {sfx}", "graph": graph})
    log_in(page, served.base_url, admin_password)
    page.goto(f"{served.base_url}/journeys/{journey['id']}")
    note = node(page, "mail").locator(".jnode-problem")
    expect(note).to_contain_text(f"There is no template “{gone}” any more: choose another.")
    assert note.evaluate("el => el.scrollWidth <= el.clientWidth"), "the problem runs out of the step"
    step, box = node(page, "mail").bounding_box(), note.bounding_box()
    assert box["x"] + box["width"] <= step["x"] + step["width"]


def test_delete_says_what_goes_with_a_walked_journey_before_it_goes(served, api, page, admin_password):
    from tests.e2e.test_designer_round2 import live_journey_with_a_task
    sfx = uuid.uuid4().hex[:8]
    journey, _ = live_journey_with_a_task(api, sfx)
    api.post(f"/api/journeys/{journey['id']}/disable")

    log_in(page, served.base_url, admin_password)
    row = page.get_by_test_id(f"journey-row-round2-{sfx}")
    row.get_by_role("button", name="Delete").click()
    details = row.get_by_test_id("confirm-details")
    expect(details).to_contain_text("Its 1 enrollment goes with it: each account's steps on it (from their timelines) and its report.")
    expect(details).to_contain_text("This cannot be undone: to stop it and keep its history, leave it disabled instead.")
    # the whole sentence wraps inside the page: the actions cell keeps its buttons on one line, not this
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), "the question runs off the page"
    box = details.bounding_box()
    assert box["x"] + box["width"] <= page.viewport_size["width"]
    screenshot(page, "journey-delete-says-what-goes")
    row.get_by_role("button", name="Cancel").click()
    assert api.get(f"/api/journeys/{journey['id']}")["key"] == f"round2-{sfx}"
