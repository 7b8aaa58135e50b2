import { describe, expect, it } from "vitest";
import { diffMarks, diffWords, fieldWords } from "./versionDiff.js";

const diff = {
  version: 3, against: 2,
  nodes: {
    added: [{ id: "n9", type: "wait", label: "Pause" }],
    removed: [{ id: "n7", type: "wait", label: "Old wait" }],
    changed: [{ id: "n2", type: "action", label: null, fields: {
      "config.subject": { from: "a", to: "b" }, label: { from: null, to: "Hi" }, "config.to.contacts": { from: "all", to: null } } }],
  },
  edges: { added: [{ source: "n1", target: "n9", branch: null }], removed: [{ source: "n1", target: "n7", branch: null }] },
  settings: {}, counts: {},
};

describe("a version's changes", () => {
  it("marks added and changed steps, naming the fields that changed", () => {
    expect(diffMarks(diff)).toEqual({
      n9: { kind: "added", fields: [], words: "" },
      n2: { kind: "changed", fields: ["config.subject", "label", "config.to.contacts"], words: "subject, name, +1 more" },
    });
    expect(fieldWords("config.for.days")).toBe("for days");
    expect(fieldWords("config.due_in_days")).toBe("due in days");
  });

  it("says it in one line against the version before", () => {
    expect(diffWords(diff)).toBe("Since version 2: 1 step added, 1 changed, 1 removed (“Old wait”); 2 connections changed.");
    expect(diffWords({ ...diff, nodes: { added: [], removed: [], changed: [] }, edges: { added: [], removed: [] } }))
      .toBe("Same steps as version 2.");
    expect(diffWords({ ...diff, against: null, nodes: { added: [{ id: "a" }, { id: "b" }], removed: [], changed: [] }, edges: { added: [], removed: [] } }))
      .toBe("First version: 2 steps added.");
    // a first version's connections are all new: added, not "changed"
    expect(diffWords({ ...diff, against: null, nodes: { added: [{ id: "a" }, { id: "b" }], removed: [], changed: [] },
      edges: { added: [{ source: "a", target: "b" }], removed: [] } })).toBe("First version: 2 steps added; 1 connection added.");
    expect(diffWords({ ...diff, nodes: { added: [], removed: [], changed: [] }, edges: { added: [], removed: [{ source: "a", target: "b" }] } }))
      .toBe("Since version 2: 1 connection removed.");
    expect(diffWords(null)).toBe("");
  });
});
