import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import ReportPanel from "./ReportPanel.jsx";
import OverviewReport from "./OverviewReport.jsx";
import { installFakeApi } from "../test/fakeApi.js";
import { editorStore } from "../store/editorStore.js";

const REPORT = {
  journey: { id: 1, key: "ab", name: "AB" }, from: "2026-11-01", to: "2026-11-30", bucket: "day",
  series: [{ t: "2026-11-01", enrolled: 8, goal_achieved: 4, completed: 3, unenrolled: 1, failed: 0 }],
  conversion: { rate: 0.5, ci95: [0.2152, 0.7848] }, time_to_goal_hours: { p50: 12.5, p90: 60 },
  nodes: { ab: { reached: 8, goal_after: 4 } },
  splits: { ab: { a: { n: 4, goal: 3, rate: 0.75, ci95: [0.3, 0.95] }, b: { n: 4, goal: 1, rate: 0.25, ci95: [0.05, 0.7] }, p_value: 0.1573 } },
  emails: { welcome: { sent: 4, opened: 2, clicked: 1, unsubscribed: 0 } },
};

afterEach(() => {
  editorStore.getState().setOverlay?.(null);
  editorStore.setState({ nodes: [] });
});

describe("Report tab", () => {
  it("shows the headline numbers, splits and emails, and asks again for a new period", async () => {
    const fetch = installFakeApi({ "GET /api/journeys/1/report": [200, REPORT] });
    render(<ReportPanel journeyId={1} initialRange={{ from: "2026-11-01", to: "2026-11-30", bucket: "day" }} />);
    expect((await screen.findByTitle(/how many achieved the goal/)).textContent).toBe("50.0%");
    expect(screen.getByText("21.5%–78.5%")).toBeTruthy();
    expect(screen.getByText("12.5 h")).toBeTruthy();
    expect(screen.getByText(/no clear difference/)).toBeTruthy();
    expect(screen.getByText("2 (50.0%)")).toBeTruthy(); // opened of sent
    expect(screen.getByText("1 Nov 2026 to 30 Nov 2026, UTC days")).toBeTruthy(); // calendar dates as every page says them
    expect(fetch.mock.calls[0][0]).toContain("from=2026-11-01&to=2026-11-30&bucket=day");
    fireEvent.change(screen.getByLabelText("By"), { target: { value: "week" } });
    await waitFor(() => expect(fetch.mock.calls.at(-1)[0]).toContain("bucket=week"));
  });

  it("downloads the steps as a table with a header row, one row per step in the canvas's order, named as the canvas names them", async () => {
    installFakeApi({ "GET /api/journeys/1/report": [200, { ...REPORT, nodes: { ab: { reached: 8, goal_after: 4 }, welcome: { reached: 4, goal_after: 3 } } }] });
    editorStore.setState({ nodes: [{ id: "welcome", type: "action", position: { x: 0, y: 0 }, data: { label: "Welcome, friend", config: { action: "send_email" } } },
      { id: "ab", type: "split", position: { x: 0, y: 0 }, data: { label: "=A or B" } }] });
    const blobs = [];
    vi.spyOn(URL, "createObjectURL").mockImplementation((blob) => { blobs.push(blob); return "blob:report"; });
    vi.spyOn(URL, "revokeObjectURL").mockImplementation(() => {});
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function click() { clicked.file = this.download; });
    render(<ReportPanel journeyId={1} initialRange={{ from: "2026-11-01", to: "2026-11-30", bucket: "day" }} />);
    const exports = await screen.findByRole("group", { name: "Export CSV" });
    fireEvent.click(within(exports).getByRole("button", { name: "Steps" }));
    expect(clicked.file).toBe("journey-ab-steps-2026-11-01-2026-11-30.csv");
    // a UTF-8 byte-order mark first: Excel then reads the file as UTF-8, not as its legacy code page
    expect([...new Uint8Array(await blobs[0].arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = (await blobs[0].text()).split("\r\n");  // text() drops the mark
    expect(lines[0]).toBe("Step,Step id,Kind,Branch,Reached,Goal after,Goal rate,Goal rate 95% low,Goal rate 95% high,Split p-value,"
      + "Accounts emailed,Opened,Clicked,Unsubscribed,Open rate,Click rate");
    expect(lines.slice(1, 5)).toEqual([
      '"Welcome, friend",welcome,Send email,,4,3,0.75,,,,4,2,1,0,0.5,0.25',
      '"\'=A or B",ab,Random split (A/B),,8,4,0.5,,,0.1573,,,,,,',
      '"\'=A or B",ab,Random split (A/B),a,4,3,0.75,0.3,0.95,,,,,,,',
      '"\'=A or B",ab,Random split (A/B),b,4,1,0.25,0.05,0.7,,,,,,,',
    ]);
    fireEvent.click(within(exports).getByRole("button", { name: "Over time" }));
    expect(clicked.file).toBe("journey-ab-daily-2026-11-01-2026-11-30.csv");
    expect(await blobs[1].text()).toBe("Day,Enrolled,Goal achieved,Completed,Unenrolled,Failed\r\n2026-11-01,8,4,3,1,0\r\n");
  });

  it("says nobody has reached the goal yet when there is no time to goal, never 'within the first hour'", async () => {
    const none = { ...REPORT, series: [{ ...REPORT.series[0], goal_achieved: 0 }], conversion: { rate: 0, ci95: [0, 0.3] },
      time_to_goal_hours: { p50: null, p90: null } };
    installFakeApi({ "GET /api/journeys/1/report": [200, none] });
    render(<ReportPanel journeyId={1} initialRange={{ from: "2026-11-01", to: "2026-11-30", bucket: "day" }} />);
    expect(await screen.findByText("No account has reached the goal yet")).toBeTruthy();
    expect(screen.queryByText(/first hour/)).toBeNull();
  });

  it("refuses a reversed period without asking the server, and shows the server's errors", async () => {
    const fetch = installFakeApi({ "GET /api/journeys/1/report": [422, { error: { code: "invalid", message: "A report covers at most 732 days." } }] });
    render(<ReportPanel journeyId={1} initialRange={{ from: "2026-11-30", to: "2026-11-01", bucket: "day" }} />);
    expect(screen.getByRole("alert").textContent).toMatch(/start date is after the end date/);
    expect(fetch).not.toHaveBeenCalled();
    fireEvent.change(screen.getByLabelText("From"), { target: { value: "2026-10-01" } });
    expect(await screen.findByText(/at most 732 days/)).toBeTruthy();
  });
});

describe("overview report", () => {
  it("lists every journey with enrolled, active and conversion", async () => {
    installFakeApi({ "GET /api/reports/overview": [200, { from: "2026-11-01", to: "2026-11-30", journeys: [
      { id: 1, key: "ab", name: "AB", enabled: true, enrolled: 8, active: 2, goal_achieved: 4, completed: 3, conversion: { rate: 0.5, ci95: [0.2152, 0.7848] } },
      { id: 2, key: "quiet", name: "Quiet", enabled: false, enrolled: 0, active: 0, goal_achieved: 0, completed: 0, conversion: { rate: null, ci95: null } },
    ] }] });
    render(<MemoryRouter><OverviewReport /></MemoryRouter>);
    const row = await screen.findByTestId("overview-row-ab");
    expect(row.textContent).toContain("50.0%");
    expect(row.textContent).toContain("21.5%–78.5%");
    expect(screen.getByTestId("overview-row-quiet").textContent).toContain("—");
    expect(screen.getByText(/^1 Nov 2026 to 30 Nov 2026, UTC days/)).toBeTruthy();
  });

  it("shows unenrolled and failed (linked to the Live view), and 'no goal' instead of a rate for a journey without one", async () => {
    installFakeApi({ "GET /api/reports/overview": [200, { from: "2026-11-01", to: "2026-11-30", journeys: [
      { id: 1, key: "ab", name: "AB", enabled: true, enrolled: 8, active: 2, goal_achieved: 4, completed: 3, unenrolled: 1, failed: 2, failed_now: 3, has_goal: true, conversion: { rate: 0.5, ci95: [0.2152, 0.7848] } },
      { id: 2, key: "drip", name: "Drip", enabled: true, enrolled: 5, active: 5, goal_achieved: 0, completed: 0, unenrolled: 0, failed: 0, failed_now: 0, has_goal: false, conversion: null },
    ] }] });
    render(<MemoryRouter><OverviewReport /></MemoryRouter>);
    const table = await screen.findByRole("table", { name: "Journeys overview" });
    const headers = [...table.querySelectorAll("th")].map((th) => th.textContent);
    expect(headers).toEqual(expect.arrayContaining(["Unenrolled", "Failed"]));
    const cells = (key) => [...screen.getByTestId(`overview-row-${key}`).querySelectorAll("td")].map((td) => td.textContent);
    const col = (name) => headers.indexOf(name);
    expect(cells("ab")[col("Unenrolled")]).toBe("1");
    expect(cells("ab")[col("Failed")]).toBe("2 (3 now)");
    const failed = screen.getByTestId("overview-row-ab").querySelectorAll("td")[col("Failed")].querySelector("a");
    expect(failed.getAttribute("href")).toBe("/journeys/1?tab=live");
    expect(cells("drip")[col("Failed")]).toBe("0");
    expect(cells("drip")[col("Conversion")]).toBe("no goal");
    expect(cells("drip")[col("95% interval")]).toBe("");
    expect(screen.getByTestId("overview-row-drip").textContent).not.toMatch(/%/);
  });
});
