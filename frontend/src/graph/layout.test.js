import { describe, expect, it } from "vitest";
import { layoutPositions } from "./layout.js";

const node = (id, type, config) => ({ id, type, data: config ? { config } : {} });
const edge = (source, target, sourceHandle = null) => ({ id: `${source}-${target}`, source, target, sourceHandle });

describe("layoutPositions", () => {
  it("lays the flow out top to bottom with a decision's Yes child left of its No child", () => {
    // dagre alone put "yes" on the right here, so the two edges crossed
    const nodes = [node("entry", "entry"), node("e", "action", { action: "send_email" }), node("c", "condition"),
      node("end_1", "end"), node("end_2", "end"), node("goal", "goal")];
    const edges = [edge("entry", "e"), edge("e", "c"), edge("c", "end_1", "yes"), edge("c", "end_2", "no")];
    const p = layoutPositions(nodes, edges);
    expect(p.entry.y).toBeLessThan(p.e.y);
    expect(p.e.y).toBeLessThan(p.c.y);
    expect(p.end_1.y).toBe(p.end_2.y);
    expect(p.end_1.x).toBeLessThan(p.end_2.x);
    expect(p.goal.x).toBeGreaterThan(p.end_2.x);
  });

  it("orders a split's children by its keys", () => {
    const nodes = [node("entry", "entry"), node("s", "split", { weights: { a: 1, b: 1, c: 1 } }),
      node("to_c", "end"), node("to_b", "end"), node("to_a", "end")];
    const edges = [edge("entry", "s"), edge("s", "to_c", "c"), edge("s", "to_b", "b"), edge("s", "to_a", "a")];
    const p = layoutPositions(nodes, edges);
    expect(p.to_a.x).toBeLessThan(p.to_b.x);
    expect(p.to_b.x).toBeLessThan(p.to_c.x);
  });
});
