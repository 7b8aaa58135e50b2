import { describe, expect, it } from "vitest";
import { summarize } from "./summary.js";
import { attributeLabel, humanize, names } from "./names.js";

const CATALOG = {
  segments: [{ key: "renewal-90d", name: "Renewal in 90 days" }],
  templates: [{ key: "value-recap", subject: "What {{ account.name }} achieved" }],
  attributes: [{ key: "nps", label: "NPS score", type: "number" }, { key: "renewal_risk", label: "Renewal risk", type: "text" }],
  users: [{ email: "asha@example.com", name: "Asha Rao" }],
  playbooks: [{ key: "renewal-rescue", name: "Renewal rescue" }],
};

describe("node summaries", () => {
  it("describes waits in plain words, with attribute labels", () => {
    expect(summarize("wait", { for: { days: 3, hours: 0 } })).toBe("Wait 3 days");
    expect(summarize("wait", { for: { days: 1, hours: 2 } })).toBe("Wait 1 day 2 hours");
    expect(summarize("wait", { until_date: { property: "account.next_billing_on", offset: { days: -1 } } }, CATALOG))
      .toBe("Until 1 day before Next billing date");
    expect(summarize("action", { action: "increase_attribute", attribute: "custom.nps", by: null }, CATALOG)).toBe("NPS score + ?");
    expect(summarize("action", { action: "assign_csm", strategy: "round_robin", pool: ["asha@example.com"] }, CATALOG))
      .toBe("Round robin among 1 CSM");
    expect(summarize("wait", { until_date: { property: "account.next_billing_on", offset: { days: -7 } } }, CATALOG))
      .toBe("Until 7 days before Next billing date");
    const rule = (n) => ({ all: Array.from({ length: n }, () => ({ property: "account.mrr", op: "gt", value: 1 })) });
    expect(summarize("wait", { until_rule: { rule: rule(1), timeout: { days: 14 } } })).toBe("Until 1 condition holds, at most 14 days");
    expect(summarize("wait", { until_rule: { rule: rule(2), timeout: { days: 14 } } })).toBe("Until 2 conditions hold, at most 14 days");
    expect(summarize("wait", { until_rule: { rule: rule(0), timeout: { days: 7 } } })).toBe("Until conditions hold (none yet), at most 7 days");
  });
  it("counts nested conditions", () => {
    expect(summarize("condition", { rule: { any: [{ property: "a", op: "is_set" }, { not: { all: [{ property: "b", op: "is_set" }] } }] } }))
      .toBe("2 conditions");
    expect(summarize("goal", { rule: { all: [] } })).toBe("No conditions yet");
  });
  it("names segments, templates, attributes, people and playbooks instead of keys", () => {
    expect(summarize("entry", { segments: ["renewal-90d"] }, CATALOG)).toBe("Segment: Renewal in 90 days");
    expect(summarize("entry", { segments: ["renewal-90d", "gone-segment"] }, CATALOG)).toBe("Segments: Renewal in 90 days, gone-segment");
    expect(summarize("action", { action: "send_email", template: "value-recap", to: { contacts: { role: "admin" } } }, CATALOG))
      .toBe("Email: Value recap to admin contacts");
    expect(summarize("action", { action: "send_email", template: "x", to: { user: "asha@example.com" } }, CATALOG)).toBe("Email: X to Asha Rao");
    expect(summarize("action", { action: "increase_attribute", attribute: "custom.nps", by: -2 }, CATALOG)).toBe("NPS score − 2");
    expect(summarize("action", { action: "set_attribute", attribute: "custom.renewal_risk", value: "low" }, CATALOG)).toBe("Set Renewal risk to low");
    expect(summarize("action", { action: "set_attribute", attribute: "account.next_billing_on", value: "2026-03-01" }, CATALOG)).toBe("Set Next billing date to 1 Mar 2026");
    expect(summarize("action", { action: "assign_playbook", playbook: "renewal-rescue" }, CATALOG)).toBe("Playbook: Renewal rescue");
    expect(summarize("action", { action: "assign_csm", strategy: "named", user: "asha@example.com" }, CATALOG)).toBe("Assign Asha Rao");
    expect(summarize("action", { action: "create_task", title: "Call", assignee: "csm", due_in_days: 2 }, CATALOG)).toBe("Task: Call · the CSM · due in 2 d");
    expect(summarize("split", { weights: { a: 50, b: 50 } })).toBe("a 50% · b 50%");
    // weights are shares, as the inspector shows them: 1 and 3 are a quarter and three quarters
    expect(summarize("split", { weights: { a: 1, b: 3 } })).toBe("a 25% · b 75%");
    // a recipient chosen but not filled in is not "all contacts"
    expect(summarize("action", { action: "send_email", template: "value-recap", to: { contacts: { role: "" } } }, CATALOG))
      .toBe("Email: Value recap to contacts with a role (not typed yet)");
    expect(summarize("action", { action: "send_email", template: "value-recap", to: { user: "" } }, CATALOG))
      .toBe("Email: Value recap to a staff member (not chosen yet)");
    expect(summarize("split", { weights: { a: 0, b: 0 } })).toBe("a 0% · b 0%");
  });
  it("reads unknown keys as words and known ones as catalog names", () => {
    expect(humanize("value-recap")).toBe("Value recap");
    expect(attributeLabel("account.mrr")).toBe("MRR");
    expect(attributeLabel("custom.logins_30d")).toBe("custom.logins_30d");
    expect(names(CATALOG).user("nobody@example.com")).toBe("nobody@example.com");
  });
});
