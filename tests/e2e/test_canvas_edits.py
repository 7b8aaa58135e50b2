"""Changing the flow on the canvas with the mouse (QA sweep 3): a palette step added after a step
that already leads on goes between the two, and a selected line carries a × that deletes it."""
from __future__ import annotations

import uuid

from playwright.sync_api import expect

from tests.e2e.canvas import node
from tests.e2e.conftest import log_in, screenshot


def chain(api, sfx: str) -> dict:
    """entry → "Welcome email" → "Kick-off call" (a task), not published."""
    graph = {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "label": "Joins",
         "config": {"segments": [], "reenroll": {"mode": "never"}, "enroll_existing": False}, "ui": {"x": 0, "y": 0}},
        {"id": "welcome", "type": "action", "label": "Welcome email", "ui": {"x": 0, "y": 160},
         "config": {"action": "send_email", "subject": "Hi", "body": "Hello", "to": {"contacts": "all"}}},
        {"id": "call", "type": "action", "label": "Kick-off call", "ui": {"x": 0, "y": 320},
         "config": {"action": "create_task", "title": "Call them", "assignee": "csm", "due_in_days": 1, "priority": "low"}},
    ], "edges": [{"source": "start", "target": "welcome"}, {"source": "welcome", "target": "call"}]}
    return api.post("/api/journeys", {"key": f"canvas-{sfx}", "name": f"Canvas edits {sfx}", "graph": graph})


def test_a_palette_step_goes_between_and_a_selected_line_can_be_deleted_with_its_x(served, api, page, admin_password):
    journey = chain(api, uuid.uuid4().hex[:8])
    log_in(page, served.base_url, admin_password)
    page.goto(f"{served.base_url}/journeys/{journey['id']}")
    edges = page.locator(".react-flow__edge")
    expect(edges).to_have_count(2)

    # The email leads to the call already: "Assign CSM" goes between them, connected both ways.
    node(page, "welcome").click()
    page.locator(".palette").get_by_role("button", name="Assign CSM", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Added between")).to_have_text(
        "Added between “Welcome email” and “Kick-off call”.")
    expect(edges).to_have_count(3)
    expect(page.get_by_test_id("rf__edge-e:welcome::assign_csm_1")).to_have_count(1)
    expect(page.get_by_test_id("rf__edge-e:assign_csm_1::call")).to_have_count(1)
    expect(page.get_by_test_id("rf__edge-e:welcome::call")).to_have_count(0)
    new_box, call_box = node(page, "assign_csm_1").bounding_box(), node(page, "call").bounding_box()
    assert new_box["y"] + new_box["height"] < call_box["y"], "the call moved down below the new step"
    screenshot(page, "canvas-insert-between")

    # A line, once clicked, says what it joins and carries a × (and the panel names the Delete key).
    # (a straight line's box has no width, so the click goes to the point halfway down it)
    new_box, call_box = node(page, "assign_csm_1").bounding_box(), node(page, "call").bounding_box()
    page.mouse.click(call_box["x"] + call_box["width"] / 2, (new_box["y"] + new_box["height"] + call_box["y"]) / 2)
    inspector = page.get_by_role("complementary", name="Inspector")
    expect(inspector.get_by_role("heading", name="Connection")).to_be_visible()
    expect(inspector).to_contain_text("From “Assign CSM” to “Kick-off call”.")
    expect(inspector).to_contain_text("press the Delete key")
    delete = page.get_by_test_id("delete-edge-e:assign_csm_1::call")
    expect(delete).to_be_visible()
    screenshot(page, "canvas-line-selected")
    delete.click()
    expect(edges).to_have_count(2)
    expect(page.get_by_test_id("rf__edge-e:assign_csm_1::call")).to_have_count(0)
    expect(inspector.get_by_role("heading", name="Journey settings")).to_be_visible()

    # Undo brings the line back; the step panel says how to change where a step leads.
    page.keyboard.press("Control+Z")
    expect(edges).to_have_count(3)
    node(page, "assign_csm_1").click()
    expect(page.get_by_role("region", name="Connect to another step")).to_contain_text(
        "click its line on the canvas and delete it (the × on the line, or the Delete key)")
