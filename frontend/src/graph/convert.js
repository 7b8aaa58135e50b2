// journey/v1 ⇄ React Flow. The ONLY code that knows both shapes.
//
// A journey node {id, type, label?, config?, ui?: {x, y, ...}, ...rest} becomes a React Flow
// node {id, type, position: {x, y}, data: {config, label, ui (ui minus x/y), extra (rest)}}.
// A journey edge {id?, source, target, branch?} becomes {id, source, target, sourceHandle,
// type: "journey", data: {journeyId}}; the edge keeps the id it came with (or none).
// Nodes without a saved position are placed by the auto-layout.
import { layoutPositions } from "./layout.js";

export const FORMAT = "journey/v1";
const NODE_KEYS = new Set(["id", "type", "label", "config", "ui"]);
const EDGE_KEYS = new Set(["id", "source", "target", "branch"]);
const GRAPH_KEYS = new Set(["format", "nodes", "edges"]);

function pickExtra(obj, known) {
  const extra = {};
  for (const [k, v] of Object.entries(obj)) if (!known.has(k)) extra[k] = v;
  return Object.keys(extra).length ? extra : undefined;
}

function hasPosition(ui) {
  return ui && typeof ui.x === "number" && typeof ui.y === "number";
}

/** Generates the React Flow id for an edge that has none: stable for one source handle. */
export function flowEdgeId(source, branch, target) {
  return `e:${source}:${branch ?? ""}:${target}`;
}

/**
 * Converts a journey/v1 graph to {nodes, edges, extra} for React Flow and the editor store.
 * Tolerates drafts (missing lists, unknown types); never throws for a well-formed object.
 */
export function journeyToFlow(graph) {
  const srcNodes = Array.isArray(graph?.nodes) ? graph.nodes : [];
  const srcEdges = Array.isArray(graph?.edges) ? graph.edges : [];
  const nodes = srcNodes.map((n) => {
    const { x, y, ...uiRest } = n.ui || {};
    const data = {};
    if (n.config !== undefined) data.config = n.config;
    if (n.label !== undefined) data.label = n.label;
    if (Object.keys(uiRest).length) data.ui = uiRest;
    const extra = pickExtra(n, NODE_KEYS);
    if (extra) data.extra = extra;
    return { id: String(n.id), type: n.type, position: hasPosition(n.ui) ? { x, y } : null, data };
  });
  const edges = srcEdges.map((e) => {
    const branch = e.branch ?? null;
    const edge = {
      id: e.id !== undefined ? String(e.id) : flowEdgeId(e.source, branch, e.target),
      source: String(e.source),
      target: String(e.target),
      sourceHandle: branch,
      type: "journey",
      data: {},
    };
    if (e.id !== undefined) edge.data.journeyId = e.id;
    const extra = pickExtra(e, EDGE_KEYS);
    if (extra) edge.data.extra = extra;
    return edge;
  });
  if (nodes.some((n) => !n.position)) {
    const placed = layoutPositions(nodes, edges);
    for (const n of nodes) if (!n.position) n.position = placed[n.id];
  }
  return { nodes, edges, extra: pickExtra(graph || {}, GRAPH_KEYS) };
}

/** Converts React Flow nodes/edges (plus graph-level extra keys) back to a journey/v1 graph. */
export function flowToJourney({ nodes, edges, extra }) {
  return {
    ...(extra || {}),
    format: FORMAT,
    nodes: nodes.map((n) => {
      const d = n.data || {};
      const out = { id: n.id, type: n.type };
      if (d.label !== undefined && d.label !== "") out.label = d.label;
      if (d.config !== undefined) out.config = d.config;
      out.ui = { ...(d.ui || {}), x: Math.round(n.position.x), y: Math.round(n.position.y) };
      return { ...(d.extra || {}), ...out };
    }),
    edges: edges.map((e) => {
      const out = {};
      if (e.data?.journeyId !== undefined) out.id = e.data.journeyId;
      out.source = e.source;
      out.target = e.target;
      if (e.sourceHandle !== null && e.sourceHandle !== undefined) out.branch = e.sourceHandle;
      return { ...(e.data?.extra || {}), ...out };
    }),
  };
}
