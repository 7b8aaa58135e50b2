// The catalog a graph refers to, for the inspector's pickers: GET /api/catalog.
import { api } from "./client.js";

export const CATALOG_KEYS = ["segments", "users", "templates", "playbooks", "attributes", "milestones", "outcomes", "journeys", "contact_roles"];

/**
 * Returns {segments, users, templates, playbooks, attributes, milestones, outcomes, journeys,
 * contact_roles, event_names}, each a list (missing ones become []; values may be lists or {items: [...]}),
 * and the rule language's words as graph_engine defines them: `fields` ({account: [{key, type,
 * writable}], subscription: [{key, type}]}) and `operators` ({number, text, date, boolean,
 * membership, playbook, user: [op, ...]}), left out when the server sends none.
 */
export async function getCatalog() {
  const [raw, eventNames] = await Promise.all([api.get("/api/catalog"),
    api.get("/api/event-names").catch(() => [])]);
  const data = raw || {};
  const out = {};
  for (const key of CATALOG_KEYS) {
    const v = data[key];
    out[key] = Array.isArray(v) ? v : Array.isArray(v?.items) ? v.items : [];
  }
  if (data.fields && data.operators) Object.assign(out, { fields: data.fields, operators: data.operators });
  // Product event names seen (SPEC §7) for the rule builder, entry and wait pickers.
  out.event_names = Array.isArray(eventNames) ? eventNames : [];
  return out;
}

/** GET /api/templates/<key> → {key, subject, body} (the catalog lists subjects only). */
export const getTemplate = (key) => api.get(`/api/templates/${encodeURIComponent(key)}`);

/** GET /api/segments → [{key, name, rule, accounts}] (accounts: the member count), by key. */
export async function listSegments() {
  return (await api.get("/api/segments")).items;
}
