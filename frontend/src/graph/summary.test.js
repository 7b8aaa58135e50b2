import { describe, expect, it } from "vitest";
import { summarize } from "./summary.js";

describe("node summaries", () => {
  it("describes waits in plain words", () => {
    expect(summarize("wait", { for: { days: 3, hours: 0 } })).toBe("Wait 3 days");
    expect(summarize("wait", { for: { days: 1, hours: 2 } })).toBe("Wait 1 day 2 hours");
    expect(summarize("wait", { until_date: { property: "account.next_billing_on", offset: { days: -7 } } }))
      .toBe("Until 7 days before account.next_billing_on");
  });
  it("counts nested conditions", () => {
    expect(summarize("condition", { rule: { any: [{ property: "a", op: "is_set" }, { not: { all: [{ property: "b", op: "is_set" }] } }] } }))
      .toBe("2 conditions");
    expect(summarize("goal", { rule: { all: [] } })).toBe("No conditions yet");
  });
  it("describes actions", () => {
    expect(summarize("action", { action: "send_email", template: "tips", to: { contacts: { role: "admin" } } })).toBe("Email “tips” to admin contacts");
    expect(summarize("action", { action: "increase_attribute", attribute: "custom.touches", by: -2 })).toBe("custom.touches − 2");
    expect(summarize("split", { weights: { a: 50, b: 50 } })).toBe("a 50% · b 50%");
  });
});
