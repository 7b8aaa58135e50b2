import { describe, expect, it } from "vitest";
import { emailRows, hours, interval, lastDays, overviewCsv, percent, pValueWords, rangeProblem, reachRows, reportCsv, splitRows, toCsv, reportLabels } from "./reportData.js";

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

  it("exports CSV with every section, and quotes what a spreadsheet would run", () => {
    const csv = reportCsv(REPORT, { ab: "A, or B" });
    expect(csv.split("\r\n")[0]).toBe("section,key,name,metric,value");
    expect(csv).toContain("series,2026-11-01,,enrolled,4");
    expect(csv).toContain('split,ab:a,"A, or B",n,2');
    expect(csv).toContain("split,ab,\"A, or B\",p_value,0.0455");
    expect(csv).toContain("email,welcome,welcome,opened,1");
    expect(toCsv([["=HYPERLINK(1)", 'say "hi"']])).toBe('"=HYPERLINK(1)","say ""hi"""\r\n');
    const overview = overviewCsv({ journeys: [
      { name: "AB", key: "ab", enabled: true, enrolled: 4, active: 1, goal_achieved: 2, completed: 1, unenrolled: 1, failed: 2, failed_now: 3, has_goal: true, conversion: { rate: 0.5, ci95: [0.15, 0.85] } },
      { name: "Drip", key: "drip", enabled: true, enrolled: 5, active: 5, goal_achieved: 0, completed: 0, unenrolled: 0, failed: 0, failed_now: 0, has_goal: false, conversion: null }] });
    expect(overview.split("\r\n")[0]).toContain(",unenrolled,failed,failed_now,has_goal,conversion,");
    expect(overview.split("\r\n")[1]).toBe("AB,ab,true,4,1,2,1,1,2,3,true,0.5,0.15,0.85");
    expect(overview.split("\r\n")[2]).toBe("Drip,drip,true,5,5,0,0,0,0,0,false,,,");
  });
});
