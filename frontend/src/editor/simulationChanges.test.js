import { describe, expect, it } from "vitest";
import { changeOptions, parseProperties, rowCondition, toChanges } from "./simulationChanges.js";

const catalog = { attributes: [{ key: "logins_30d", label: "Logins (30 days)", type: "number" }, { key: "champion", label: "Champion", type: "boolean" }] };

describe("simulation changes", () => {
  it("offers account fields, custom attributes by label, people, milestones and outcomes", () => {
    const labels = changeOptions(catalog).map((o) => o.label);
    expect(labels).toContain("Custom: Logins (30 days)");
    expect(labels).toContain("Account: CSM");
    expect(labels).toContain("Meets outcome");
  });
  it("edits each row with the operator its type needs", () => {
    expect(rowCondition({ property: "account.next_billing_on", value: "2026-01-01" }, catalog).op).toBe("on");
    expect(rowCondition({ property: "milestone", value: "x" }, catalog).op).toBe("has_met");
    expect(rowCondition({ property: "custom.logins_30d", value: 3 }, catalog).op).toBe("eq");
  });
  it("groups rows by day, resolves relative dates, accumulates milestones and unsets empty values", () => {
    const today = new Date(Date.UTC(2025, 11, 1));
    expect(toChanges([
      { day: 5, property: "custom.logins_30d", value: 9 },
      { day: 2, property: "milestone", value: "kickoff" },
      { day: 5, property: "milestone", value: "first-report" },
      { day: 2, property: "account.next_billing_on", value: { days_from_now: 10 } },
      { day: 7, property: "account.stage", value: "" },
    ], today)).toEqual([
      { at_day: 2, set: { milestones: ["kickoff"], "account.next_billing_on": "2025-12-11" } },
      { at_day: 5, set: { "custom.logins_30d": 9, milestones: ["kickoff", "first-report"] } },
      { at_day: 7, set: { "account.stage": null } },
    ]);
  });
  it("sends product events on a day, beside or instead of set values (SPEC §7)", () => {
    expect(changeOptions(catalog).map((o) => o.label)).toContain("Does something (a product event)");
    expect(toChanges([
      { day: 3, property: "event", value: { name: "report.exported", properties: "rows: 12, format: pdf, ok: true" } },
      { day: 3, property: "custom.logins_30d", value: 4 },
      { day: 1, property: "event", value: { name: "login", properties: "" } },
      { day: 1, property: "event", value: { name: "login" } },
      { day: 2, property: "event", value: { name: "  ", properties: "x: 1" } },
    ])).toEqual([
      { at_day: 1, events: [{ name: "login" }, { name: "login" }] },
      { at_day: 3, set: { "custom.logins_30d": 4 }, events: [{ name: "report.exported", properties: { rows: 12, format: "pdf", ok: true } }] },
    ]);
    expect(parseProperties("plan: pro, : skipped, seats: 5, note: a: b")).toEqual({ plan: "pro", seats: 5, note: "a: b" });
  });
});
