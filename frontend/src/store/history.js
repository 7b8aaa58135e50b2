// Snapshot helpers for undo/redo and the dirty flag.

export const HISTORY_LIMIT = 100;
export const COALESCE_MS = 800;

/** The part of the editor state that undo/redo restores: the flow, the graph settings, and the
 * journey's name and description. Selection and sizes are kept out. */
export function snapshotOf(state) {
  return {
    ...(state.meta && { meta: { name: state.meta.name, description: state.meta.description } }),
    nodes: state.nodes.map(({ id, type, position, data }) => ({ id, type, position, data })),
    edges: state.edges.map(({ id, source, target, sourceHandle, type, data }) => ({ id, source, target, sourceHandle, type, data })),
    extra: state.extra, // graph-level keys such as settings.send_window
  };
}

/** A string that changes whenever the saved graph would change (positions rounded as saved). */
export function graphKey(nodes, edges, meta, extra) {
  return JSON.stringify([
    nodes.map((n) => [n.id, n.type, Math.round(n.position.x), Math.round(n.position.y), n.data]),
    edges.map((e) => [e.source, e.target, e.sourceHandle ?? null]),
    meta ? [meta.name, meta.description] : null,
    extra ?? null,
  ]);
}

/** Restores a snapshot, keeping the measured sizes React Flow already knows. */
export function restore(state, snap) {
  const measured = new Map(state.nodes.map((n) => [n.id, n.measured]));
  return {
    nodes: snap.nodes.map((n) => (measured.get(n.id) ? { ...n, measured: measured.get(n.id) } : { ...n })),
    edges: snap.edges.map((e) => ({ ...e })),
    ...("extra" in snap && { extra: snap.extra }),
    ...(snap.meta && state.meta && { meta: { ...state.meta, ...snap.meta } }),
  };
}
