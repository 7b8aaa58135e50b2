import { describe, expect, it } from "vitest";
import { mergeContext, renderTemplate } from "./merge.js";

describe("template preview", () => {
  const ctx = mergeContext({ name: "Globex", csm: "asha@example.com", custom: { nps: 9 }, contacts: [{ name: "Hank" }] },
    [{ email: "asha@example.com", name: "Asha" }]);
  it("fills account, csm, contact and custom fields", () => {
    expect(renderTemplate("Hi {{ contact.name }}, {{csm.name}} here for {{ account.name }} (NPS {{ custom.nps }})", ctx))
      .toBe("Hi Hank, Asha here for Globex (NPS 9)");
  });
  it("marks unknown fields instead of hiding them", () => {
    expect(renderTemplate("{{ account.nope }} {{ account }}", ctx)).toBe("[account.nope] [account]");
  });
});
