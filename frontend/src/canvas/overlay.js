// Derives per-node and per-edge decorations from the editor's overlay and problems.
import { attributeLabel } from "../graph/names.js";

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

/**
 * A path's visits: each run of consecutive steps at one node is one visit ({node_id, number, steps}),
 * so a wait's "waiting" then "done", or a move's arrival and the step it then ran, are one visit,
 * while coming back to a node (a move onto an earlier step, a retry elsewhere) is another. `number`
 * counts the visits of that node, from 1.
 */
export function pathVisits(steps) {
  const visits = [];
  const seen = new Map();
  for (const step of steps || []) {
    const last = visits[visits.length - 1];
    if (last && last.node_id === step.node_id) {
      last.steps.push(step);
      continue;
    }
    const number = (seen.get(step.node_id) || 0) + 1;
    seen.set(step.node_id, number);
    visits.push({ node_id: step.node_id, number, steps: [step] });
  }
  return visits;
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

/**
 * A send-email step's live counts in words (GET /stats `emails`): "2 emailed · 1 queued · 0 opened
 * · …". An email kept in the outbox because no mail server is set up reads "kept, not emailed",
 * never "sent". (A server without the breakdown: `sent` counted emailed and kept together.)
 */
export function emailCountWords(emails) {
  if (!emails) return "";
  const parts = [];
  if (emails.emailed === undefined) parts.push(`${emails.sent ?? 0} emailed or kept`);
  else {
    if (emails.emailed || (!emails.kept && !emails.queued)) parts.push(`${emails.emailed} emailed`);
    if (emails.queued) parts.push(`${emails.queued} queued`);
    if (emails.kept) parts.push(`${emails.kept} kept, not emailed (no mail server)`);
  }
  parts.push(`${emails.opened ?? 0} opened`, `${emails.clicked ?? 0} clicked`, `${emails.unsubscribed ?? 0} unsubscribed`);
  return parts.join(" · ");
}

/**
 * The same counts as two badges' few words, each fitting half the card's bottom edge: where the
 * emails stand (emailed, else queued, else kept) and how many were opened — ["12 emailed",
 * "3 opened"]. The whole sentence (emailCountWords) is their title and in the Live panel.
 */
export function emailBadgeWords(emails) {
  if (!emails) return ["", ""];
  let where;
  if (emails.emailed === undefined) where = `${emails.sent ?? 0} sent`;
  else if (emails.emailed || (!emails.queued && !emails.kept)) where = `${emails.emailed} emailed`;
  else if (emails.queued) where = `${emails.queued} queued`;
  else where = `${emails.kept} kept`;
  return [where, `${emails.opened ?? 0} opened`];
}

/** True when a validation problem's edge ({source, target, branch?}) refers to this edge. */
export function problemMatchesEdge(problemEdge, edge) {
  if (!problemEdge) return false;
  if (problemEdge.id !== undefined && problemEdge.id === edge.data?.journeyId) return true;
  return problemEdge.source === edge.source && problemEdge.target === edge.target
    && (problemEdge.branch ?? null) === (edge.sourceHandle ?? null);
}

function leaves(node, out) {
  if (!node || typeof node !== "object") return out;
  if (Array.isArray(node.all)) node.all.forEach((c) => leaves(c, out));
  else if (Array.isArray(node.any)) node.any.forEach((c) => leaves(c, out));
  else if ("not" in node) leaves(node.not, out);
  else if ("property" in node) out.push(node);
  return out;
}

/**
 * A short reason for a decision step, from its explained rule: "Logins in the last 30 days = 2 ✗"
 * (attribute labels from the catalog when given; the key otherwise).
 * Returns detail.reason/message when given, "" when there is nothing to say.
 */
export function stepReason(detail, max = 2, catalog = null) {
  if (!detail || typeof detail !== "object") return "";
  if (detail.reason || detail.message) return String(detail.reason || detail.message);
  const list = leaves(detail.rule, []);
  const shown = list.slice(0, max).map((l) => {
    const actual = l.actual === undefined || l.actual === null ? "not set" : typeof l.actual === "object" ? JSON.stringify(l.actual) : String(l.actual);
    const label = catalog ? attributeLabel(l.property, catalog) : l.property;
    return `${label} = ${actual} ${l.verdict ? "✓" : "✗"}`;
  });
  if (list.length > max) shown.push(`+${list.length - max} more`);
  return shown.join(", ");
}
