// Derives per-node and per-edge decorations from the editor's overlay and problems.

/** Maps node id → list of simulation/timeline steps that visited it ({day|at, outcome, detail}). */
export function stepsByNode(overlay) {
  const map = new Map();
  if (!overlay || overlay.kind !== "path") return map;
  for (const step of overlay.steps || []) {
    if (!map.has(step.node_id)) map.set(step.node_id, []);
    map.get(step.node_id).push(step);
  }
  return map;
}

/** Set of "source→target" pairs walked by consecutive steps of a path overlay. */
export function walkedPairs(overlay) {
  const pairs = new Set();
  if (!overlay || overlay.kind !== "path") return pairs;
  const steps = overlay.steps || [];
  for (let i = 1; i < steps.length; i += 1) {
    if (steps[i - 1].node_id !== steps[i].node_id) pairs.add(`${steps[i - 1].node_id}→${steps[i].node_id}`);
  }
  return pairs;
}

/** Percentage of a node's branch traffic that took `branch` (live stats), or null. */
export function branchPercent(stats, source, branch) {
  const branches = stats?.nodes?.[source]?.branches;
  if (!branches || branch === null || branch === undefined) return null;
  const total = Object.values(branches).reduce((s, n) => s + Number(n || 0), 0);
  if (!total) return null;
  return Math.round((Number(branches[branch] || 0) * 100) / total);
}

/** True when a validation problem's edge ({source, target, branch?}) refers to this edge. */
export function problemMatchesEdge(problemEdge, edge) {
  if (!problemEdge) return false;
  if (problemEdge.id !== undefined && problemEdge.id === edge.data?.journeyId) return true;
  return problemEdge.source === edge.source && problemEdge.target === edge.target
    && (problemEdge.branch ?? null) === (edge.sourceHandle ?? null);
}
