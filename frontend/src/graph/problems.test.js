import { describe, expect, it } from "vitest";
import { dropEchoes, plainProblem } from "./problems.js";

describe("plainProblem", () => {
  it("says what to do for a field left empty", () => {
    expect(plainProblem({ code: "wrong_type", message: "config.segments must be a non-empty list of keys" }))
      .toBe("Choose at least one segment, or add a product event the account does.");
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
      .toBe("Add an exit rule condition, or switch the exit rules off.");
    expect(plainProblem({ code: "empty_rule", message: "config.until_rule.rule: the rule has no conditions" }))
      .toBe("Add at least one condition for this wait to watch for.");
    expect(plainProblem({ code: "empty_rule", message: "config.rule.all[1]: this group has no conditions" }))
      .toBe("A group in this rule has no conditions: add one, or remove the group.");
  });

  it("asks for the sender while “A staff member” has none", () => {
    expect(plainProblem({ code: "bad_value", message: "config.from '' is not an email address" }))
      .toBe("Choose the staff member the email is sent from.");
    expect(plainProblem({ code: "bad_value", message: "config.from 'bob' is not an email address" }))
      .toBe("“bob” is not a staff member's address: choose the staff member the email is sent from.");
  });

  it("says a goal's empty rule as a goal's, not a decision's", () => {
    const empty = { code: "empty_rule", message: "config.rule: the rule has no conditions" };
    expect(plainProblem(empty, {}, { type: "goal", data: { config: { rule: { all: [] } } } }))
      .toBe("Add at least one condition: it says when an account has reached the goal.");
    expect(plainProblem(empty, {}, { type: "condition", data: { config: { rule: { all: [] } } } }))
      .toBe("Add at least one condition: with none, every account would be treated the same.");
  });

  // What the server says for a step left half filled in the inspector (graph_engine/configs.py,
  // bounds.py, webhook_config.py, validate_refs.py): never a JSON path, a JSON shape or a regex.
  it.each([
    ["config.to must be {\"contacts\": \"all\"}, {\"contacts\": {\"role\": R}}, {\"csm\": true}, {\"staff\": \"csm\" | \"sales_manager\"} or {\"user\": <staff email>}",
      { type: "action", data: { config: { action: "send_email", to: { contacts: { role: "" } } } } },
      "Contact role: type the role of the contacts to email (such as billing)."],
    ["config.to '' is not an email address", null, "Choose the staff member to email."],
    ["config.subject must be a non-empty text", null, "Type the email's subject."],
    ["config.body must be a non-empty text", { type: "action", data: { config: { action: "send_email" } } }, "Type the email's body."],
    ["config.user '' is not an email address", null, "Choose the CSM to assign."],
    ["config.value must be a number, text, boolean or {\"days_from_now\": N}", null, "New value: type a value."],
    ["config.by must be a number", null, "Increase by: type a number (negative to decrease)."],
    ["config.events[0].name must be a non-empty text", null, "Entry event 1: type the event's name (such as login)."],
    ["config.events[1].name must match [a-z0-9_.-]{1,64}", null,
      "Entry event 2: an event name is lower-case letters, digits, “.”, “_” or “-”, such as report.exported."],
    ["config.reenroll.days must be a whole number", null, "Re-enroll after (days): type a whole number of days."],
    ["config.reenroll.days may be at most 3653", null, "Re-enroll after (days): at most 3653 (ten years)."],
    ["config.until_event.name must be a non-empty text", null, "Event to wait for: type the event's name (such as login)."],
    ["config.until_event.name must match [a-z0-9_.-]{1,64}", null,
      "Event to wait for: an event name is lower-case letters, digits, “.”, “_” or “-”, such as report.exported."],
    ["config.until_date.property must be a non-empty text", null, "Date field: choose the date to wait for."],
    ["config.until_date.offset.days must be within ±3653 (ten years)", null, "Offset in days: at most 3653 days (ten years) either way."],
    ["config.until_rule.timeout.days must be a whole number", null, "Time limit: type a whole number of days for the “Timed out” path."],
    ["config.until_rule.timeout must last longer than zero", null, "Time limit: type 1 day or more for the “Timed out” path."],
    ["config.for may last at most 3653 days (ten years)", null, "A wait lasts at most 3653 days (ten years)."],
    ["config.due_in_days may be at most 3653 (ten years)", null, "Due in: at most 3653 days (ten years)."],
    ["config.weights must add up to more than zero", null, "Give at least one path a share above 0."],
    ["config.on_enroll_unenroll_from.journeys must be a non-empty list of keys", null,
      "Choose the journeys an enrolling account leaves, or pick “No other journeys”."],
    ["config.timeout_s must be a whole number", null, "Timeout: type a number of seconds from 1 to 30."],
    ["config.save_response [0].path must be dotted names such as data.score", null,
      "Save from the response, row 1: type where the value is in the reply, such as data.score."],
    ["cannot copy a text into a number", null, "Copy from is a text and Copy to a number: choose two attributes of the same kind."],
    ["config.rule.all[0] (event.login.count): within must be {\"days\": N} with 1 <= N <= 3653", null,
      "the number of login events: “in the last”: type 1 to 3653 days, or leave it empty for ever."],
    ["no template 'tips'", null, "There is no template “tips” any more: choose another."],
    ["no staff user 'gone@example.com'", null, "There is no staff user “gone@example.com” any more: choose another."],
  ])("%s", (message, node, words) => {
    expect(plainProblem({ code: "bad_value", message }, {}, node)).toBe(words);
  });

  it("keeps the server's words for the rest, without the JSON path prefix", () => {
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

describe("dropEchoes", () => {
  it("keeps one problem for an event name left empty (not also its pattern)", () => {
    const empty = { code: "wrong_type", message: "config.events[0].name must be a non-empty text", node_id: "entry" };
    const pattern = { code: "bad_value", message: "config.events[0].name must match [a-z0-9_.-]{1,64}", node_id: "entry" };
    const other = { code: "bad_value", message: "config.events[1].name must match [a-z0-9_.-]{1,64}", node_id: "entry" };
    expect(dropEchoes([empty, pattern, other])).toEqual([empty, other]);
    expect(dropEchoes([pattern])).toEqual([pattern]);
    expect(dropEchoes(undefined)).toEqual([]);
  });
});
