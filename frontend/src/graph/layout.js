// Auto-layout with dagre: the flow top to bottom; goal and exit (no edges) in a column to the right.
import dagre from "@dagrejs/dagre";
import { DETACHED_TYPES } from "./nodeKinds.js";

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
  let maxX = 0;
  for (const n of flow) {
    const p = g.node(n.id);
    const { width, height } = size(n);
    positions[n.id] = { x: Math.round(p.x - width / 2), y: Math.round(p.y - height / 2) };
    maxX = Math.max(maxX, positions[n.id].x + width);
  }
  let y = 20;
  for (const n of nodes.filter((m) => DETACHED_TYPES.has(m.type))) {
    positions[n.id] = { x: maxX + 80, y };
    y += size(n).height + 40;
  }
  return positions;
}
