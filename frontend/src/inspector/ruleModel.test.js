import { describe, expect, it } from "vitest";
import {
  ACCOUNT_FIELDS, accountFields, asGroup, convertValue, fitsKind, normalizeCondition, opsFor, parseList,
  parseNumber, propertyOptions, propertyType, valueKind,
} from "./ruleModel.js";

const catalog = { attributes: [{ key: "logins_30d", label: "Logins (30 days)", type: "number" }, { key: "vip", label: "VIP", type: "boolean" }, { key: "region", label: "Region", type: "text" }] };

describe("properties and operators", () => {
  it("knows standard, custom and subscription property types", () => {
    expect(propertyType("account.mrr")).toBe("number");
    expect(propertyType("account.next_billing_on")).toBe("date");
    expect(propertyType("custom.vip", catalog)).toBe("boolean");
    expect(propertyType("subscription.plan_name")).toBe("text");
    expect(propertyType("segment")).toBeNull();
    expect(propertyOptions(catalog).find((o) => o.value === "custom.logins_30d").label).toBe("Logins (30 days)");
  });

  it("offers every SPEC §3 operator for each kind of property", () => {
    expect(opsFor("segment")).toEqual(["has_met", "has_not_met"]);
    expect(opsFor("playbook")).toEqual(["active_in", "never_enrolled", "has_completed", "is_overdue"]);
    expect(opsFor("user.csm")).toEqual(["eq", "neq", "is_set", "is_not_set"]);
    expect(opsFor("account.licenses")).toContain("between");
    expect(opsFor("account.stage")).toEqual(expect.arrayContaining(["contains", "not_contains", "in", "not_in", "is_set", "is_not_set"]));
    expect(opsFor("subscription.trial_ends_on")).toEqual(expect.arrayContaining(["before", "after", "on", "within_next", "within_last"]));
    expect(opsFor("custom.vip", catalog)).toEqual(["is_true", "is_false", "is_set", "is_not_set"]);
  });
});

describe("the catalog's vocabulary", () => {
  // What GET /api/catalog sends (graph_engine's tables), cut down to show it is what is read.
  const served = {
    ...catalog,
    fields: { account: [{ key: "external_id", type: "text", writable: false }, { key: "mrr", type: "number", writable: true },
      { key: "renews_on", type: "date", writable: true }], subscription: [{ key: "plan_name", type: "text" }] },
    operators: { number: ["gt", "eq"], text: ["eq"], date: ["after", "before"], boolean: ["is_true"],
      membership: ["has_met"], playbook: ["active_in"], user: ["eq"] },
  };

  it("reads field types and operators from the catalog it is given", () => {
    expect(propertyType("account.renews_on", served)).toBe("date");
    expect(propertyType("account.stage", served)).toBeNull();
    expect(propertyOptions(served).filter((o) => o.group === "Any subscription").map((o) => o.label)).toEqual(["Plan name"]);
    expect(opsFor("account.renews_on", served)).toEqual(["after", "before"]);
    expect(opsFor("segment", served)).toEqual(["has_met"]);
    expect(opsFor("custom.nobody_knows", served)).toEqual(["gt", "eq", "after", "before", "is_true"]);
    expect(normalizeCondition({ property: "account.mrr", op: "lt", value: 3 }, served)).toEqual({ property: "account.mrr", op: "gt", value: 3 });
  });

  it("labels fields by their keys and leaves name and external id to the screens", () => {
    expect(accountFields(served)).toEqual([["mrr", "MRR", "number"], ["renews_on", "Renews on", "date"]]);
    expect(ACCOUNT_FIELDS.map(([f]) => f)).toEqual(["mrr", "amount", "licenses", "created_on", "next_billing_on", "stage", "status", "timezone"]);
    expect(ACCOUNT_FIELDS.find(([f]) => f === "next_billing_on")).toEqual(["next_billing_on", "Next billing date", "date"]);
    expect(ACCOUNT_FIELDS.find(([f]) => f === "timezone")).toEqual(["timezone", "Time zone", "text"]);
  });
});

describe("value kinds", () => {
  it.each([
    ["account.mrr", "gt", "number"], ["account.mrr", "between", "number_pair"],
    ["account.stage", "in", "text_list"], ["account.stage", "contains", "text"],
    ["account.created_on", "before", "date"], ["account.created_on", "between", "date_pair"],
    ["account.created_on", "within_last", "days"], ["custom.vip", "is_true", "none"],
    ["account.mrr", "is_set", "none"], ["segment", "has_met", "key"], ["user.csm", "eq", "key"],
  ])("%s %s takes %s", (prop, op, kind) => {
    expect(valueKind(prop, op, catalog)).toBe(kind);
  });

  it("recognises ISO dates and relative days as dates", () => {
    expect(fitsKind("2025-01-31", "date")).toBe(true);
    expect(fitsKind({ days_from_now: -7 }, "date")).toBe(true);
    expect(fitsKind("31/01/2025", "date")).toBe(false);
    expect(fitsKind([{ days_from_now: 0 }, "2025-02-01"], "date_pair")).toBe(true);
  });
});

describe("changing operators keeps what it can", () => {
  it("turns a single text into a one-item list and back", () => {
    expect(convertValue("churned", "text_list")).toEqual(["churned"]);
    expect(convertValue(["a", "b"], "text")).toBe("a");
  });

  it("turns a number into a between pair and back", () => {
    expect(convertValue(5, "number_pair")).toEqual([5, 5]);
    expect(convertValue([3, 9], "number")).toBe(3);
  });

  it("drops the value for boolean and is_set operators", () => {
    expect(normalizeCondition({ property: "custom.vip", op: "is_true", value: 3 }, catalog)).toEqual({ property: "custom.vip", op: "is_true" });
    expect(normalizeCondition({ property: "account.mrr", op: "is_set", value: 3 })).toEqual({ property: "account.mrr", op: "is_set" });
  });

  it("picks a valid operator and value when the property changes type", () => {
    expect(normalizeCondition({ property: "account.created_on", op: "gt", value: 5 })).toEqual({
      property: "account.created_on", op: "before", value: { days_from_now: 0 },
    });
    expect(normalizeCondition({ property: "segment", op: "eq", value: 5 })).toEqual({ property: "segment", op: "has_met", value: "" });
  });
});

describe("input parsing", () => {
  it("parses comma lists", () => {
    expect(parseList(" a, b ,, c ")).toEqual(["a", "b", "c"]);
    expect(parseList("")).toEqual([]);
  });
  it("parses numbers and refuses junk", () => {
    expect(parseNumber("-2.5")).toBe(-2.5);
    expect(parseNumber("")).toBeNull();
    expect(parseNumber("abc")).toBeNull();
  });
  it("wraps a lone condition as a group at the root", () => {
    expect(asGroup({ property: "account.mrr", op: "gt", value: 1 })).toEqual({ all: [{ property: "account.mrr", op: "gt", value: 1 }] });
    expect(asGroup(null)).toEqual({ all: [] });
    expect(asGroup({ any: [] })).toEqual({ any: [] });
  });
});
