// Held and skipped steps (send window, frequency cap) read as sentences on the timeline and in
// simulate.
import { describe, expect, it } from "vitest";
import { deliverySummary } from "./deliverySummary.js";

const summarizeStep = (step, { when }) => deliverySummary(step, when);

const when = (t) => `at ${t}`;

describe("delivery step sentences", () => {
  it("says until when a step is held, in the account's time", () => {
    const held = { type: "action", outcome: "held", detail: { until: "2026-03-30T07:00:00+00:00", local: "Mon 09:00",
      timezone: "Europe/Berlin", reason: "send_window", window: {} } };
    expect(summarizeStep(held, { when })).toEqual({ text: "Held until Mon 09:00 (Europe/Berlin): outside the send window",
      note: "at 2026-03-30T07:00:00+00:00 your time" });
    const capped = { ...held, detail: { ...held.detail, reason: "frequency_cap", cap: { emails: 3, per_days: 7 } } };
    expect(summarizeStep(capped, { when }).text).toBe("Held until Mon 09:00 (Europe/Berlin): frequency cap (3 emails in 7 days)");
  });

  it("says an email was skipped at the cap", () => {
    const skipped = { type: "action", outcome: "skipped", detail: { reason: "frequency_cap", cap: { emails: 1, per_days: 1 },
      addresses: ["ana@acme.example"] } };
    expect(summarizeStep(skipped, { when })).toEqual({ text: "Skipped: frequency cap (1 email in 1 day)",
      note: "reached by ana@acme.example" });
  });
});
