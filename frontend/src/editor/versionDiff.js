// A version's changes (GET /versions/<n>/diff) as canvas marks and words. Pure.

const FIELD_WORDS = { label: "name", type: "kind" };

/** A changed field's path in words: "config.for.days" → "for days", "label" → "name". */
export function fieldWords(path) {
  if (FIELD_WORDS[path]) return FIELD_WORDS[path];
  return path.replace(/^config\./, "").replace(/\./g, " ").replace(/_/g, " ");
}

/** {nodeId: {kind: "added"|"changed", fields: [path], words}} for the canvas. */
export function diffMarks(diff) {
  const marks = {};
  for (const node of diff?.nodes?.added || []) marks[node.id] = { kind: "added", fields: [], words: "" };
  for (const node of diff?.nodes?.changed || []) {
    const fields = Object.keys(node.fields || {});
    const shown = fields.slice(0, 2).map(fieldWords);
    if (fields.length > 2) shown.push(`+${fields.length - 2} more`);
    marks[node.id] = { kind: "changed", fields, words: shown.join(", ") };
  }
  return marks;
}

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "2 steps added, 1 changed, 1 removed (“Old wait”); 3 connections changed" (added, or removed,
 * when they all were) or "". */
export function diffWords(diff) {
  if (!diff) return "";
  const n = diff.nodes || {};
  const parts = [];
  if (n.added?.length) parts.push(`${plural(n.added.length, "step")} added`);
  if (n.changed?.length) parts.push(`${n.changed.length} changed`);
  if (n.removed?.length) parts.push(`${n.removed.length} removed (${n.removed.map((r) => `“${r.label || r.id}”`).join(", ")})`);
  const added = diff.edges?.added?.length || 0;
  const removed = diff.edges?.removed?.length || 0;
  // the first version only adds; "changed" only when some came and some went
  const how = !removed ? "added" : !added ? "removed" : "changed";
  let text = parts.join(", ");
  if (added + removed) text += `${text ? "; " : ""}${plural(added + removed, "connection")} ${how}`;
  if (diff.settings && Object.keys(diff.settings).length) text += `${text ? "; " : ""}settings changed`;
  if (!text) return diff.against ? `Same steps as version ${diff.against}.` : "";
  return diff.against ? `Since version ${diff.against}: ${text}.` : `First version: ${text}.`;
}
