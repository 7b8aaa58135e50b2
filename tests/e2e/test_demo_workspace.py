"""The first start without ``--no-seed`` (what ``make run`` does) shows the demo workspace."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from backend.demo_journeys import ENABLED_KEY, demo_journeys
from tests.conftest import make_test_database
from tests.e2e.conftest import log_in, screenshot
from tests.served import ServedApp


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    app = ServedApp(tmp_path_factory.mktemp("demo-instance"), make_test_database(tmp_path_factory, "demo"),
                    seed=True)
    try:
        app.wait_healthy()
        yield app
    finally:
        app.stop()


def test_demo_journeys_are_listed_with_one_live_and_each_opens_clean(seeded, page):
    assert "seeded a demo workspace" in seeded.output()
    log_in(page, seeded.base_url, (seeded.instance / "admin-password.txt").read_text().strip())
    table = page.get_by_role("table", name="Journeys")
    demo = demo_journeys()
    for journey in demo:
        expect(table.get_by_role("link", name=journey["name"], exact=True)).to_be_visible()
    expect(table.locator(".badge.live")).to_have_count(1)
    live_row = page.get_by_test_id(f"journey-row-{ENABLED_KEY}")
    expect(live_row.get_by_role("switch")).to_have_attribute("aria-checked", "true")
    # The worker enrolls the accounts already in the drip's segment: the counts fill in.
    for _ in range(30):
        if live_row.locator("td").nth(3).inner_text().strip() not in ("", "0"):
            break
        page.wait_for_timeout(1000)
        page.reload()
    assert int(live_row.locator("td").nth(3).inner_text()) > 0
    assert _misaligned_cells(page, "Journeys") == [], "cells of a row do not share its top and bottom border"
    screenshot(page, "demo-journeys-list")

    for journey in demo:
        page.get_by_role("navigation").get_by_role("link", name="Journeys", exact=True).click()
        table.get_by_role("link", name=journey["name"], exact=True).click()
        nodes = page.locator(".react-flow__node")
        expect(nodes).to_have_count(len(journey["graph"]["nodes"]))
        expect(page.get_by_role("tab", name="Problems (0)")).to_be_visible(timeout=10_000)
        expect(page.locator(".jnode-problem")).to_have_count(0)
        boxes = [nodes.nth(i).bounding_box() for i in range(nodes.count())]
        assert not _overlapping(boxes), f"{journey['key']}: steps overlap on the canvas"
    page.get_by_role("navigation").get_by_role("link", name="Journeys", exact=True).click()
    table.get_by_role("link", name=demo[1]["name"], exact=True).click()
    page.get_by_role("tab", name="Live").click()
    expect(page.locator(".jnode-live").first).to_be_visible()
    screenshot(page, "demo-onboarding-drip-live")


def test_demo_accounts_can_be_browsed_paged_filtered_and_opened(seeded, page):
    log_in(page, seeded.base_url, (seeded.instance / "admin-password.txt").read_text().strip())
    page.get_by_role("navigation").get_by_role("link", name="Accounts", exact=True).click()
    table = page.get_by_role("table", name="Accounts")
    rows = table.locator("tbody tr")
    pages = page.get_by_role("navigation", name="Account pages")
    expect(pages).to_contain_text("1–50 of 200")  # nothing typed: every account, a page at a time
    expect(rows).to_have_count(50)
    expect(rows.first.get_by_role("cell").nth(1)).to_have_text("acct-001")
    expect(pages.get_by_role("button", name="Previous")).to_be_disabled()
    assert _misaligned_cells(page, "Accounts") == [], "cells of a row do not share its top and bottom border"
    screenshot(page, "accounts-list")

    pages.get_by_role("button", name="Next").click()
    expect(pages).to_contain_text("51–100 of 200")
    expect(rows.first.get_by_role("cell").nth(1)).to_have_text("acct-051")
    expect(page).to_have_url(f"{seeded.base_url}/accounts?page=2")

    page.get_by_label("Segment").select_option("new-accounts")
    expect(pages).not_to_contain_text("of 200")
    count = pages.locator(".pager-count").inner_text()  # "1–N of N"
    total = int(count.split(" of ")[1])
    assert 0 < total < 200 and count == f"1–{min(total, 50)} of {total}", count
    expect(rows).to_have_count(min(total, 50))
    for i in range(rows.count()):
        expect(rows.nth(i).get_by_role("cell").nth(2)).to_have_text("new")
        expect(rows.nth(i).get_by_role("cell").nth(5)).to_contain_text("New accounts")
    screenshot(page, "accounts-list-segment")

    first = rows.first
    name = first.get_by_role("link").inner_text()
    first.get_by_role("cell").nth(2).click()  # the row, not only its link, opens the account
    expect(page.get_by_role("region", name="Account").get_by_role("heading", level=2)).to_contain_text(name)
    expect(page.get_by_role("heading", name="Emails")).to_be_visible()
    page.get_by_role("link", name="← All accounts").click()
    expect(pages).to_contain_text(count)
    expect(page.get_by_label("Segment")).to_have_value("new-accounts")


def _overlapping(boxes) -> bool:
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
                    and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]):
                return True
    return False


CELL_EDGES = """(label) => [...document.querySelectorAll(`table[aria-label="${label}"] tr`)].flatMap((row, r) =>
  [...row.children].map((cell, c) => { const a = cell.getBoundingClientRect(), b = row.getBoundingClientRect();
    return {r, c, top: a.top - b.top, bottom: a.bottom - b.bottom}; }))"""


def _misaligned_cells(page, table: str) -> list[dict]:
    """The cells of table ``table`` whose top or bottom edge is not their row's (borders then stop lining up)."""
    return [cell for cell in page.evaluate(CELL_EDGES, table) if abs(cell["top"]) > 0.5 or abs(cell["bottom"]) > 0.5]

