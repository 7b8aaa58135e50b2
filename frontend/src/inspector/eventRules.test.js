import { describe, expect, it } from "vitest";
import { describeWhere, eventExtras, eventOptions, parseEventProperty, whereValue } from "./eventRules.js";
import { normalizeCondition, opsFor, propertyOptions, valueKind } from "./ruleModel.js";
import { describeCondition } from "../catalog/ruleWords.js";

const catalog = { event_names: [{ name: "login", count_30d: 12, last_at: null, properties: { plan: "text", seats: "number" } }] };

describe("event rules", () => {
  it("parses event properties, names with dots included", () => {
    expect(parseEventProperty("event.report.exported.count")).toEqual({ name: "report.exported", field: "count" });
    expect(parseEventProperty("event.login.last_at")).toEqual({ name: "login", field: "last_at" });
    expect(parseEventProperty("event.Login.count")).toBeNull();
    expect(parseEventProperty("account.mrr")).toBeNull();
  });

  it("offers how-many and last-seen for each name seen, typed", () => {
    expect(eventOptions(catalog).map((o) => [o.value, o.type])).toEqual([
      ["event.login.count", "number"], ["event.login.last_at", "date"]]);
    expect(propertyOptions(catalog).filter((o) => o.group === "Product events")).toHaveLength(2);
    expect(opsFor("event.login.count", catalog)).toContain("gte");
    expect(valueKind("event.export.last_at", "within_last", catalog)).toBe("days"); // not seen yet: typed by its name
  });

  it("keeps the window (counts only) and the filter when a condition changes", () => {
    const cond = { property: "event.login.count", op: "gte", value: 3, within: { days: 7 },
      where: { all: [{ property: "properties.plan", op: "eq", value: "pro" }] } };
    expect(normalizeCondition(cond, catalog)).toEqual(cond);
    const lastSeen = normalizeCondition({ ...cond, property: "event.login.last_at" }, catalog);
    expect(lastSeen.within).toBeUndefined();
    expect(lastSeen.where).toEqual(cond.where);
    expect(lastSeen.op).toBe("before");
    expect(eventExtras({ ...cond, property: "account.mrr" })).toEqual({});
    expect(normalizeCondition({ ...cond, within: { days: 0 } }, catalog).within).toBeUndefined();
  });

  it("types filter values and says rules in words", () => {
    expect(whereValue("gt", "5", "number")).toBe(5);
    expect(whereValue("eq", "5", "number")).toBe(5);
    expect(whereValue("eq", "5", "text")).toBe("5");
    expect(whereValue("eq", "true", "boolean")).toBe(true);
    expect(whereValue("in", "a, b", "text")).toEqual(["a", "b"]);
    expect(whereValue("is_set", "x")).toBeUndefined();
    expect(describeWhere({ all: [{ property: "properties.plan", op: "eq", value: "pro" }] })).toBe("plan is “pro”");
    expect(describeCondition({ property: "event.login.count", op: "gte", value: 3, within: { days: 7 } }, catalog))
      .toBe("the number of login events in the last 7 days is at least 3");
    expect(describeCondition({ property: "event.login.last_at", op: "within_last", value: { days: 2 },
      where: { all: [{ property: "properties.seats", op: "gt", value: 5 }] } }, catalog))
      .toBe("login last seen was within the last 2 days (where seats is more than 5)");
  });
});
