import { describe, expect, it } from "vitest";
import { branchCaption, sourceHandlesFor } from "./handles.js";

describe("branch captions in plain words", () => {
  it("names a wait's met branch after what it waits for", () => {
    const onEvent = { until_event: { name: "report.exported", timeout: { days: 7 } } };
    const onRule = { until_rule: { rule: { all: [] }, timeout: { days: 7 } } };
    expect(sourceHandlesFor("wait", onEvent)).toEqual(["met", "timeout"]);
    expect(branchCaption("wait", "met", onEvent)).toBe("Happened");
    expect(branchCaption("wait", "met", onRule)).toBe("Rule met");
    expect(branchCaption("wait", "timeout", onEvent)).toBe("Timed out");
    expect(branchCaption("condition", "yes")).toBe("Yes");
    expect(branchCaption("wait", null, onEvent)).toBe("");
  });
});
