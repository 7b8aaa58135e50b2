"""An admin who does not use a mouse can build a journey: palette and inspector by keyboard."""
from __future__ import annotations

import uuid

from playwright.sync_api import expect

from tests.e2e.canvas import node
from tests.e2e.conftest import log_in, screenshot

FOCUSED_LABEL = """() => {
  const el = document.activeElement;
  return el && el.id ? (document.querySelector(`label[for="${el.id}"]`) || {}).textContent || "" : "";
}"""


def tab_until(page, label: str, limit: int = 80) -> None:
    """Press Tab until the focused control is the one labelled ``label``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED_LABEL) == label:
            return
    raise AssertionError(f"Tab never reached {label!r}")


def test_build_a_chain_with_the_keyboard_only(served, page, admin_password):
    log_in(page, served.base_url, admin_password)
    page.get_by_role("button", name="New journey").click()
    page.keyboard.type(f"Keys {uuid.uuid4().hex[:6]}")   # the name field has the focus
    page.keyboard.press("Enter")
    expect(node(page, "entry")).to_be_visible()

    palette = page.locator(".palette")
    palette.get_by_role("button", name="Exit criteria").focus()
    page.keyboard.press("Tab")          # from the palette into the canvas: the entry step
    page.keyboard.press("Enter")        # selects it
    expect(page.locator(".react-flow__node.selected")).to_have_count(1)
    for label in ("Send email", "Wait", "End"):   # Enter on a palette item: added below, connected
        palette.get_by_role("button", name=label, exact=True).focus()
        page.keyboard.press("Enter")
    expect(page.locator(".react-flow__edge")).to_have_count(3)
    expect(node(page, "end_1")).to_be_visible()

    page.locator(".react-flow__node", has=node(page, "wait_1")).focus()   # a step is a tab stop
    page.keyboard.press("Enter")
    expect(page.get_by_role("complementary", name="Inspector").get_by_role("heading", name="Wait")).to_be_visible()
    tab_until(page, "Name on the canvas")
    page.keyboard.type("Give them a day")
    tab_until(page, "Days")
    page.keyboard.press("Control+A")
    page.keyboard.type("2")
    expect(node(page, "wait_1")).to_contain_text("Give them a day")
    expect(node(page, "wait_1")).to_contain_text("2 days")
    page.keyboard.press("Control+S")
    expect(page.get_by_test_id("save-state")).to_have_text("All changes saved")
    # Not publishable yet: no segment, no email content; Publish waits for the check and stays off.
    expect(page.get_by_role("tab", name="Problems (2)")).to_be_visible(timeout=10_000)
    expect(page.get_by_role("button", name="Publish", exact=True)).to_be_disabled()
    screenshot(page, "editor-built-by-keyboard")
