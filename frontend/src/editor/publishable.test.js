import { describe, expect, it } from "vitest";
import { sameGraph, unchangedSince } from "./publishable.js";
import onboarding from "../graph/fixtures/onboarding-drip.json";

const copy = () => structuredClone(onboarding);

function reorderKeys(value) {
  if (Array.isArray(value)) return value.map(reorderKeys);
  if (value && typeof value === "object") return Object.fromEntries(Object.keys(value).reverse().map((k) => [k, reorderKeys(value[k])]));
  return value;
}

describe("sameGraph", () => {
  it("ignores only the order of keys inside objects", () => {
    expect(sameGraph(onboarding, reorderKeys(copy()))).toBe(true);
  });

  it("counts a moved step as a change, as publish does (it stores ui verbatim)", () => {
    const moved = copy();
    moved.nodes[1].ui = { ...moved.nodes[1].ui, x: moved.nodes[1].ui.x + 40 };
    expect(sameGraph(onboarding, moved)).toBe(false);
  });

  it("counts labels, configs, edges and their order as changes", () => {
    const labelled = copy();
    labelled.nodes[1].label = "Renamed";
    const fewer = copy();
    fewer.edges.pop();
    const swapped = copy();
    swapped.nodes.reverse();
    for (const other of [labelled, fewer, swapped]) expect(sameGraph(onboarding, other)).toBe(false);
  });
});

describe("unchangedSince", () => {
  const latest = { version: 3, graph: copy() };

  it("names the version when the saved draft is that version's graph and nothing is unsaved", () => {
    expect(unchangedSince({ dirty: false, savedGraph: reorderKeys(copy()), latest })).toBe(3);
  });

  it("is null with unsaved edits, a different draft, or no published version known", () => {
    const other = copy();
    other.nodes[0].label = "x";
    expect(unchangedSince({ dirty: true, savedGraph: copy(), latest })).toBeNull();
    expect(unchangedSince({ dirty: false, savedGraph: other, latest })).toBeNull();
    expect(unchangedSince({ dirty: false, savedGraph: copy(), latest: null })).toBeNull();
    expect(unchangedSince({ dirty: false, savedGraph: null, latest })).toBeNull();
  });
});
