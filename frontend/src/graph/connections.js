// Rules for drawing an edge on the canvas (React Flow's isValidConnection).
import { DETACHED_TYPES } from "./nodeKinds.js";
import { sourceHandlesFor } from "./handles.js";

/** True when `to` can reach `from` along edges, i.e. adding from→to would close a cycle. */
export function wouldCreateCycle(edges, from, to) {
  if (from === to) return true;
  const out = new Map();
  for (const e of edges) {
    if (!out.has(e.source)) out.set(e.source, []);
    out.get(e.source).push(e.target);
  }
  const seen = new Set([to]);
  const stack = [to];
  while (stack.length) {
    const cur = stack.pop();
    for (const next of out.get(cur) || []) {
      if (next === from) return true;
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return false;
}

/** True when the output `handle` (null: the single unlabelled one) of step `sourceId` has an edge. */
export function outputTaken(edges, sourceId, handle) {
  return edges.some((e) => e.source === sourceId && (e.sourceHandle ?? null) === (handle ?? null));
}

/** The outputs of a step that have no edge yet, in the step's own order. */
export function freeOutputs(node, edges) {
  return sourceHandlesFor(node.type, node.data?.config).filter((h) => !outputTaken(edges, node.id, h));
}

/**
 * Checks a proposed connection {source, target, sourceHandle} against the current flow.
 * Returns {ok: true} or {ok: false, reason: "<plain words>"}.
 */
export function checkConnection(conn, nodes, edges) {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const src = byId.get(conn.source);
  const dst = byId.get(conn.target);
  if (!src || !dst) return { ok: false, reason: "Both ends must be steps on the canvas." };
  if (src.id === dst.id) return { ok: false, reason: "A step cannot lead to itself." };
  if (DETACHED_TYPES.has(src.type) || DETACHED_TYPES.has(dst.type)) {
    return { ok: false, reason: "Goal and exit criteria stand apart: they take no connections." };
  }
  if (dst.type === "entry") return { ok: false, reason: "Nothing can lead into the entry." };
  if (src.type === "end") return { ok: false, reason: "An end step has no next step." };
  const handle = conn.sourceHandle ?? null;
  const allowed = sourceHandlesFor(src.type, src.data?.config);
  if (!allowed.includes(handle)) return { ok: false, reason: "This step has no such output." };
  if (outputTaken(edges, src.id, handle)) return { ok: false, reason: "That output is already connected; delete its line first." };
  if (wouldCreateCycle(edges, src.id, dst.id)) return { ok: false, reason: "That would make a loop; journeys cannot loop." };
  return { ok: true };
}

/** Boolean form for React Flow's isValidConnection. */
export function isValidConnection(conn, nodes, edges) {
  return checkConnection(conn, nodes, edges).ok;
}

/**
 * Every other step as a candidate next step of `sourceId`'s output `handle`, with
 * checkConnection's verdict on it: [{node, ok, reason?}], in canvas order.
 */
export function connectionTargets(sourceId, handle, nodes, edges) {
  return nodes.filter((n) => n.id !== sourceId).map((node) => ({
    node, ...checkConnection({ source: sourceId, target: node.id, sourceHandle: handle }, nodes, edges),
  }));
}
