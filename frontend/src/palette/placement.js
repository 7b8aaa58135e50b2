// Where a step added from the palette by click or keyboard goes, and what it connects to.
// Below the selected step, hanging from its first free output (so a keyboard user builds a
// chain by pressing Enter on palette items). When the selected step already leads to a next
// step through its only output, the new step goes between the two (selected → new → old next),
// and the steps below move down to make room. Otherwise (nothing selected, a branching step
// whose paths are all taken, an End) it goes to a free spot, unconnected, and `message` says why.
import { branchCaption, sourceHandlesFor } from "../graph/handles.js";
import { freeOutputs } from "../graph/connections.js";
import { DETACHED_TYPES, kindInfo, stepName } from "../graph/nodeKinds.js";
import { NODE_HEIGHT, NODE_WIDTH } from "../graph/layout.js";

const GAP_Y = 70;
const GAP_X = 30;

const sizeOf = (n) => ({ width: n.measured?.width || NODE_WIDTH, height: n.measured?.height || NODE_HEIGHT });
const named = (n) => `“${stepName(n)}”`;

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

/** Ids of `start` and every step after it. */
function downstream(start, edges) {
  const seen = new Set([start]);
  const stack = [start];
  while (stack.length) {
    const id = stack.pop();
    for (const e of edges) {
      if (e.source === id && !seen.has(e.target)) {
        seen.add(e.target);
        stack.push(e.target);
      }
    }
  }
  return seen;
}

/**
 * Returns {position, link, insert, message} for adding `kind`: `link` is {source, sourceHandle}
 * to connect from, or null; `insert` ({target, sourceHandle, moves}) also puts the new step in
 * front of `target`, which `link`'s output led to until now (its line is replaced), from the new
 * step's output `sourceHandle`, moving the steps in `moves` ({id: position}) down to make room;
 * `message` says in words what was done when it is not simply "connected below". `fallback` is
 * the flow position to use when nothing is selected.
 */
export function placeNew(kind, nodes, edges, fallback) {
  const selected = nodes.filter((n) => n.selected);
  const info = kindInfo(kind);
  const from = selected.length === 1 ? selected[0] : null;
  const none = { position: freeSpot(fallback, nodes), link: null, insert: null, message: null };
  if (!from || !info || DETACHED_TYPES.has(info.type) || info.type === "entry") return none;
  const handles = sourceHandlesFor(from.type, from.data?.config);
  const free = freeOutputs(from, edges);
  const below = { x: from.position.x, y: from.position.y + sizeOf(from).height + GAP_Y };
  const apart = (message) => ({ position: freeSpot(below, nodes), link: null, insert: null, message });
  if (free.length) {
    const index = handles.indexOf(free[0]);
    const shift = handles.length > 1 ? (index - (handles.length - 1) / 2) * (NODE_WIDTH + GAP_X) : 0;
    return { position: freeSpot({ x: below.x + shift, y: below.y }, nodes), link: { source: from.id, sourceHandle: handles[index] },
      insert: null, message: null };
  }
  if (!handles.length) return apart(`${named(from)} ends the journey, so nothing can follow it: the new step is added unconnected.`);
  if (handles.length > 1) {
    return apart(`Every path of ${named(from)} already leads to a step, so the new step is added unconnected. `
      + "To put it on a path, select that path's line, delete it (× on the line, or the Delete key) and add the step again.");
  }
  const line = edges.find((e) => e.source === from.id && (e.sourceHandle ?? null) === null);
  const next = line && nodes.find((n) => n.id === line.target);
  if (!next) return apart(null);
  const outputs = sourceHandlesFor(info.type, info.config());
  if (!outputs.length) {
    return apart(`An End step has no next step, so it cannot go between ${named(from)} and ${named(next)}: it is added unconnected.`);
  }
  // Room for the new step: the old next step and everything after it move down by what it needs.
  const room = Math.max(0, below.y + NODE_HEIGHT + GAP_Y - next.position.y);
  const moving = room ? downstream(next.id, edges) : new Set();
  const moves = Object.fromEntries(nodes.filter((n) => moving.has(n.id)).map((n) => [n.id, { x: n.position.x, y: n.position.y + room }]));
  const after = nodes.map((n) => (moves[n.id] ? { ...n, position: moves[n.id] } : n));
  const position = freeSpot(below, after);
  const [out] = outputs;
  const rest = outputs.slice(1).map((h) => `“${branchCaption(info.type, h, info.config())}”`);
  const message = out === null
    ? `Added between ${named(from)} and ${named(next)}.`
    : `Added between ${named(from)} and ${named(next)}: its “${branchCaption(info.type, out, info.config())}” path leads to ${named(next)}; `
      + `connect its ${rest.join(" and ")} ${rest.length === 1 ? "path" : "paths"} too.`;
  return { position, link: { source: from.id, sourceHandle: null }, insert: { target: next.id, sourceHandle: out, moves }, message };
}
