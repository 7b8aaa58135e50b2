import { describe, expect, it } from "vitest";
import {
  emailRows, hours, interval, lastDays, overviewCsv, percent, pValueWords, rangeProblem, reachRows, reportKinds, reportLabels,
  reportSeriesCsv, reportStepsCsv, reportSummaryCsv, splitRows, toCsv,
} from "./reportData.js";

/** CSV text → rows of cells (RFC 4180: quoted cells may hold commas, doubled quotes, line breaks). */
function parseCsv(text) {
  const rows = [];
  let row = [], cell = "", quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i += 1; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") { row.push(cell); cell = ""; }
    else if (ch === "\r" && text[i + 1] === "\n") { row.push(cell); rows.push(row); row = []; cell = ""; i += 1; }
    else cell += ch;
  }
  expect(row.length + cell.length).toBe(0); // ends with a line break
  return rows;
}

/** CSV text → one object per row after the header, keyed by the header's words; every row as wide as the header. */
function csvTable(text) {
  const [header, ...rows] = parseCsv(text);
  for (const r of rows) expect(r).toHaveLength(header.length);
  return { header, rows: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))) };
}

const REPORT = {
  journey: { id: 1, key: "ab", name: "AB" }, from: "2026-11-01", to: "2026-11-02", bucket: "day",
  series: [{ t: "2026-11-01", enrolled: 4, goal_achieved: 1, completed: 0, unenrolled: 0, failed: 0 },
    { t: "2026-11-02", enrolled: 0, goal_achieved: 1, completed: 2, unenrolled: 1, failed: 0 }],
  conversion: { rate: 0.5, ci95: [0.15, 0.85] }, time_to_goal_hours: { p50: 12.5, p90: 30 },
  nodes: { start: { reached: 4, goal_after: 2 }, ab: { reached: 4, goal_after: 2 } },
  splits: { ab: { a: { n: 2, goal: 2, rate: 1, ci95: [0.34, 1] }, b: { n: 2, goal: 0, rate: 0, ci95: [0, 0.66] }, p_value: 0.0455 } },
  emails: { welcome: { sent: 2, opened: 1, clicked: 0, unsubscribed: 0 } },
};

