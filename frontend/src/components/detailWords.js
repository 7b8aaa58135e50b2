// A step's detail fields (graph_engine's effect `to_dict()`, backend/engine/actions.py's `result`)
// in the words the editor uses for them: "The account's CSM", not "csm"; "All contacts", not
// "all_contacts"; a template's name, not its key. Pure: the names come from `n` (graph/names.js).

const STAFF = { csm: "The account's CSM", sales_manager: "The account's sales manager" };
const PRIORITY = { low: "Low", medium: "Medium", high: "High" };
const STRATEGY = { round_robin: "Take turns (round robin)", least_accounts: "The CSM with the fewest accounts" };

/** Who a send_email went to (its `to`, with `role`, `staff_field` or `user`). */
function recipients(d, n) {
  switch (d.to) {
    case "all_contacts": return "All contacts";
    case "role": return `Contacts with role “${d.role}”`;
    case "csm": return STAFF.csm;
    case "staff": return STAFF[d.staff_field] || `The account's ${d.staff_field}`;
    case "user": return n.user(d.user);
    default: return undefined;
  }
}

// Fields another row already says (send_email's `to` names the role, the staff field, the user).
const FOLDED = { send_email: new Set(["role", "staff_field", "user"]) };

/** True when `key` of a `detail` is said by another row. */
export const foldedKey = (detail, key) => !!FOLDED[detail?.kind]?.has(key);

/**
 * The words for field `key` (value `v`) of a step's `detail`, or undefined to show the value as
 * it is. `n` names catalog keys (names(catalog)).
 */
export function detailWords(detail, key, v, n) {
  const kind = detail?.kind;
  if (v === null || v === undefined) return undefined;
  if (kind === "send_email") {
    if (key === "sender") return v === "csm" ? "The account's CSM (the workspace's default sender when it has none)" : String(v);
    if (key === "to" && typeof v === "string") return recipients(detail, n);
    if (key === "template") return n.template(v);
    if (key === "transactional") return v ? "Yes: not counted toward the frequency cap, never held by it" : "No";
  }
  if (kind === "create_task") {
    if (key === "assignee") return STAFF[v] || n.user(v);
    if (key === "priority") return PRIORITY[v] || String(v);
  }
  if (kind === "assign_csm") {
    if (key === "strategy") return STRATEGY[v] || String(v);
    if (key === "user") return n.user(v);
    if (key === "pool" && Array.isArray(v)) return v.length ? v.map(n.user).join(", ") : "none";
  }
  if (kind === "assign_playbook" && key === "playbook") return n.playbook(v);
  // an entry step's segments (it has no kind): by their names, as its sentence says them
  if (!kind && key === "segments" && Array.isArray(v)) return v.length ? v.map(n.segment).join(", ") : "none";
  if (["attribute", "source", "target"].includes(key) && typeof v === "string" && /^(account|custom|user)\./.test(v)) return n.attribute(v);
  if (typeof v === "boolean") return v ? "Yes" : "No";
  return undefined;
}

// A result's fields as a person names them.
const RESULT_KEYS = { emails: "outbox emails", task_id: "task", csm: "CSM", previous: "before" };

/** A step's `result` ({emails, from, to, …}) in one line: "outbox emails: #53, #54 · from: … · to: …". */
export function resultWords(result, show, n) {
  return Object.entries(result).filter(([, x]) => x !== null && x !== undefined).map(([k, x]) => {
    let value = show(x);
    if (k === "emails" && Array.isArray(x)) value = x.length ? x.map((id) => `#${id}`).join(", ") : "none";
    else if (k === "task_id") value = `#${x}`;
    else if ((k === "csm" || k === "previous" || k === "assignee") && typeof x === "string") value = n.user(x);
    else if (typeof x === "boolean") value = x ? "yes" : "no";
    return `${RESULT_KEYS[k] || k.replace(/_/g, " ")}: ${value}`;
  }).join(" · ");
}
