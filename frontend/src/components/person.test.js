import { describe, expect, it } from "vitest";
import { personLabel } from "./person.js";

describe("personLabel", () => {
  it("handles strings, objects and nobody", () => {
    expect(personLabel("a@x.test")).toBe("a@x.test");
    expect(personLabel({ email: "a@x.test", name: "Asha" })).toBe("Asha (a@x.test)");
    expect(personLabel({ email: "a@x.test", name: null })).toBe("a@x.test");
    expect(personLabel(null)).toBe("");
  });
});
