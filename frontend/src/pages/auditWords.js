// The audit log's entries in words: objects, actors, before/after rows, links. Pure.
import { whenWords } from "../components/dates.js";

export const OBJECT_TYPES = [
  ["journey", "Journeys"], ["account", "Accounts"], ["segment", "Segments"], ["template", "Email templates"],
  ["attribute", "Attributes"], ["milestone", "Milestones"], ["outcome", "Outcomes"], ["playbook", "Playbooks"],
  ["task", "Tasks"], ["enrollment", "Enrollments"], ["user", "Staff users"], ["token", "API tokens"],
  ["event", "Product events"], ["settings", "Settings"], ["secret", "Secrets"],
];

export const ACTOR_KINDS = { user: "person", token: "API token", cli: "command line", system: "the app itself" };

const TYPE_WORDS = Object.fromEntries(OBJECT_TYPES.map(([value, label]) => [value, label.replace(/s$/, "")]));

/** "journey:12" → "Journey 12"; "account" (a bulk import) → "Accounts". */
export function objectWords(object) {
  if (!object) return "";
  const [type, ...rest] = String(object).split(":");
  const id = rest.join(":");
  const label = TYPE_WORDS[type] || type;
  if (!id) return OBJECT_TYPES.find(([value]) => value === type)?.[1] || label;
  return `${label} ${id}`;
}

/** Where the entry's object lives in the app, or null. */
export function auditLink(entry) {
  const id = entry.target_id;
  if (!id) return null;
  switch (entry.target_type) {
    case "journey": return entry.action === "journey.delete" ? null : `/journeys/${encodeURIComponent(id)}`;
    case "account": return `/accounts/${encodeURIComponent(id)}`;
    case "segment": case "template":
      return entry.action.endsWith(".delete") ? null : `/catalog/${entry.target_type}s/${encodeURIComponent(id)}`;
    case "attribute": case "milestone": case "outcome": case "playbook":
      return entry.action.endsWith(".delete") ? null : `/catalog/${entry.target_type}s`;
    case "task": return "/tasks";
    default: return null;
  }
}

/** A value in a table cell: unset says so, dates and moments as every page says them, objects as
 *  compact JSON. */
export function cellValue(value) {
  if (value === undefined || value === null || value === "") return "not set";
  if (typeof value === "object") return JSON.stringify(value);
  return whenWords(value) ?? String(value);
}

const isChange = (v) => v !== null && typeof v === "object" && !Array.isArray(v)
  && Object.keys(v).length > 0 && Object.keys(v).every((k) => k === "from" || k === "to");

/** [{field, before, after}] from an entry's `changes` ({field: {from, to}} or plain values). */
export function changeRows(changes) {
  if (!changes || typeof changes !== "object" || Array.isArray(changes)) return [];
  return Object.entries(changes).map(([field, value]) => (isChange(value)
    ? { field, before: cellValue(value.from), after: cellValue(value.to) }
    : { field, before: "", after: cellValue(value) }));
}
