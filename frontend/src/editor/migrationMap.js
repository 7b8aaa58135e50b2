// Where a publish that moves accounts takes each occupied step: rows for the dialog, the `map`
// the API wants, and the words for what will happen. Pure.
//
// A preview (POST /publish/preview) lists groups {version, node_id, count, type, label, to,
// to_type, to_label, mapped_by, wait}. One map serves every older version (it is keyed by the
// old node id), so rows merge groups of the same node id.

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const NOT_TARGETS = new Set(["goal", "exit"]);
const WAIT_KINDS = ["for", "until_date", "until_rule"];

/** Rows of the mapping table: [{nodeId, label, type, count, versions: [n], auto}], busiest first;
 * `auto` is the node id both versions have (mapped to itself unless changed), else null. The
 * not-started group (node_id null) is its own row with `fixed: true` (it starts at the entry). */
export function mappingRows(groups) {
  const byNode = new Map();
  for (const g of groups || []) {
    const key = g.node_id ?? null;
    const row = byNode.get(key) || { nodeId: key, label: g.label || null, type: g.type || null, count: 0, versions: [],
      auto: g.mapped_by === "same_id" ? g.to : null, fixed: key === null, to: key === null ? g.to : null };
    row.count += g.count;
    if (!row.versions.includes(g.version)) row.versions.push(g.version);
    row.label = row.label || g.label || null;
    byNode.set(key, row);
  }
  return [...byNode.values()].sort((a, b) => (a.fixed - b.fixed) || (b.count - a.count)
    || String(a.nodeId).localeCompare(String(b.nodeId)));
}

/** The first choices: each row's same-id node, else "" (the admin must choose). */
export function initialChoices(rows) {
  const out = {};
  for (const row of rows) if (!row.fixed) out[row.nodeId] = row.auto || "";
  return out;
}

/** The API's `map` for these choices (only rows with a choice). */
export function mapFor(choices) {
  const map = {};
  for (const [from, to] of Object.entries(choices || {})) if (to) map[from] = to;
  return map;
}

/** Rows still without a target. */
export function unmappedRows(rows, choices) {
  return rows.filter((row) => !row.fixed && !choices[row.nodeId]);
}

/** Steps of the new version accounts may be moved to: every node but goal and exit. */
export function targetNodes(graph) {
  return ((graph && graph.nodes) || []).filter((n) => n && !NOT_TARGETS.has(n.type));
}

export function waitKind(node) {
  if (!node || node.type !== "wait" || !node.config) return null;
  return WAIT_KINDS.find((k) => k in node.config) || null;
}

const LENGTH = { for: (c) => c.for, until_rule: (c) => c.until_rule?.timeout };

/** Whether accounts sleeping at `oldNode` and moved onto `target` can count the new wait's
 * length from when they began waiting (`waits: "recount"`): both waits of the same kind, one
 * with a length of its own (a `for` wait, an `until_rule` wait's timeout), and the length
 * changed — else keeping the wake-up time and recounting are the same thing. */
export function recountable(oldNode, target) {
  const kind = waitKind(target);
  if (!kind || kind !== waitKind(oldNode) || !LENGTH[kind]) return false;
  return JSON.stringify(LENGTH[kind](oldNode.config) ?? null) !== JSON.stringify(LENGTH[kind](target.config) ?? null);
}

/** What happens to accounts of a row moved onto `target` (a new-version node), in words;
 * `waits`: "keep" (SPEC §10's default) or "recount". */
export function arrivalWords(row, oldNode, target, waits = "keep") {
  if (!target) return "";
  if (target.type === "wait") {
    if (!waitKind(target) || waitKind(target) !== waitKind(oldNode)) return "the wait starts again at the move";
    return waits === "recount" && recountable(oldNode, target)
      ? "counts the new length from when it began waiting" : "keeps its wake-up time";
  }
  if (target.type === "end") return "completes at once";
  return "continues from there at once";
}

/** A one-line summary of a preview for the confirm button's neighbour. */
export function previewWords(preview) {
  if (!preview) return "";
  if (!preview.valid) return `The draft has ${plural((preview.problems || []).length, "problem")}: fix them before publishing.`;
  if ((preview.unmapped || []).length) {
    const n = (preview.unmapped || []).reduce((s, p) => s + (p.count || 0), 0);
    return n ? `${plural(n, "account")} would have no step to go to: choose one for every row.`
      : "The map names steps version " + preview.version + " does not have.";
  }
  if (!preview.moving) return `No account is active: version ${preview.version} is simply published.`;
  return `${plural(preview.moving, "active account")} will move to version ${preview.version} in one step; `
    + "each timeline will say where it was moved from.";
}
