"""The editor fills exactly the window below the nav (SPEC §5 designer): the page itself never
scrolls, so fit view, the zoom controls and the minimap stay on screen, the side panel scrolls on
its own, and the toolbar keeps one line at 1280 px wide, Disable included."""
from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, screenshot
from tests.e2e.test_designer_round2 import workspace

PAGE_FITS = "() => [document.scrollingElement.scrollHeight, innerHeight, document.scrollingElement.scrollTop]"


@pytest.mark.parametrize("width,height", [(1280, 720), (1440, 900)])
def test_the_editor_fits_the_window_with_a_step_selected(served, api, browser, admin_password, width, height):
    sfx = uuid.uuid4().hex[:8]
    journey = workspace(api, sfx, enroll_existing=False)
    api.post(f"/api/journeys/{journey['id']}/publish")
    api.post(f"/api/journeys/{journey['id']}/enable")
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        log_in(page, served.base_url, admin_password)
        page.goto(f"{served.base_url}/journeys/{journey['id']}")
        panel = page.locator(".tab-panel")
        for node, name in [("recap", "Recap email"), ("call", "Call them")]:  # the two longest step panels
            page.get_by_test_id(f"node-{node}").click()
            expect(panel.get_by_label("Name on the canvas")).to_have_value(name)
            page.wait_for_timeout(300)  # the email preview renders
            scroll_height, inner_height, _ = page.evaluate(PAGE_FITS)
            assert scroll_height <= inner_height, f"{node}: the page scrolls: {scroll_height} px in a {inner_height} px window"
            # the side panel scrolls on its own instead, and the canvas controls are on screen
            box = panel.bounding_box()
            assert box["y"] + box["height"] <= inner_height, f"the side panel runs off screen: {box}"
            for control in (page.locator(".react-flow__controls"), page.locator(".react-flow__minimap")):
                box = control.bounding_box()
                assert box and box["y"] + box["height"] <= inner_height, f"off screen: {box}"
        # choosing in "Connect to" at the panel's bottom scrolls the panel, never the page
        panel.get_by_label("Connect to", exact=True).scroll_into_view_if_needed()
        panel.get_by_label("Connect to", exact=True).select_option(index=1)
        assert page.evaluate(PAGE_FITS)[2] == 0, "the page scrolled"
        expect(page.get_by_role("toolbar", name="Journey tools")).to_be_in_viewport()
        # the toolbar keeps one line, with unsaved changes, Publish and Disable
        panel.get_by_label("Name on the canvas").fill("Call them about the renewal")
        expect(page.get_by_test_id("save-state")).to_have_text("● Unsaved changes")
        toolbar = page.get_by_role("toolbar", name="Journey tools")
        tops = {name: toolbar.get_by_role(role, name=name).bounding_box()["y"]
                for role, name in [("link", "← Journeys"), ("button", "Undo"), ("button", "Publish"), ("button", "Disable")]}
        assert max(tops.values()) - min(tops.values()) < 8, f"the toolbar wraps: {tops}"
        assert toolbar.bounding_box()["height"] < 60
        screenshot(page, f"editor-fits-{width}x{height}")
    finally:
        context.close()
