// A version's changes (GET /versions/<n>/diff) as canvas marks and words. Pure.

const FIELD_WORDS = { label: "name", type: "kind" };
// A step's settings as the inspector calls them (config keys → words); a nested path is said by
// its first key ("config.rule.all" → "rule", "config.headers.Authorization" → "headers").
const CONFIG_WORDS = {
  rule: "rule", for: "how long", until_date: "date", until_rule: "conditions", until_event: "event",
  timeout: "time limit", timeout_s: "time limit", url: "address", method: "method", headers: "headers",
  body: "body", save_response: "answer saved to", template: "template", subject: "subject", to: "recipients",
  from: "sender", title: "title", description: "description", assignee: "assignee", due_in_days: "due in",
  priority: "priority", strategy: "how the CSM is picked", pool: "CSMs", user: "person", playbook: "playbook",
  attribute: "attribute", value: "value", by: "by how much", segments: "segments", events: "events",
  reenroll: "re-enrollment", enroll_existing: "accounts already in the segment", weights: "split",
  on_goal: "on goal", blacklist: "exit rule", on_segment_exit: "leaving the segment",
  on_enroll_unenroll_from: "other journeys", action: "kind", ignore_send_window: "send window",
};

/** A changed field's path in words: "config.for.days" → "how long", "label" → "name",
 *  "config.headers.Authorization" → "headers"; an unknown setting by its first key, in words. */
export function fieldWords(path) {
  if (FIELD_WORDS[path]) return FIELD_WORDS[path];
  const [first = path] = path.replace(/^config\./, "").split(".");
  return CONFIG_WORDS[first] || first.replace(/_/g, " ");
}

const isPlain = (v) => v === null || v === undefined || ["string", "number", "boolean"].includes(typeof v);
const plainWords = (v) => (v === null || v === undefined || v === "" ? "not set" : String(v));

/** {nodeId: {kind: "added"|"changed", fields: [path], words, detail}} for the canvas: `words` names
 *  at most two settings that changed ("rule, name", "+1 more"), `detail` says each on a line, with
 *  its old and new value when they are plain ("name: Tell the CRM → Tell the CRM (signed in)"). */
export function diffMarks(diff) {
  const marks = {};
  for (const node of diff?.nodes?.added || []) marks[node.id] = { kind: "added", fields: [], words: "", detail: "" };
  for (const node of diff?.nodes?.changed || []) {
    const fields = Object.keys(node.fields || {});
    const unique = [...new Set(fields.map(fieldWords))];
    const shown = unique.slice(0, 2);
    if (unique.length > 2) shown.push(`+${unique.length - 2} more`);
    const detail = fields.map((f) => {
      const { from, to } = node.fields[f] || {};
      return isPlain(from) && isPlain(to) ? `${fieldWords(f)}: ${plainWords(from)} → ${plainWords(to)}` : `${fieldWords(f)} changed`;
    });
    marks[node.id] = { kind: "changed", fields, words: shown.join(", "), detail: [...new Set(detail)].join("\n") };
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
