"""The Live tab and "Show on canvas" as support reads them (QA 57, 59): the counts and the path
are badges over a step's edges that never make it taller (so it never covers the next step or
the line to it), the Live panel lists "Here now" apart from "Passed" (with where each account
is now), and the path banner names the account by name."""
from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from tests.e2e.conftest import log_in, screenshot
from tests.e2e.test_live_changes import live_journey

NODES = ("start", "cooloff", "big", "vip", "call")


def heights(page) -> dict[str, float]:
    return {n: page.get_by_test_id(f"node-{n}").bounding_box()["height"] for n in NODES}


def test_live_counts_and_the_path_never_make_a_step_taller(served, api, page, admin_password):
    sfx = uuid.uuid4().hex[:8]
    journey_id, _ = live_journey(api, sfx)
    log_in(page, served.base_url, admin_password)
    page.goto(f"{served.base_url}/journeys/{journey_id}")
    page.get_by_test_id("node-cooloff").wait_for()
    page.wait_for_timeout(300)
    plain = heights(page)

    page.get_by_role("tab", name="Live").click()
    cool = page.get_by_test_id("node-cooloff")
    expect(cool.get_by_label("Live counts")).to_contain_text("3 here now")
    expect(page.get_by_test_id("node-start").get_by_label("Live counts")).to_contain_text("3 passed")
    # the canvas counts visits and the Live tab accounts: the badge's hover says which
    expect(page.get_by_test_id("node-start").get_by_label("Live counts")).to_have_attribute(
        "title", re.compile(r"3 passed \(each visit counts.*the Live tab counts accounts\)"))
    assert heights(page) == plain, "the live counts changed the steps' heights"
    # the badge sits over the card's top edge, not inside it below the summary
    badge = cool.locator(".jnode-badge").first.bounding_box()
    box = cool.bounding_box()
    assert badge["y"] < box["y"] < badge["y"] + badge["height"]

    # the entry step: nobody here now, three passed, each said to be at the cool-off now
    page.get_by_test_id("node-start").click()
    live = page.get_by_role("region", name="Accounts of Joins the segment")
    expect(live.get_by_role("heading", name="Here now (0)")).to_be_visible()
    expect(live.get_by_text("No accounts are at this step now.")).to_be_visible()
    expect(live.get_by_role("heading", name="Passed (3)")).to_be_visible()
    passed = live.get_by_role("table", name="Passed")
    expect(passed.get_by_role("row").filter(has_text=f"Acme {sfx}")).to_contain_text("at Cool-off")
    screenshot(page, "live-here-now-and-passed")
    page.get_by_test_id("node-cooloff").click()
    expect(page.get_by_role("region", name="Accounts of Cool-off").get_by_role("heading", name="Here now (3)")).to_be_visible()

    # Show on canvas: the path's badges do not change the heights either; the banner names the account
    [enrollment] = api.get(f"/api/accounts/acme-{sfx}/journeys")["enrollments"]
    page.goto(f"{served.base_url}/journeys/{journey_id}?account=acme-{sfx}&enrollment={enrollment['id']}")
    expect(page.get_by_text(f"Showing the path of Acme {sfx} (acme-{sfx}): version 1, active.")).to_be_visible()
    expect(page.get_by_test_id("node-cooloff").get_by_label("Path: ", exact=False)).to_contain_text("waiting")
    page.wait_for_timeout(300)
    assert heights(page) == plain, "the path overlay changed the steps' heights"
    screenshot(page, "show-on-canvas-badges")

    # the Path tab says every step in words; a step selected on the canvas lists its visits
    path = page.get_by_role("region", name="The account's path")
    expect(page.get_by_role("tab", name="Path")).to_have_attribute("aria-selected", "true")
    expect(path.get_by_test_id("path-visit-cooloff-1")).to_contain_text("Waiting until")
    page.get_by_test_id("node-cooloff").click()
    expect(path.get_by_role("heading", name="Cool-off · 1 visit")).to_be_visible()
    expect(path.get_by_test_id("path-visit-start-1")).to_have_count(0)
    screenshot(page, "show-on-canvas-path-tab")
    # the Live tab draws its counts over the path; back on the Path tab, the path is drawn again
    page.get_by_role("tab", name="Live").click()
    expect(page.get_by_test_id("node-cooloff").get_by_label("Live counts")).to_contain_text("3 here now")
    page.get_by_role("tab", name="Path").click()
    expect(page.get_by_test_id("node-cooloff").get_by_label("Path: ", exact=False)).to_contain_text("waiting")
