// Where a step added from the palette by click or keyboard goes, and what it connects to.
// Below the selected step, hanging from its first free output (so a keyboard user builds a
// chain by pressing Enter on palette items); otherwise at the given spot, moved down until it
// no longer covers another step.
import { sourceHandlesFor } from "../graph/handles.js";
import { freeOutputs } from "../graph/connections.js";
import { DETACHED_TYPES, kindInfo } from "../graph/nodeKinds.js";
import { NODE_HEIGHT, NODE_WIDTH } from "../graph/layout.js";

const GAP_Y = 70;
const GAP_X = 30;

const sizeOf = (n) => ({ width: n.measured?.width || NODE_WIDTH, height: n.measured?.height || NODE_HEIGHT });

function overlaps(pos, nodes) {
  return nodes.some((n) => {
    const { width, height } = sizeOf(n);
    return pos.x < n.position.x + width && n.position.x < pos.x + NODE_WIDTH
      && pos.y < n.position.y + height && n.position.y < pos.y + NODE_HEIGHT;
  });
}

/** Moves `pos` down until a new step there covers no other step. */
export function freeSpot(pos, nodes) {
  let spot = { x: Math.round(pos.x), y: Math.round(pos.y) };
  while (overlaps(spot, nodes)) spot = { x: spot.x, y: spot.y + NODE_HEIGHT / 2 };
  return spot;
}

/**
 * Returns {position, link} for adding `kind`: `link` is {source, sourceHandle} to connect
 * from, or null. `fallback` is the flow position to use when nothing is selected.
 */
export function placeNew(kind, nodes, edges, fallback) {
  const selected = nodes.filter((n) => n.selected);
  const info = kindInfo(kind);
  const from = selected.length === 1 ? selected[0] : null;
  if (!from || !info || DETACHED_TYPES.has(info.type) || info.type === "entry") {
    return { position: freeSpot(fallback, nodes), link: null };
  }
  const handles = sourceHandlesFor(from.type, from.data?.config);
  const free = freeOutputs(from, edges);
  const index = free.length ? handles.indexOf(free[0]) : -1;
  const below = { x: from.position.x, y: from.position.y + sizeOf(from).height + GAP_Y };
  if (index < 0) return { position: freeSpot(below, nodes), link: null };
  const shift = handles.length > 1 ? (index - (handles.length - 1) / 2) * (NODE_WIDTH + GAP_X) : 0;
  return { position: freeSpot({ x: below.x + shift, y: below.y }, nodes), link: { source: from.id, sourceHandle: handles[index] } };
}
