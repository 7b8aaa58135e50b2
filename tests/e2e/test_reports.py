"""Reporting (issue 17) in the browser: a journey's Report tab with its charts (enrollments
and goals over time, reach by step, the A/B split with intervals, email engagement), the CSV
export, and the Overview report of every journey. Screenshots go to test-artifacts/screenshots/."""
from __future__ import annotations

import csv
import uuid

from playwright.sync_api import expect

from tests.e2e.conftest import log_in, screenshot


LONG_STEP = "Wait ten days, then check whether they adopted the reporting module"


def unreadable_chart_text(figure) -> list[str]:
    """The texts of a figure's chart drawn (even partly) outside the chart (clipped), and the axis
    labels drawn over a neighbour's (a pair "a / b")."""
    return figure.locator(".recharts-wrapper > svg").evaluate("""svg => {
        const box = svg.getBoundingClientRect();
        const out = [...svg.querySelectorAll("text")].filter((t) => {
            const r = t.getBoundingClientRect();
            return r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5;
        }).map((t) => t.textContent);
        for (const axis of svg.querySelectorAll(".recharts-cartesian-axis-tick-labels")) {
            const labels = [...axis.querySelectorAll("text")].map((t) => [t.textContent, t.getBoundingClientRect()]);
            labels.forEach(([a, r], i) => labels.slice(i + 1).forEach(([b, q]) => {
                if (r.left < q.right - 0.5 && q.left < r.right - 0.5 && r.top < q.bottom - 0.5 && q.top < r.bottom - 0.5) out.push(`${a} / ${b}`);
            }));
        }
        return out;
    }""")


def axis_labels(figure) -> dict[str, list[str]]:
    """A chart's name labels: each full name (its tooltip) → the lines drawn."""
    return dict(figure.locator("text.chart-label").evaluate_all("""texts => texts.map((t) => [
        t.querySelector("title").textContent, [...t.querySelectorAll("tspan")].map((s) => s.textContent)])"""))


def ab_graph(sfx: str) -> dict:
    """entry → split a/b; a: welcome email, b: a call task; both wait 10 days. Goal: MRR over 1,000."""
    return {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "label": "Joins the segment", "ui": {"x": 0, "y": 0},
         "config": {"segments": [f"rep-{sfx}"], "reenroll": {"mode": "never"}, "enroll_existing": True}},
        {"id": "ab", "type": "split", "label": "Email or call?", "ui": {"x": 0, "y": 130},
         "config": {"weights": {"email": 1, "call": 1}}},
        {"id": "welcome", "type": "action", "label": "Welcome email", "ui": {"x": -170, "y": 260},
         "config": {"action": "send_email", "template": f"rep-{sfx}", "to": {"contacts": "all"}}},
        {"id": "call", "type": "action", "label": "Call them", "ui": {"x": 170, "y": 260},
         "config": {"action": "create_task", "title": "Call {{ account.name }}", "assignee": "csm",
                    "due_in_days": 2, "priority": "low"}},
        {"id": "wait_a", "type": "wait", "label": "Ten days", "ui": {"x": -170, "y": 390}, "config": {"for": {"days": 10}}},
        {"id": "wait_b", "type": "wait", "label": LONG_STEP, "ui": {"x": 170, "y": 390}, "config": {"for": {"days": 10}}},
        {"id": "goal", "type": "goal", "label": "Upgraded", "ui": {"x": 360, "y": 0},
         "config": {"rule": {"all": [{"property": "account.mrr", "op": "gt", "value": 1000}]}}},
    ], "edges": [
        {"source": "start", "target": "ab"}, {"source": "ab", "target": "welcome", "branch": "email"},
        {"source": "ab", "target": "call", "branch": "call"}, {"source": "welcome", "target": "wait_a"},
        {"source": "call", "target": "wait_b"}]}


def reporting_journey(api, sfx: str, accounts: int = 12) -> int:
    api.post("/api/templates", {"key": f"rep-{sfx}", "subject": "Welcome, {{ account.name }}",
                                "body": "Hello {{ contact.name }}"})
    api.post("/api/segments", {"key": f"rep-{sfx}", "name": f"Report {sfx}",
                               "rule": {"all": [{"property": "account.stage", "op": "eq", "value": sfx}]}})
    for i in range(accounts):
        api.put(f"/api/accounts/rep{i}-{sfx}", {"name": f"Account {i} {sfx}", "stage": sfx, "mrr": 500,
                                                "contacts": [{"name": "Ana", "email": f"ana{i}@{sfx}.example",
                                                              "role": "admin"}]})
    journey = api.post("/api/journeys", {"key": f"rep-{sfx}",
                                         "name": f"Upgrade push {sfx}: starter accounts that could use more seats",
                                         "graph": ab_graph(sfx)})
    api.post(f"/api/journeys/{journey['id']}/publish", {"note": "A/B"})
    api.post(f"/api/journeys/{journey['id']}/enable")
    api.wait_for(f"/api/journeys/{journey['id']}/report", lambda r: r["nodes"]["ab"]["reached"] == accounts,
                 what="every account through the split")
    for i in range(0, accounts, 3):  # a third upgrade: the goal
        api.call("PATCH", f"/api/accounts/rep{i}-{sfx}", {"mrr": 2000})
    api.wait_for(f"/api/journeys/{journey['id']}/report",
                 lambda r: sum(p["goal_achieved"] for p in r["series"]) == len(range(0, accounts, 3)),
                 what="the upgrades counted as goals")
    return journey["id"]


