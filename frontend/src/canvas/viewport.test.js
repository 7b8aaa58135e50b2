import { describe, expect, it } from "vitest";
import { FIT_VIEW, READABLE_ZOOM, framedViewport } from "./viewport.js";

describe("framedViewport", () => {
  it("centres a journey that fits, at most at 100%", () => {
    const vp = framedViewport({ x: 0, y: 0, width: 220, height: 300 }, 800, 600);
    expect(vp.zoom).toBe(FIT_VIEW.maxZoom);
    expect(vp.x).toBe(400 - 110);
    expect(vp.y).toBe(300 - 150);
  });

  it("starts a long journey at its Entry, at a readable zoom, instead of its middle", () => {
    const bounds = { x: -600, y: 0, width: 1400, height: 4000 };
    const entry = { x: 100, y: 0, width: 220, height: 80 };
    const vp = framedViewport(bounds, 800, 700, entry);
    expect(vp.zoom).toBe(READABLE_ZOOM);
    expect(vp.y).toBe(24);                      // the Entry's top edge 24 px below the pane's
    expect(vp.x).toBeCloseTo(400 - 210 * READABLE_ZOOM); // too wide as well: across, the Entry in the middle
    const entryTopOnScreen = entry.y * vp.zoom + vp.y;
    expect(entryTopOnScreen).toBeGreaterThanOrEqual(0);
    expect(entryTopOnScreen + entry.height * vp.zoom).toBeLessThanOrEqual(700);
  });

  it("keeps a tall but narrow journey centred across", () => {
    const vp = framedViewport({ x: 0, y: 0, width: 220, height: 4000 }, 800, 700, { x: 0, y: 0, width: 220, height: 80 });
    expect(vp.x).toBeCloseTo(400 - 110 * READABLE_ZOOM);
    expect(vp.y).toBe(24);
  });
});
