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

  it("never links goal or exit, and places below a step whose outputs are all taken", () => {
    const nodes = [at("entry", "entry", 0, 0, { selected: true })];
    expect(placeNew("goal", nodes, [], { x: 300, y: 0 }).link).toBeNull();
    const full = placeNew("wait", nodes, [{ source: "entry", target: "a", sourceHandle: null }], { x: 300, y: 0 });
    expect(full.link).toBeNull();
    expect(full.position.y).toBeGreaterThan(90);
  });
});