def test_report_tab_charts_and_csv(served, api, page, admin_password):
    sfx = uuid.uuid4().hex[:8]
    journey_id = reporting_journey(api, sfx)
    report = api.get(f"/api/journeys/{journey_id}/report")
    assert report["conversion"]["rate"] == round(4 / 12, 6)

    log_in(page, served.base_url, admin_password)
    page.goto(f"{served.base_url}/journeys/{journey_id}")
    page.get_by_role("tab", name="Report").click()
    panel = page.get_by_label("Report", exact=True)
    expect(panel.get_by_title("Of the accounts enrolled in the period, how many achieved the goal")).to_have_text("33.3%")
    for chart in ("Enrollments and goals over time", "Reach by step", "Split Email or call?", "Email engagement"):
        figure = page.get_by_role("figure", name=chart)
        expect(figure).to_be_visible()
        expect(figure.locator(".recharts-surface").first).to_be_visible()  # drawn by the library
    expect(page.locator(".recharts-errorBar").first).to_be_attached()  # the split's intervals
    for chart in ("Enrollments and goals over time", "Reach by step", "Split Email or call?", "Email engagement"):
        assert unreadable_chart_text(page.get_by_role("figure", name=chart)) == [], chart  # none clipped or overlapping
    # a long step name is wrapped and cut with an ellipsis on the axis; its tooltip has it whole
    ticks = axis_labels(page.get_by_role("figure", name="Reach by step"))
    assert len(ticks[LONG_STEP]) == 2 and ticks[LONG_STEP][-1].endswith("…"), ticks
    assert ticks["Email or call?"] == ["Email or call?"], ticks
    split = page.get_by_role("figure", name="Split Email or call?")
    expect(split.get_by_role("row", name="email")).to_contain_text(str(report["splits"]["ab"]["email"]["n"]))
    expect(page.get_by_role("figure", name="Email engagement")).to_contain_text(
        str(report["emails"]["welcome"]["sent"]))
    screenshot(page, "report-tab")

    exports = panel.get_by_role("group", name="Export CSV")
    with page.expect_download() as download:
        exports.get_by_role("button", name="Steps").click()
    assert download.value.suggested_filename == f"journey-rep-{sfx}-steps-{report['from']}-{report['to']}.csv"
    with open(download.value.path(), encoding="utf-8-sig", newline="") as handle:  # a spreadsheet's view: a table
        steps = list(csv.DictReader(handle))
    by_step = {(row["Step id"], row["Branch"]): row for row in steps}
    assert [row["Step"] for row in steps[:2]] == ["Joins the segment", "Email or call?"]
    assert by_step[("ab", "")]["Reached"] == "12" and by_step[("ab", "")]["Kind"] == "Random split (A/B)"
    assert by_step[("ab", "email")]["Reached"] == str(report["splits"]["ab"]["email"]["n"])
    assert by_step[("welcome", "")]["Accounts emailed"] == str(report["emails"]["welcome"]["sent"])
    with page.expect_download() as download:
        exports.get_by_role("button", name="Summary").click()
    with open(download.value.path(), encoding="utf-8-sig", newline="") as handle:
        assert list(csv.DictReader(handle))[0]["Conversion rate"] == "0.333333"

    panel.get_by_label("From", exact=True).fill("2026-12-31")
    panel.get_by_label("To", exact=True).fill("2026-01-01")
    expect(panel.get_by_role("alert")).to_contain_text("start date is after the end date")


def failing_journey(api, sfx: str) -> int:
    """A journey with no goal step whose one action fails for an account with an MRR of 0 (a task
    title dividing by it): one failed enrollment, and no conversion to speak of."""
    api.post("/api/segments", {"key": f"ovfail-{sfx}", "name": f"Overview failing {sfx}",
                               "rule": {"all": [{"property": "account.stage", "op": "eq", "value": f"f{sfx}"}]}})
    graph = {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "ui": {"x": 0, "y": 0},
         "config": {"segments": [f"ovfail-{sfx}"], "reenroll": {"mode": "never"}, "enroll_existing": False}},
        {"id": "ratio", "type": "action", "label": "Ratio task", "ui": {"x": 0, "y": 160},
         "config": {"action": "create_task", "title": "Per dollar: {{ 100 / account.mrr }}", "assignee": "csm",
                    "due_in_days": 1, "priority": "low"}},
        {"id": "done", "type": "end", "ui": {"x": 0, "y": 320}}],
        "edges": [{"source": "start", "target": "ratio"}, {"source": "ratio", "target": "done"}]}
    journey = api.post("/api/journeys", {"key": f"ovfail-{sfx}", "name": f"Ratio tasks {sfx}", "graph": graph})
    api.post(f"/api/journeys/{journey['id']}/publish")
    api.post(f"/api/journeys/{journey['id']}/enable")
    api.put(f"/api/accounts/ovzero-{sfx}", {"name": f"Zero {sfx}", "stage": f"f{sfx}", "mrr": 0})
    api.wait_for(f"/api/accounts/ovzero-{sfx}/journeys",
                 lambda r: any(e["status"] == "failed" for e in r["enrollments"]), what="the action failing")
    return journey["id"]


