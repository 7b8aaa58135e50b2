import { describe, expect, it } from "vitest";
import { freeSpot, placeNew } from "./placement.js";

const at = (id, type, x, y, extra = {}) => ({ id, type, position: { x, y }, data: {}, ...extra });

describe("placeNew", () => {
  it("hangs a new step below the selected one, from its first free output", () => {
    const nodes = [at("entry", "entry", 0, 0), at("c", "condition", 0, 200, { selected: true })];
    const edges = [{ source: "entry", target: "c", sourceHandle: null }, { source: "c", target: "x", sourceHandle: "yes" }];
    const { position, link } = placeNew("send_email", nodes, edges, { x: 500, y: 500 });
    expect(link).toEqual({ source: "c", sourceHandle: "no" });
    expect(position.y).toBeGreaterThan(200 + 90);
    expect(position.x).toBeGreaterThan(0); // "no" is the right-hand output
  });

  it("uses the fallback spot with nothing selected, moved off any step it would cover", () => {
    const nodes = [at("entry", "entry", 0, 0)];
    const { position, link } = placeNew("end", nodes, [], { x: 10, y: 10 });
    expect(link).toBeNull();
    expect(position.y).toBeGreaterThanOrEqual(90);
    expect(freeSpot({ x: 400, y: 0 }, nodes)).toEqual({ x: 400, y: 0 });
  });

  it("never links goal or exit, and places below a step whose line leads nowhere on the canvas", () => {
    const nodes = [at("entry", "entry", 0, 0, { selected: true })];
    expect(placeNew("goal", nodes, [], { x: 300, y: 0 }).link).toBeNull();
    const full = placeNew("wait", nodes, [{ source: "entry", target: "a", sourceHandle: null }], { x: 300, y: 0 });
    expect(full.link).toBeNull();
    expect(full.insert).toBeNull();
    expect(full.position.y).toBeGreaterThan(90);
  });
});

describe("placeNew between two steps", () => {
  // entry → email → task (→ end), the email selected: what the QA sweep did (15-insert-between.png)
  const chain = (selected = "email") => [
    at("entry", "entry", 0, 0), at("email", "action", 0, 160, { data: { label: "Welcome email", config: { action: "send_email" } } }),
    at("task", "action", 0 , 320, { data: { label: "Kick-off call", config: { action: "create_task" } } }), at("end", "end", 0, 480),
    at("goal", "goal", 400, 0),
  ].map((n) => ({ ...n, selected: n.id === selected }));
  const edges = [{ source: "entry", target: "email", sourceHandle: null }, { source: "email", target: "task", sourceHandle: null },
    { source: "task", target: "end", sourceHandle: null }];

  it("puts the new step between the selected step and the one it led to, moving the rest down", () => {
    const placed = placeNew("assign_csm", chain(), edges, { x: 500, y: 500 });
    expect(placed.link).toEqual({ source: "email", sourceHandle: null });
    expect(placed.insert).toMatchObject({ target: "task", sourceHandle: null });
    expect(placed.position).toEqual({ x: 0, y: 160 + 90 + 70 });
    // the task and the end below it make room; the goal, not after the email, stays
    expect(placed.insert.moves.task.y).toBeGreaterThanOrEqual(placed.position.y + 90 + 70);
    expect(placed.insert.moves.end.y - placed.insert.moves.task.y).toBe(160);
    expect(placed.insert.moves.goal).toBeUndefined();
    expect(placed.message).toBe("Added between “Welcome email” and “Kick-off call”.");
  });

  it("connects a branching new step's first path onward and says which paths are left", () => {
    const placed = placeNew("condition", chain(), edges, { x: 500, y: 500 });
    expect(placed.insert).toMatchObject({ target: "task", sourceHandle: "yes" });
    expect(placed.message).toBe("Added between “Welcome email” and “Kick-off call”: its “Yes” path leads to “Kick-off call”; connect its “No” path too.");
  });

  it("does not put an End between two steps, and says so", () => {
    const placed = placeNew("end", chain(), edges, { x: 500, y: 500 });
    expect(placed.link).toBeNull();
    expect(placed.insert).toBeNull();
    expect(placed.message).toMatch(/An End step has no next step, so it cannot go between “Welcome email” and “Kick-off call”: it is added unconnected/);
  });

  it("says why a step after a decision whose paths are all taken, or after an End, is unconnected", () => {
    const nodes = [at("c", "condition", 0, 0, { selected: true, data: { label: "Big account?" } }), at("a", "end", -200, 200), at("b", "end", 200, 200)];
    const both = [{ source: "c", target: "a", sourceHandle: "yes" }, { source: "c", target: "b", sourceHandle: "no" }];
    const placed = placeNew("send_email", nodes, both, { x: 0, y: 0 });
    expect(placed.link).toBeNull();
    expect(placed.message).toMatch(/^Every path of “Big account\?” already leads to a step, so the new step is added unconnected\. /);
    expect(placed.message).toMatch(/Delete key/);
    expect(placeNew("send_email", chain("end"), edges, { x: 0, y: 0 }).message).toBe("“End” ends the journey, so nothing can follow it: the new step is added unconnected.");
  });
});
