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
    expect(plainProblem({ code: "bad_rule_value", message: "config.rule.all[0] (account.mrr): gt needs a number" }))
      .toBe("Condition (account.mrr): gt needs a number");
    expect(plainProblem({ code: "bad_value", message: "config.reenroll.days must be at least 1" })).toBe("reenroll.days must be at least 1");
  });
});