def test_overview_lists_every_journey(served, api, page, admin_password):
    sfx = uuid.uuid4().hex[:8]
    journey_id = reporting_journey(api, sfx, accounts=6)
    failing_id = failing_journey(api, sfx)
    log_in(page, served.base_url, admin_password)
    page.goto(f"{served.base_url}/journeys")
    page.get_by_role("tab", name="Overview report").click()
    row = page.get_by_test_id(f"overview-row-rep-{sfx}")
    expect(row).to_contain_text("33.3%")
    expect(row.locator("td").nth(2)).to_have_text("6")
    headers = page.get_by_role("table", name="Journeys overview").locator("th").all_inner_texts()
    assert {"Unenrolled", "Failed"} <= set(headers), headers
    failing = page.get_by_test_id(f"overview-row-ovfail-{sfx}")
    failed = failing.locator("td").nth(headers.index("Failed")).get_by_role("link")
    expect(failed).to_have_text("1")
    expect(failed).to_have_attribute("href", f"/journeys/{failing_id}?tab=live")
    expect(failing.locator("td").nth(headers.index("Conversion"))).to_have_text("no goal")
    expect(failing).not_to_contain_text("%")
    conversion = page.get_by_role("figure", name="Conversion by journey")
    expect(conversion.locator(".recharts-surface").first).to_be_visible()
    assert unreadable_chart_text(conversion) == []  # long journey names wrapped, not cut at the edge
    assert f"Upgrade push {sfx}: starter accounts that could use more seats" in axis_labels(conversion)
    screenshot(page, "report-overview")
    row.get_by_role("link").click()
    expect(page).to_have_url(f"{served.base_url}/journeys/{journey_id}?tab=report")
    expect(page.get_by_role("figure", name="Reach by step")).to_be_visible(timeout=20_000)  # a loaded machine
    page.go_back()
    page.get_by_role("tab", name="Overview report").click()
    failed.click()  # the failure is one click from its Retry
    expect(page.get_by_label("Failed enrollments")).to_contain_text(f"Zero {sfx}")


def test_overview_draws_the_interval_of_a_journey_nobody_converted_in(served, api, page, admin_password):
    """Three accounts in, no goal yet: 0.0% with an interval of 0–56%. The chart drew no bar and no
    interval for it (a bar of zero length), so it read as if the journey had no figures at all."""
    sfx = uuid.uuid4().hex[:8]
    reporting_journey(api, sfx, accounts=3)
    zero = f"Nobody yet {sfx}"
    api.post("/api/segments", {"key": f"zero-{sfx}", "name": f"Zero {sfx}",
                               "rule": {"all": [{"property": "account.stage", "op": "eq", "value": f"z{sfx}"}]}})
    graph = {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "ui": {"x": 0, "y": 0},
         "config": {"segments": [f"zero-{sfx}"], "reenroll": {"mode": "never"}, "enroll_existing": True}},
        {"id": "wait", "type": "wait", "ui": {"x": 0, "y": 150}, "config": {"for": {"days": 10}}},
        {"id": "goal", "type": "goal", "ui": {"x": 300, "y": 0},
         "config": {"rule": {"all": [{"property": "account.mrr", "op": "gt", "value": 1000}]}}}],
        "edges": [{"source": "start", "target": "wait"}]}
    for i in range(3):
        api.put(f"/api/accounts/zero{i}-{sfx}", {"name": f"Zero {i} {sfx}", "stage": f"z{sfx}", "mrr": 10})
    journey = api.post("/api/journeys", {"key": f"zero-{sfx}", "name": zero, "graph": graph})
    api.post(f"/api/journeys/{journey['id']}/publish")
    api.post(f"/api/journeys/{journey['id']}/enable")
    api.wait_for(f"/api/journeys/{journey['id']}/report", lambda r: r["nodes"]["wait"]["reached"] == 3,
                 what="the three accounts waiting")
    log_in(page, served.base_url, admin_password)
    page.goto(f"{served.base_url}/journeys")
    page.get_by_role("tab", name="Overview report").click()
    expect(page.get_by_test_id(f"overview-row-zero-{sfx}")).to_contain_text("0.0%")
    conversion = page.get_by_role("figure", name="Conversion by journey")
    expect(conversion.locator(".recharts-surface").first).to_be_visible()
    assert zero in axis_labels(conversion)
    # every journey on the chart has its interval drawn, the one at 0% too
    rows = len(axis_labels(conversion))
    expect(conversion.locator(".recharts-errorBar")).to_have_count(rows)

