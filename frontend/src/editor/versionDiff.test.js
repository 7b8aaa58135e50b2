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
      n9: { kind: "added", fields: [], words: "", detail: "" },
      n2: { kind: "changed", fields: ["config.subject", "label", "config.to.contacts"], words: "subject, name, +1 more",
        detail: "subject: a → b\nname: not set → Hi\nrecipients: all → not set" },
    });
  });

  it("names a changed setting as the step's settings call it, never by its internal key", () => {
    expect(fieldWords("config.for.days")).toBe("how long");
    expect(fieldWords("config.due_in_days")).toBe("due in");
    expect(fieldWords("config.rule.all")).toBe("rule");
    expect(fieldWords("config.timeout_s")).toBe("time limit");
    expect(fieldWords("config.headers.Authorization")).toBe("headers");
    expect(fieldWords("config.url")).toBe("address");
    expect(fieldWords("config.some_new_thing")).toBe("some new thing");
    // two header changes are one "headers"; a rule's value that is not plain is said changed
    const marks = diffMarks({ nodes: { changed: [{ id: "h", fields: {
      "config.headers.A": { from: null, to: "x" }, "config.headers.B": { from: "y", to: null },
      "config.rule.all": { from: [{ op: "gt" }], to: [{ op: "lt" }] } } }] } });
    expect(marks.h.words).toBe("headers, rule");
    expect(marks.h.detail).toBe("headers: not set → x\nheaders: y → not set\nrule changed");
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
