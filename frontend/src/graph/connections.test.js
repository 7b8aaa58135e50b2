import { describe, expect, it } from "vitest";
import { checkConnection, connectionTargets, freeOutputs, outputTaken, wouldCreateCycle } from "./connections.js";

const node = (id, type, config) => ({ id, type, position: { x: 0, y: 0 }, data: { config } });
const nodes = [
  node("start", "entry", { segments: [] }),
  node("act", "action", { action: "clear_attribute" }),
  node("cond", "condition", { rule: { all: [] } }),
  node("wait", "wait", { until_rule: { rule: { all: [] }, timeout: { days: 3 } } }),
  node("ab", "split", { weights: { a: 50, b: 50 } }),
  node("fin", "end"),
  node("goal", "goal", { rule: { all: [] } }),
  node("exit", "exit", {}),
];
const edges = [
  { id: "1", source: "start", target: "act", sourceHandle: null },
  { id: "2", source: "act", target: "cond", sourceHandle: null },
  { id: "3", source: "cond", target: "wait", sourceHandle: "yes" },
];
const check = (source, target, sourceHandle = null) => checkConnection({ source, target, sourceHandle }, nodes, edges);

describe("connection rules", () => {
  it("accepts a legal connection on a free handle", () => {
    expect(check("cond", "fin", "no")).toEqual({ ok: true });
    expect(check("wait", "fin", "timeout").ok).toBe(true);
    expect(check("ab", "fin", "b").ok).toBe(true);
  });

  it("refuses a cycle", () => {
    expect(check("wait", "act", "met").reason).toMatch(/loop/);
    expect(check("act", "act").ok).toBe(false);
  });

  it("refuses edges into the entry and out of an end", () => {
    expect(check("cond", "start", "no").reason).toMatch(/entry/);
    expect(check("fin", "ab").reason).toMatch(/end step/);
  });

  it("refuses anything touching goal or exit", () => {
    expect(check("cond", "goal", "no").ok).toBe(false);
    expect(check("goal", "fin").ok).toBe(false);
    expect(check("exit", "fin").ok).toBe(false);
    expect(check("ab", "exit", "a").ok).toBe(false);
  });

  it("refuses a second edge from the same handle", () => {
    expect(check("start", "fin").reason).toMatch(/already connected/);
    expect(check("cond", "fin", "yes").reason).toMatch(/already connected/);
  });

  it("refuses handles the node does not have", () => {
    expect(check("cond", "fin", null).ok).toBe(false);
    expect(check("ab", "fin", "c").ok).toBe(false);
    expect(check("wait", "fin", null).ok).toBe(false);
  });

  it("detects cycles through several steps", () => {
    expect(wouldCreateCycle(edges, "wait", "start")).toBe(true);
    expect(wouldCreateCycle(edges, "start", "wait")).toBe(false);
  });
});

describe("outputs and targets for connecting by keyboard", () => {
  const byId = (id) => nodes.find((n) => n.id === id);

  it("knows which outputs are still free", () => {
    expect(outputTaken(edges, "cond", "yes")).toBe(true);
    expect(outputTaken(edges, "start", undefined)).toBe(true);
    expect(freeOutputs(byId("cond"), edges)).toEqual(["no"]);
    expect(freeOutputs(byId("wait"), edges)).toEqual(["met", "timeout"]);
    expect(freeOutputs(byId("ab"), edges)).toEqual(["a", "b"]);
    expect(freeOutputs(byId("start"), edges)).toEqual([]);
    expect(freeOutputs(byId("fin"), edges)).toEqual([]);
  });

  it("gives every other step checkConnection's verdict, the drag-connect rules", () => {
    const targets = connectionTargets("wait", "met", nodes, edges);
    expect(targets.map((t) => t.node.id)).toEqual(["start", "act", "cond", "ab", "fin", "goal", "exit"]);
    for (const t of targets) {
      const { node: n, ...verdict } = t;
      expect(verdict).toEqual(check("wait", n.id, "met"));
    }
    expect(targets.filter((t) => t.ok).map((t) => t.node.id)).toEqual(["ab", "fin"]);
  });
});
