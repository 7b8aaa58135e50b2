import { describe, expect, it } from "vitest";
import {
  arrivalWords, initialChoices, mapFor, mappingRows, previewWords, recountable, targetNodes, unmappedRows,
} from "./migrationMap.js";

const groups = [
  { version: 1, node_id: "w", count: 2, type: "wait", label: "Pause", to: "w", mapped_by: "same_id" },
  { version: 2, node_id: "w", count: 3, type: "wait", label: null, to: "w", mapped_by: "same_id" },
  { version: 2, node_id: "gone", count: 7, type: "condition", label: "Old check", to: null, mapped_by: null },
  { version: 2, node_id: null, count: 1, type: null, label: null, to: "start", mapped_by: "start" },
];

describe("the move map", () => {
  it("merges versions per step, busiest first, the not-started row last and fixed", () => {
    const rows = mappingRows(groups);
    expect(rows.map((r) => [r.nodeId, r.count, r.versions, r.auto, r.fixed])).toEqual([
      ["gone", 7, [2], null, false], ["w", 5, [1, 2], "w", false], [null, 1, [2], null, true]]);
    expect(rows[1].label).toBe("Pause");
    const choices = initialChoices(rows);
    expect(choices).toEqual({ gone: "", w: "w" });
    expect(unmappedRows(rows, choices).map((r) => r.nodeId)).toEqual(["gone"]);
    expect(mapFor({ ...choices, gone: "check2" })).toEqual({ w: "w", gone: "check2" });
  });

  it("offers every step but goal and exit, and says what arriving there does", () => {
    const graph = { nodes: [{ id: "s", type: "entry" }, { id: "g", type: "goal" }, { id: "x", type: "exit" },
      { id: "w2", type: "wait", config: { for: { days: 1 } } }, { id: "r", type: "wait", config: { until_rule: {} } }, { id: "e", type: "end" }] };
    expect(targetNodes(graph).map((n) => n.id)).toEqual(["s", "w2", "r", "e"]);
    const oldWait = { type: "wait", config: { for: { days: 3 } } };
    expect(arrivalWords({}, oldWait, graph.nodes[3])).toBe("keeps its wake-up time");
    expect(arrivalWords({}, oldWait, graph.nodes[4])).toBe("the wait starts again at the move");
    expect(arrivalWords({}, oldWait, graph.nodes[5])).toBe("completes at once");
    expect(arrivalWords({}, oldWait, graph.nodes[0])).toBe("continues from there at once");
  });

  it("recounts only a wait of the same kind whose length changed", () => {
    const wait = (config) => ({ id: "w", type: "wait", config });
    const week = wait({ for: { days: 7 } });
    expect(recountable(week, wait({ for: { days: 3 } }))).toBe(true);
    expect(recountable(week, wait({ for: { days: 7 } }))).toBe(false); // the same: nothing to choose
    expect(recountable(week, wait({ until_date: { property: "account.next_billing_on" } }))).toBe(false);
    const rule = (days) => wait({ until_rule: { rule: { all: [] }, timeout: { days } } });
    expect(recountable(rule(7), rule(2))).toBe(true);
    expect(recountable(rule(7), rule(7))).toBe(false);
    expect(recountable(wait({ until_date: { property: "a" } }), wait({ until_date: { property: "b" } }))).toBe(false);
    expect(recountable(undefined, wait({ for: { days: 3 } }))).toBe(false);
    expect(arrivalWords({}, week, wait({ for: { days: 3 } }), "recount")).toBe("counts the new length from when it began waiting");
    expect(arrivalWords({}, week, wait({ for: { days: 7 } }), "recount")).toBe("keeps its wake-up time");
    expect(arrivalWords({}, week, wait({ for: { days: 3 } }))).toBe("keeps its wake-up time");
  });

  it("puts a preview in words", () => {
    expect(previewWords({ valid: false, problems: [{}, {}] })).toBe("The draft has 2 problems: fix them before publishing.");
    expect(previewWords({ valid: true, version: 4, unmapped: [{ count: 3 }] })).toBe("3 accounts would have no step to go to: choose one for every row.");
    expect(previewWords({ valid: true, version: 4, unmapped: [], moving: 0 })).toBe("No account is active: version 4 is simply published.");
    expect(previewWords({ valid: true, version: 4, unmapped: [], moving: 1 }))
      .toBe("1 active account will move to version 4 in one step; each timeline will say where it was moved from.");
  });
});
