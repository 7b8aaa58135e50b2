"""Building a journey in the designer as an admin does: drag, connect, configure, save,
reload, see a problem on its node, fix it, publish and enable."""
from __future__ import annotations

import uuid

from playwright.sync_api import expect

from tests.e2e.canvas import centre, connect, drop_from_palette, edge_count, node
from tests.e2e.conftest import log_in, screenshot


def workspace(api) -> dict:
    """A template and a segment of this test's own (the served app is shared)."""
    sfx = uuid.uuid4().hex[:8]
    keys = {"template": f"welcome-{sfx}", "segment": f"trial-{sfx}", "segment_name": f"Trial {sfx}",
            "journey": f"Welcome {sfx}"}
    api.post("/api/templates", {"key": keys["template"], "subject": "Welcome, {{ account.name }}",
                                "body": "Hi {{ contact.name }}, {{ csm.name }} here."})
    api.post("/api/segments", {"key": keys["segment"], "name": keys["segment_name"],
                               "rule": {"all": [{"property": "account.stage", "op": "eq", "value": sfx}]}})
    return keys


def build(page, keys: dict) -> None:
    """New journey → drop four steps under the entry → connect them."""
    page.get_by_role("navigation").get_by_role("link", name="Journeys", exact=True).click()
    page.get_by_role("button", name="New journey").click()
    page.get_by_label("Name", exact=True).fill(keys["journey"])
    page.get_by_role("button", name="Create and open").click()
    expect(node(page, "entry")).to_be_visible()
    x, y = centre(node(page, "entry"))
    drop_from_palette(page, "Send email", x, y + 150)
    drop_from_palette(page, "Decision (IF/ELSE)", x, y + 300)
    drop_from_palette(page, "End", x - 150, y + 450)
    drop_from_palette(page, "End", x + 150, y + 450)
    for node_id in ("send_email_1", "condition_1", "end_1", "end_2"):
        expect(node(page, node_id)).to_be_visible()
    connect(page, "entry", "send_email_1")
    connect(page, "send_email_1", "condition_1")
    connect(page, "condition_1", "end_1", branch="yes")
    connect(page, "condition_1", "end_2", branch="no")
    expect(page.locator(".react-flow__edge")).to_have_count(4)


def configure(page, keys: dict) -> None:
    """The email uses the template; the decision asks whether MRR is over 1,000."""
    inspector = page.get_by_role("complementary", name="Inspector")
    node(page, "send_email_1").locator(".jnode-title").click()
    expect(inspector.get_by_role("heading", name="Send email")).to_be_visible()
    inspector.get_by_label("Name on the canvas").fill("Welcome email")
    inspector.get_by_label("Template", exact=True).select_option(keys["template"])
    node(page, "condition_1").locator(".jnode-title").click()
    expect(inspector.get_by_role("heading", name="Decision (IF/ELSE)")).to_be_visible()
    inspector.get_by_label("Name on the canvas").fill("Big account?")
    inspector.get_by_role("button", name="+ Condition").click()
    inspector.get_by_label("Condition 1: property").select_option("account.mrr")
    inspector.get_by_label("Condition 1: operator").select_option("gt")
    inspector.get_by_label("Condition 1: value").fill("1000")
    expect(node(page, "condition_1")).to_contain_text("1 condition")
    # Names, not keys: a template (which has no name) reads as its key in words.
    words = keys["template"].replace("-", " ").replace("_", " ")
    expect(node(page, "send_email_1")).to_contain_text("Email: " + words[0].upper() + words[1:])


def test_build_a_journey_by_drag_and_drop_then_publish_and_enable(served, api, page, admin_password):
    keys = workspace(api)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    page.set_viewport_size({"width": 1600, "height": 1200})
    log_in(page, served.base_url, admin_password)
    build(page, keys)
    configure(page, keys)
    expect(page.get_by_test_id("save-state")).to_have_text("● Unsaved changes")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_test_id("save-state")).to_have_text("All changes saved")

    page.reload()   # saved: the draft comes back as it was drawn
    expect(node(page, "send_email_1")).to_contain_text("Welcome email")
    expect(node(page, "condition_1")).to_contain_text("Big account?")
    expect(page.locator(".react-flow__edge")).to_have_count(4)
    assert dialogs == []   # nothing unsaved, so no "leave the page?" question

    # The entry tracks no segment yet: the problem shows on its node and Publish is blocked.
    expect(node(page, "entry").locator(".jnode-problem")).to_be_visible(timeout=10_000)
    publish = page.get_by_role("button", name="Publish", exact=True)
    expect(publish).to_be_disabled()
    screenshot(page, "editor-problem-on-node")

    node(page, "entry").locator(".jnode-title").click()
    page.get_by_role("complementary", name="Inspector").get_by_label(keys["segment_name"]).check()
    expect(node(page, "entry").locator(".jnode-problem")).to_have_count(0, timeout=10_000)
    expect(publish).to_be_enabled()
    publish.click()
    page.get_by_role("group", name="Publish the draft as version 1?").get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published version 1.")).to_be_visible()
    # The saved draft is version 1 now: nothing to publish, and the button says why.
    expect(publish).to_be_disabled()
    expect(publish).to_have_attribute("title", "Nothing to publish: the draft is the same as version 1")
    page.get_by_role("button", name="Enable", exact=True).click()
    page.get_by_role("group", name="Start enrolling accounts into version 1?") \
        .get_by_role("button", name="Enable").click()
    expect(page.get_by_test_id("journey-status")).to_have_text("live")
    page.get_by_role("button", name="Auto-layout").click()
    screenshot(page, "editor-journey-live")

    # Leaving with unsaved changes asks first (beforeunload); accepting drops the change.
    node(page, "end_1").locator(".jnode-title").click()
    page.get_by_role("complementary", name="Inspector").get_by_label("Name on the canvas").fill("Not kept")
    expect(publish).to_be_enabled()   # an edit is something to publish
    page.reload()
    expect(node(page, "condition_1")).to_be_visible()
    assert dialogs == ["beforeunload"]
    expect(node(page, "end_1")).not_to_contain_text("Not kept")
    assert edge_count(page) == 4
    # Reloaded, the draft is still the live version 1.
    expect(publish).to_have_attribute("title", "Nothing to publish: the draft is the same as version 1", timeout=10_000)
    expect(publish).to_be_disabled()
