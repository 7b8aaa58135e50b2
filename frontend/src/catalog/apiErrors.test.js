import { describe, expect, it } from "vitest";
import { clearField, fieldErrors, formProblem, inFormOrder, notSavedText, plainFieldErrors } from "./apiErrors.js";

const nested = { status: 422, message: "Some fields are not valid: frequency_cap",
  details: { frequency_cap: { emails: ["Must be greater than or equal to 1."] } } };

describe("the API's field errors in words", () => {
  it("gives a nested field's messages under its dotted path", () => {
    expect(fieldErrors(nested)).toEqual({ "frequency_cap.emails": "Must be greater than or equal to 1." });
    expect(fieldErrors({ details: { json: { rules: { 0: { value: ["Bad."] } }, name: "Taken." } } }))
      .toEqual({ "rules.0.value": "Bad.", name: "Taken." });
    expect(fieldErrors({ details: [{ field: "key", message: "Taken." }] })).toEqual({ key: "Taken." });
  });
  it("uses the page's words for the fields it knows and names them by label in the banner", () => {
    expect(plainFieldErrors(nested, { "frequency_cap.emails": "At most: type 1 or more." }))
      .toEqual({ "frequency_cap.emails": "At most: type 1 or more." });
    expect(notSavedText(nested, { "frequency_cap.emails": "At most" })).toBe("Check “At most” below.");
    expect(notSavedText({ ...nested, details: { due_in_days: ["Field may not be null."] } }, { due_in_days: "Due in (days)" }))
      .toBe("Check “Due in (days)” below.");
    expect(notSavedText({ message: "Conflict." })).toBe("Conflict.");
  });
});

describe("a refusal as a form keeps it", () => {
  const labels = { label: "Label", key: "Key", type: "Type" }; // the form's order
  const refused = { status: 422, message: "Some fields are not valid: key, label",
    details: { json: { key: ["Required."], label: ["Label cannot be blank."] } } };

  it("names the fields in the order the form shows them, not the API's", () => {
    expect(notSavedText(refused, labels)).toBe("Check “Label”, “Key” below.");
    expect(inFormOrder(["x", "frequency_cap.per_days", "default_timezone", "frequency_cap.emails"],
      { default_timezone: "Zone", "frequency_cap.emails": "At most", frequency_cap: "Cap" }))
      .toEqual(["default_timezone", "frequency_cap.emails", "frequency_cap.per_days", "x"]);
  });

  it("lets go of a field's message as it changes, and of the banner with the last one", () => {
    const problem = formProblem(refused, labels);
    expect(problem).toMatchObject({ message: "Check “Label”, “Key” below.", byField: true,
      fields: { key: "Required.", label: "Label cannot be blank." } });
    expect(clearField(problem, "type")).toBe(problem);
    const keyFixed = clearField(problem, "key");
    expect(keyFixed).toMatchObject({ message: "Check “Label” below.", fields: { label: "Label cannot be blank." } });
    expect(clearField(keyFixed, "label")).toBeNull();
    // a nested box clears what is said of it and of its whole, not of its sibling
    const cap = formProblem({ message: "Some fields are not valid: frequency_cap", details: {
      frequency_cap: { emails: ["Too big."], per_days: ["Too big."] } } }, { "frequency_cap.emails": "At most", "frequency_cap.per_days": "Days" });
    expect(Object.keys(clearField(cap, "frequency_cap.emails").fields)).toEqual(["frequency_cap.per_days"]);
    expect(clearField(cap, "frequency_cap")).toBeNull();
    // another refusal (not about fields) stays until the next save
    const conflict = formProblem({ message: "Taken." }, labels);
    expect(clearField(conflict, "key")).toBe(conflict);
  });

  it("says a number no column holds by the field's label, and reads query errors too", () => {
    const huge = { message: "Some fields are not valid: mrr", details: { mrr: ["Whole numbers must fit in 64 bits (at most 9223372036854775807 either way)."] } };
    expect(plainFieldErrors(huge, {}, { mrr: "MRR" })).toEqual({ mrr: "MRR: this number is too large; type a smaller one." });
    expect(fieldErrors({ details: { query: { since: ["since is after until."] } } })).toEqual({ since: "since is after until." });
    expect(plainFieldErrors({ details: { query: { since: ["since is after until."] } } },
      { since: (said) => (/after until/.test(said) ? "From must be before To." : undefined) }))
      .toEqual({ since: "From must be before To." });
  });
});