describe("report data", () => {
  it("picks the last n UTC days, today included", () => {
    expect(lastDays(7, new Date("2026-11-30T23:30:00Z"))).toEqual({ from: "2026-11-24", to: "2026-11-30" });
  });

  it("says what is wrong with a range before asking the server", () => {
    expect(rangeProblem({ from: "2026-11-02", to: "2026-11-01" })).toMatch(/after/);
    expect(rangeProblem({ from: "2024-01-01", to: "2026-11-01" })).toMatch(/two years/);
    expect(rangeProblem({ from: "", to: "2026-11-01" })).toMatch(/both/);
    expect(rangeProblem({ from: "2026-11-01", to: "2026-11-01" })).toBeNull();
  });

  it("words rates, intervals, hours and p-values", () => {
    expect(percent(0.4567)).toBe("45.7%");
    expect(percent(null)).toBe("—");
    expect(interval([0.15, 0.85])).toBe("15.0%–85.0%");
    expect(hours(12.5)).toBe("12.5 h");
    expect(hours(0.5)).toBe("under 1 h");  // whole-hour buckets: a goal met in seconds is not "0.5 h"
    expect(hours(1)).toBe("1 h");
    expect(hours(72)).toBe("3 days");
    expect(pValueWords(0.0456)).toMatch(/p = 0.046: the branches differ/);
    expect(pValueWords(0.5)).toMatch(/no clear difference/);
    expect(pValueWords(null)).toMatch(/Not enough data/);
  });

  it("names a step a later version removed by its last label, else its kind", () => {
    const nodes = [{ id: "start", type: "entry", data: { label: "Joins" } }, { id: "wait2", type: "wait", data: {} },
      { id: "assign_playbook_1", type: "action", data: { config: { action: "assign_playbook" } } }, { id: "end_1", type: "end", data: {} }];
    const report = { nodes: { start: {}, wait2: {}, wait3: { label: "Wait 3 days", type: "wait" }, old: { label: null, type: "wait" } } };
    // a step left with its default name reads as its card does, not as its id
    expect(reportLabels(nodes, report)).toEqual({ start: "Joins", wait2: "Wait", assign_playbook_1: "Assign playbook", end_1: "End",
      wait3: "Wait 3 days (removed)", old: "Wait (removed)" });
  });

  it("builds chart rows: reach in graph order with labels, split error bars, email rates", () => {
    expect(reachRows(REPORT, { ab: "A/B test" }, ["ab", "start", "gone"]).map((r) => r.name)).toEqual(["A/B test", "start"]);
    const [a, b] = splitRows(REPORT.splits.ab);
    expect(a).toMatchObject({ branch: "a", rate: 100, n: 2 });
    expect(a.error[0]).toBeCloseTo(66);
    expect(b.error).toEqual([0, 66]);
    expect(emailRows(REPORT)[0]).toMatchObject({ id: "welcome", open_rate: 0.5, click_rate: 0 });
  });

  it("exports the steps as a table: one row per step with its figures as columns, split branches and emails included", () => {
    const nodes = [{ id: "start", type: "entry", data: { label: "Joins" } }, { id: "ab", type: "split", data: { label: "A, or B" } },
      { id: "welcome", type: "action", data: { label: 'Welcome, "new"\nfriend', config: { action: "send_email" } } }];
    const report = { ...REPORT, nodes: { ...REPORT.nodes, welcome: { reached: 2, goal_after: 1 }, gone: { reached: 1, goal_after: 0, label: "=1+1", type: "wait" } } };
    const labels = reportLabels(nodes, report);
    const { header, rows } = csvTable(reportStepsCsv(report, labels, reportKinds(nodes, report), ["start", "ab", "welcome"]));
    expect(header.slice(0, 7)).toEqual(["Step", "Step id", "Kind", "Branch", "Reached", "Goal after", "Goal rate"]);
    expect(header).toEqual(expect.arrayContaining(["Split p-value", "Accounts emailed", "Opened", "Clicked", "Unsubscribed", "Open rate"]));
    expect(rows.map((r) => [r["Step id"], r.Branch])).toEqual([["start", ""], ["ab", ""], ["ab", "a"], ["ab", "b"], ["welcome", ""], ["gone", ""]]);
    expect(rows[0]).toMatchObject({ Step: "Joins", Kind: "Entry", Reached: "4", "Goal after": "2", "Goal rate": "0.5", "Accounts emailed": "" });
    expect(rows[1]).toMatchObject({ Step: "A, or B", Kind: "Random split (A/B)", Reached: "4", "Split p-value": "0.0455" });
    expect(rows[2]).toMatchObject({ Step: "A, or B", Branch: "a", Reached: "2", "Goal after": "2", "Goal rate": "1",
      "Goal rate 95% low": "0.34", "Goal rate 95% high": "1" });
    expect(rows[4]).toMatchObject({ Step: 'Welcome, "new"\nfriend', Kind: "Send email", Reached: "2", "Accounts emailed": "2",
      Opened: "1", Clicked: "0", Unsubscribed: "0", "Open rate": "0.5", "Click rate": "0" });
    // a removed step keeps its last name, and a name a spreadsheet would run as a formula reads as text
    expect(rows[5]).toMatchObject({ Step: "'=1+1 (removed)", Kind: "Wait", Reached: "1" });
  });

  it("exports the series and the headline numbers as tables with a header row", () => {
    const series = csvTable(reportSeriesCsv(REPORT));
    expect(series.header).toEqual(["Day", "Enrolled", "Goal achieved", "Completed", "Unenrolled", "Failed"]);
    expect(series.rows.map(Object.values)).toEqual([["2026-11-01", "4", "1", "0", "0", "0"], ["2026-11-02", "0", "1", "2", "1", "0"]]);
    expect(csvTable(reportSeriesCsv({ ...REPORT, bucket: "week" })).header[0]).toBe("Week from");
    const summary = csvTable(reportSummaryCsv(REPORT));
    expect(summary.rows).toEqual([{ Journey: "AB", Key: "ab", From: "2026-11-01", To: "2026-11-02", Enrolled: "4", "Goal achieved": "2",
      Completed: "2", Unenrolled: "1", Failed: "0", "Conversion rate": "0.5", "Conversion 95% low": "0.15", "Conversion 95% high": "0.85",
      "Time to goal, median": "12.5 h", "Time to goal, 90% within": "30 h" }]);
    // a goal met minutes after enrolling: the hour buckets only know "under 1 h", never "0.5"
    const fast = csvTable(reportSummaryCsv({ ...REPORT, time_to_goal_hours: { p50: 0.5, p90: 0.9 } })).rows[0];
    expect([fast["Time to goal, median"], fast["Time to goal, 90% within"]]).toEqual(["under 1 h", "under 1 h"]);
  });

  it("quotes commas, quotes and line breaks, and defuses what a spreadsheet would run as a formula", () => {
    expect(toCsv([["=HYPERLINK(1)", 'say "hi"', "a,b", "two\nlines", "+1", "-x", "@SUM(A1)", "plain", -3, 0.5, null, true]]))
      .toBe('"\'=HYPERLINK(1)","say ""hi""","a,b","two\nlines","\'+1","\'-x","\'@SUM(A1)",plain,-3,0.5,,true\r\n');
    const overview = overviewCsv({ journeys: [
      { name: "AB", key: "ab", enabled: true, enrolled: 4, active: 1, goal_achieved: 2, completed: 1, unenrolled: 1, failed: 2, failed_now: 3, has_goal: true, conversion: { rate: 0.5, ci95: [0.15, 0.85] } },
      { name: "Drip", key: "drip", enabled: true, enrolled: 5, active: 5, goal_achieved: 0, completed: 0, unenrolled: 0, failed: 0, failed_now: 0, has_goal: false, conversion: null }] });
    const { header, rows } = csvTable(overview);
    expect(header).toEqual(["Journey", "Key", "Enabled", "Enrolled", "Active now", "Goal achieved", "Completed", "Unenrolled",
      "Failed", "Failed now", "Has goal", "Conversion rate", "Conversion 95% low", "Conversion 95% high"]);
    expect(overview.split("\r\n")[1]).toBe("AB,ab,true,4,1,2,1,1,2,3,true,0.5,0.15,0.85");
    expect(rows[1]).toMatchObject({ Journey: "Drip", "Has goal": "false", "Conversion rate": "" });
  });
});
