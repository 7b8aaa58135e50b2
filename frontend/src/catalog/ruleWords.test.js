import { describe, expect, it } from "vitest";
import { describeRule, hasConditions } from "./ruleWords.js";

const catalog = {
  segments: [{ key: "renewal-90d", name: "Renewal in 90 days" }],
  attributes: [{ key: "health", label: "Health score", type: "number" }],
  users: [{ email: "asha@example.com", name: "Asha" }],
  playbooks: [{ key: "rescue", name: "Renewal rescue" }],
};

describe("describeRule", () => {
  it("reads a nested rule in words, with catalog names instead of keys", () => {
    const rule = { all: [
      { property: "account.mrr", op: "gt", value: 1000 },
      { any: [{ property: "custom.health", op: "lt", value: 40 }, { property: "segment", op: "has_met", value: "renewal-90d" }] },
      { not: { property: "playbook", op: "active_in", value: "rescue" } },
    ] };
    expect(describeRule(rule, catalog)).toBe(
      "MRR is more than 1000 and (Health score is less than 40 or is in segment “Renewal in 90 days”) and not (is active in playbook “Renewal rescue”)");
  });

  it("says dates, ranges, lists and people the way people do", () => {
    expect(describeRule({ property: "account.next_billing_on", op: "within_next", value: { days: 90 } })).toBe("Next billing date is within the next 90 days");
    expect(describeRule({ property: "account.created_on", op: "before", value: { days_from_now: -30 } })).toBe("Created date is before 30 days ago");
    expect(describeRule({ property: "account.next_billing_on", op: "after", value: "2026-03-01" })).toBe("Next billing date is after 1 Mar 2026");
    expect(describeRule({ property: "account.licenses", op: "between", value: [10, 20] })).toBe("Licenses is between 10 and 20");
    expect(describeRule({ property: "account.stage", op: "in", value: ["trial", "onboarding", "live"] })).toBe("Stage is one of “trial”, “onboarding” or “live”");
    expect(describeRule({ property: "subscription.plan_name", op: "contains", value: "pro" })).toBe("Plan name of any subscription contains “pro”");
    expect(describeRule({ property: "user.csm", op: "eq", value: "asha@example.com" }, catalog)).toBe("CSM is Asha");
    expect(describeRule({ property: "account.status", op: "is_set" })).toBe("Status has a value");
  });

  it("reads values not typed yet as “…”, never as null", () => {
    expect(describeRule({ property: "account.mrr", op: "between", value: [null, null] })).toBe("MRR is between … and …");
    expect(describeRule({ property: "account.mrr", op: "gte", value: null })).toBe("MRR is at least …");
    expect(describeRule({ property: "account.stage", op: "eq", value: "" })).toBe("Stage is …");
  });

  it("names an empty rule and unknown keys as they are", () => {
    expect(describeRule({ all: [] })).toBe("no conditions yet");
    expect(describeRule({ property: "segment", op: "has_met", value: "gone" }, catalog)).toBe("is in segment “gone”");
    expect(hasConditions({ all: [{ any: [] }] })).toBe(false);
    expect(hasConditions({ all: [{ any: [{ property: "account.mrr", op: "gt", value: 1 }] }] })).toBe(true);
  });
});
