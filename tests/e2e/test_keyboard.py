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


def add_below_entry(page, served, admin_password, labels: tuple[str, ...]) -> None:
    """Log in, create a journey, select its entry and press Enter on each palette item of ``labels``."""
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
    for label in labels:                # Enter on a palette item: added below the selected step, connected
        palette.get_by_role("button", name=label, exact=True).focus()
        page.keyboard.press("Enter")


def test_build_a_chain_with_the_keyboard_only(served, page, admin_password):
    add_below_entry(page, served, admin_password, ("Send email", "Wait", "End"))
    expect(page.locator(".react-flow__edge")).to_have_count(3)
    expect(node(page, "end_1")).to_be_visible()

    page.locator(".react-flow__node", has=node(page, "wait_1")).focus()   # a step is a tab stop
    page.keyboard.press("Enter")
    expect(page.get_by_role("complementary", name="Inspector").get_by_role("heading", name="Wait")).to_be_visible()
    tab_until(page, "Name on the canvas")
    page.keyboard.type("Give them a day")
    tab_until(page, "Days")
    page.keyboard.press("Control+A")
    page.keyboard.type("-2")  # no negative wait: the minus is not taken, the 2 is
    expect(page.get_by_label("Days")).to_have_value("2")
    expect(node(page, "wait_1")).to_contain_text("Give them a day")
    expect(node(page, "wait_1")).to_contain_text("2 days")
    page.keyboard.press("Control+S")
    expect(page.get_by_test_id("save-state")).to_have_text("All changes saved")
    # Not publishable yet: no segment, no email content; Publish waits for the check and stays off.
    expect(page.get_by_role("tab", name="Problems (2)")).to_be_visible(timeout=10_000)
    expect(page.get_by_role("button", name="Publish", exact=True)).to_be_disabled()
    screenshot(page, "editor-built-by-keyboard")


def test_connect_two_existing_steps_with_the_keyboard_only(served, page, admin_password):
    # The email is added unconnected: the end selected before it has no output.
    add_below_entry(page, served, admin_password, ("Decision (IF/ELSE)", "End", "Send email"))
    expect(node(page, "send_email_1")).to_be_visible()
    expect(page.locator(".react-flow__edge")).to_have_count(2)

    # The decision's free "No" branch → the email, through the inspector's "Connect to another step".
    page.locator(".react-flow__node", has=node(page, "condition_1")).focus()
    page.keyboard.press("Enter")
    connect_to = page.get_by_role("region", name="Connect to another step")
    expect(connect_to.get_by_label("From output")).to_have_value("no")   # "Yes" already leads to the end
    target = connect_to.get_by_label("Connect to")
    expect(target.get_by_role("option", name="Entry (entry): Nothing can lead into the entry.")).to_be_disabled()
    tab_until(page, "From output")
    tab_until(page, "Connect to")
    page.keyboard.type("Send")          # type-ahead in the closed list
    expect(target).to_have_value("send_email_1")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")        # on "Connect"
    expect(page.locator(".react-flow__edge")).to_have_count(3)
    expect(connect_to.get_by_role("status")).to_have_text("“No” now leads to Send email (send_email_1).")
    expect(connect_to).to_contain_text("Every output of this step already leads somewhere")
    expect(page.get_by_test_id("save-state")).to_have_text("● Unsaved changes")
    screenshot(page, "editor-connect-by-keyboard")

    # From the email, going back to the decision would close a loop: refused, as drag-connect refuses it.
    page.locator(".react-flow__node", has=node(page, "send_email_1")).focus()
    page.keyboard.press("Enter")
    expect(connect_to.get_by_label("Connect to").get_by_role(
        "option", name="Decision (IF/ELSE) (condition_1): That would make a loop; journeys cannot loop.")).to_be_disabled()
    page.keyboard.press("Control+Z")    # undo takes the new line away again
    expect(page.locator(".react-flow__edge")).to_have_count(2)

