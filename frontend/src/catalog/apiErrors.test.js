import { describe, expect, it } from "vitest";
import { fieldErrors, notSavedText, plainFieldErrors } from "./apiErrors.js";

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
