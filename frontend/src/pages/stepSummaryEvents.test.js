import { describe, expect, it } from "vitest";
import { summarizeStep } from "./stepSummary.js";

const when = (t) => `<${t}>`;

describe("event steps in plain words", () => {
  it("says which event enrolled the account", () => {
    const step = { type: "entry", outcome: "entered", detail: { segments: [], event: { name: "trial_started", at: "T1" } } };
    expect(summarizeStep(step, { when })).toEqual({ text: "Entered via event trial_started", note: "at <T1>" });
  });

  it("does not say 'via segments' when an events-only entry names neither (a simulation)", () => {
    const step = { type: "entry", outcome: "entered", detail: { segments: [] } };
    expect(summarizeStep(step, { when }).text).toBe("Entered the journey");
  });

  it("tells a wait for an event: waiting, met, timed out", () => {
    expect(summarizeStep({ type: "wait", outcome: "waiting", detail: { event: "report.exported", wake_at: "W" } }, { when }).text)
      .toBe("Waiting for event report.exported, at most until <W>");
    expect(summarizeStep({ type: "wait", outcome: "met", detail: { event: { name: "report.exported", at: "A" } } }, { when }).text)
      .toBe("Event report.exported happened at <A>: went on the “met” branch");
    expect(summarizeStep({ type: "wait", outcome: "timeout", detail: { event: "report.exported", timeout_at: "X" } }, { when }).text)
      .toBe("Timed out at <X>: event report.exported did not happen");
  });
});
