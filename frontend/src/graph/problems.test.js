import { describe, expect, it } from "vitest";
import { plainProblem } from "./problems.js";

describe("plainProblem", () => {
  it("says what to do for a field left empty", () => {
    expect(plainProblem({ code: "wrong_type", message: "config.segments must be a non-empty list of keys" }))
      .toBe("Choose at least one segment.");
    expect(plainProblem({ code: "wrong_type", message: "config.title must be a non-empty text" })).toBe("Give the task a title.");
  });

  it("explains structural problems by code", () => {
    expect(plainProblem({ code: "unreachable_node", message: "node x cannot be reached from the entry" }))
      .toMatch(/connect it from a step above/);
    expect(plainProblem({ code: "email_content", message: "send_email needs template, or subject and body" }))
      .toBe("Choose a template, or write a subject and a body.");
  });

  it("says which rule needs a condition (empty_rule)", () => {
    expect(plainProblem({ code: "empty_rule", message: "config.rule: the rule has no conditions" }))
      .toBe("Add at least one condition: with none, every account would be treated the same.");
    expect(plainProblem({ code: "empty_rule", message: "config.blacklist: the rule has no conditions" }))
      .toBe("Add a blacklist condition, or switch the blacklist off.");
    expect(plainProblem({ code: "empty_rule", message: "config.until_rule.rule: the rule has no conditions" }))
      .toBe("Add at least one condition for this wait to watch for.");
    expect(plainProblem({ code: "empty_rule", message: "config.rule.all[1]: this group has no conditions" }))
      .toBe("A group in this rule has no conditions: add one, or remove the group.");
  });

  it("asks for the sender's address while “Another address” has none", () => {
    expect(plainProblem({ code: "bad_value", message: "config.from '' is not an email address" }))
      .toBe("Type the address the email is sent from.");
    expect(plainProblem({ code: "bad_value", message: "config.from 'bob' is not an email address" }))
      .toBe("“bob” is not an email address: type the address the email is sent from.");
  });

  it("keeps the server's words for the rest, without the JSON path prefix", () => {
    expect(plainProblem({ code: "unknown_template", message: "no email template 'x'" })).toBe("no email template 'x'");
    expect(plainProblem({ code: "bad_value", message: "config.weights.a must be >= 0" })).toBe("weights.a must be >= 0");
    expect(plainProblem({ code: "bad_rule_value", message: "config.rule.all[0] (account.mrr): window is odd" }))
      .toBe("MRR: window is odd");
  });

  it("says what a condition's value needs, naming the property as the rule builder does", () => {
    const catalog = { attributes: [{ key: "logins_30d", label: "Logins in the last 30 days", type: "number" }] };
    expect(plainProblem({ code: "bad_rule_value", message: "config.rule.all[0] (custom.logins_30d): gte needs a number" }, catalog))
      .toBe("Logins in the last 30 days: type a number to compare with.");
    expect(plainProblem({ code: "bad_rule_value", message: "config.rule.all[0] (custom.logins_30d): gte needs a number" }))
      .toBe("custom.logins_30d: type a number to compare with.");
    expect(plainProblem({ code: "bad_rule_value", message: "config.blacklist.any[1].not (account.stage): in needs a non-empty list of texts" }))
      .toBe("Stage: type at least one value.");
    expect(plainProblem({ code: "bad_rule_value", message: "config.until_rule.rule.all[0] (segment): value must be a segment key" }))
      .toBe("Segment: choose a segment.");
    expect(plainProblem({ code: "bad_rule_value", message: "config.rule.all[0] (account.next_billing_on): between needs [from, to] dates" }))
      .toBe("Next billing date: choose both dates.");
  });

  it("says a segment's rule problems the same way (paths without config.)", () => {
    expect(plainProblem({ code: "bad_rule_value", message: "rule.all[0] (account.mrr): between needs [low, high] numbers" }))
      .toBe("MRR: type both numbers, the lowest and the highest.");
    expect(plainProblem({ code: "empty_rule", message: "rule: the rule has no conditions" }))
      .toBe("Add at least one condition: it says which accounts are in the segment.");
  });

  it("names a number below its floor by the field's label", () => {
    expect(plainProblem({ code: "bad_value", message: "config.for.hours must be >= 0" })).toBe("Hours: type 0 or more.");
    expect(plainProblem({ code: "bad_value", message: "config.for.days must be >= 0" })).toBe("Days: type 0 or more.");
    expect(plainProblem({ code: "bad_value", message: "config.until_rule.timeout.days must be >= 0" })).toBe("Time limit: type 0 days or more.");
    expect(plainProblem({ code: "bad_value", message: "config.reenroll.days must be >= 1" })).toBe("Re-enroll after (days): type 1 or more.");
  });

  it("names a path left unconnected as the canvas labels it", () => {
    const missing = (branch) => ({ code: "missing_branch", message: `branch '${branch}' has no edge`, node_id: "n" });
    const wait = (config) => ({ type: "wait", data: { config } });
    expect(plainProblem(missing("timeout"), {}, wait({ until_rule: { rule: { all: [] } } })))
      .toBe("Connect the “Timed out” path of this wait to a next step.");
    expect(plainProblem(missing("met"), {}, wait({ until_event: { name: "login" } })))
      .toBe("Connect the “Happened” path of this wait to a next step.");
    expect(plainProblem(missing("met"), {}, wait({ until_rule: { rule: { all: [] } } })))
      .toBe("Connect the “Rule met” path of this wait to a next step.");
    expect(plainProblem(missing("no"), {}, { type: "condition", data: { config: {} } }))
      .toBe("Connect the “No” path of this decision to a next step.");
    expect(plainProblem(missing("b"), {}, { type: "split", data: { config: { weights: { a: 50, b: 50 } } } }))
      .toBe("Connect the “b” path of this split to a next step.");
    // without the node (a list of problems from elsewhere), the branch name says what it is
    expect(plainProblem(missing("timeout"))).toBe("Connect the “Timed out” path of this wait to a next step.");
  });

  it("says what a webhook's address needs", () => {
    expect(plainProblem({ code: "wrong_type", message: "config.url must be an http(s) URL" }))
      .toBe("Type the web address to call, starting with https:// (or http://).");
    expect(plainProblem({ code: "bad_value", message: "config.url 'ftp://x' must start with http:// or https:// and name a host" }))
      .toBe("“ftp://x” is not a web address: it must start with https:// (or http://) and name a host.");
    expect(plainProblem({ code: "bad_value", message: "config.url has a bad port" })).toBe("Web address: has a bad port.");
  });

  it("says which attribute a journey cannot change, by its label", () => {
    expect(plainProblem({ code: "attribute_not_writable", message: "account.timezone cannot be changed by a journey" }))
      .toBe("A journey cannot change Time zone: choose another attribute.");
  });

  it("says an unreachable step that has a line into it is cut off by the step before it", () => {
    const p = { code: "unreachable_node", message: "node x cannot be reached from the entry", node_id: "x" };
    expect(plainProblem(p, {}, null, { hasIncoming: true })).toBe("Not reachable from the entry: the step before it is not connected.");
    expect(plainProblem(p, {}, null, { hasIncoming: false })).toBe("Nothing leads to this step yet: connect it from a step above.");
  });

  it("says the send window's problems in words, never the settings path", () => {
    const say = (message) => plainProblem({ code: "bad_value", message });
    expect(say("settings.send_window.days must be a non-empty list of distinct days from mon, tue, wed, thu, fri, sat, sun"))
      .toBe("Send window: pick at least one day.");
    expect(say("settings.send_window.start must be before send_window.end (a window cannot run over midnight)"))
      .toMatch(/^Send window: it must open before it closes/);
    expect(say("settings.send_window.timezone must be \"account\" or an IANA name: 'Mars' is not an IANA time zone name"))
      .toMatch(/^Send window: choose a time zone/);
    expect(say("settings.send_window.end must be a time HH:MM (00:00-23:59, or 24:00)")).toBe("Send window: type the time it closes (HH:MM).");
  });

  it("says a task's due days in words, not its key", () => {
    expect(plainProblem({ code: "wrong_type", message: "config.due_in_days must be a whole number" }))
      .toBe("Due in: type a whole number of days, 0 or more.");
    expect(plainProblem({ code: "bad_value", message: "config.due_in_days must be >= 0" }))
      .toBe("Due in: type a whole number of days, 0 or more.");
  });
});
