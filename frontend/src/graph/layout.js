// Auto-layout with dagre: the flow top to bottom; goal and exit (no edges) in a column to the right.
import dagre from "@dagrejs/dagre";
import { DETACHED_TYPES } from "./nodeKinds.js";
import { sourceHandlesFor } from "./handles.js";

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 90;

/**
 * Returns {nodeId: {x, y}} top-left positions for every node, laid out top to bottom.
 * Uses measured sizes when React Flow has them.
 */
export function layoutPositions(nodes, edges) {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "TB", nodesep: 50, ranksep: 70, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  const flow = nodes.filter((n) => !DETACHED_TYPES.has(n.type));
  const size = (n) => ({
    width: n.measured?.width || NODE_WIDTH,
    height: n.measured?.height || NODE_HEIGHT,
  });
  for (const n of flow) g.setNode(n.id, size(n));
  for (const e of edges) if (g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const positions = {};
  const rowOf = {};
  let maxX = 0;
  for (const n of flow) {
    const p = g.node(n.id);
    const { width, height } = size(n);
    positions[n.id] = { x: Math.round(p.x - width / 2), y: Math.round(p.y - height / 2) };
    rowOf[n.id] = Math.round(p.y);
    maxX = Math.max(maxX, positions[n.id].x + width);
  }
  orderRowsByHandles(positions, rowOf, flow, edges);
  let y = 20;
  for (const n of nodes.filter((m) => DETACHED_TYPES.has(m.type))) {
    positions[n.id] = { x: maxX + 80, y };
    y += size(n).height + 40;
  }
  return positions;
}

/**
 * Dagre orders a row by crossings, not by which output an edge leaves from, so a decision's
 * "No" child can land left of its "Yes" child and the edges cross. Row by row from the top,
 * re-deal the row's x slots in the order of where each node hangs: its parents' x plus the
 * place of the output it hangs from (yes before no, split keys in order).
 */
function orderRowsByHandles(positions, rowOf, flow, edges) {
  const byId = new Map(flow.map((n) => [n.id, n]));
  const rows = new Map();
  for (const n of flow) {
    const y = rowOf[n.id];
    if (!rows.has(y)) rows.set(y, []);
    rows.get(y).push(n.id);
  }
  for (const y of [...rows.keys()].sort((a, b) => a - b)) {
    const row = rows.get(y);
    if (row.length < 2) continue;
    const hang = (id) => {
      const places = edges.filter((e) => e.target === id && byId.has(e.source)).map((e) => {
        const src = byId.get(e.source);
        const handles = sourceHandlesFor(src.type, src.data?.config);
        const index = Math.max(0, handles.indexOf(e.sourceHandle ?? null));
        return positions[e.source].x + ((index + 1) / (handles.length + 1)) * NODE_WIDTH;
      });
      return places.length ? places.reduce((a, b) => a + b, 0) / places.length : positions[id].x;
    };
    const slots = row.map((id) => positions[id].x).sort((a, b) => a - b);
    const keys = new Map(row.map((id) => [id, hang(id)]));
    [...row].sort((a, b) => keys.get(a) - keys.get(b)).forEach((id, i) => { positions[id] = { ...positions[id], x: slots[i] }; });
  }
}
