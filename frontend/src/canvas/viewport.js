// How "Fit view" frames the journey: the whole graph when it fits, but never so small that the
// steps' text cannot be read (below READABLE_ZOOM a 13 px summary is under 9 px on screen);
// a larger journey is framed at that zoom and panned or zoomed out by hand. It then starts at
// the Entry: centred on the middle of a long journey, the view showed neither where it begins
// nor the Entry step a new admin looks for first.
import { useCallback } from "react";
import { useReactFlow, useStoreApi } from "@xyflow/react";

export const READABLE_ZOOM = 0.7;

export const FIT_VIEW = { padding: 0.2, maxZoom: 1, minZoom: READABLE_ZOOM };

// Space kept between the pane's edge and a journey that is framed from its top.
const EDGE = 24;

const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));

/**
 * The viewport ({x, y, zoom}) framing `bounds` (the steps' rectangle, flow coordinates) in a
 * `width` × `height` pane: centred when it fits at a readable zoom; else with `start` (the Entry
 * step's rectangle, when there is one) at the top, and centred across on it when too wide too.
 */
export function framedViewport(bounds, width, height, start = null) {
  const { padding, minZoom, maxZoom } = FIT_VIEW;
  const fits = Math.min(width / (bounds.width * (1 + padding)), height / (bounds.height * (1 + padding)));
  const zoom = clamp(Number.isFinite(fits) ? fits : maxZoom, minZoom, maxZoom);
  let x = width / 2 - (bounds.x + bounds.width / 2) * zoom;
  let y = height / 2 - (bounds.y + bounds.height / 2) * zoom;
  const focus = start || bounds;
  if (bounds.height * zoom + 2 * EDGE > height) y = EDGE - focus.y * zoom;
  if (bounds.width * zoom + 2 * EDGE > width) x = width / 2 - (focus.x + focus.width / 2) * zoom;
  return { x, y, zoom };
}

/** A function that frames the journey on the canvas (options: {duration} in ms). */
export function useFrameJourney() {
  const flow = useReactFlow();
  const store = useStoreApi();
  return useCallback((options = {}) => {
    const nodes = flow.getNodes();
    const { width, height } = store.getState();
    if (!nodes.length || !width || !height) return;
    const entry = nodes.find((n) => n.type === "entry");
    const viewport = framedViewport(flow.getNodesBounds(nodes), width, height, entry ? flow.getNodesBounds([entry]) : null);
    flow.setViewport(viewport, options.duration ? { duration: options.duration } : undefined);
  }, [flow, store]);
}
