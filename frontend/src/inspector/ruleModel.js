// Pure rule logic for the rule builder (SPEC §3): properties, operators by type, and the
// value each operator takes, with conversion of values when the operator changes.
//
// The field table and the operators are graph_engine's: GET /api/catalog serves them as
// `fields` and `operators`, and every function here reads them from the catalog it is given.
// vocabulary.json is the same data for screens that have no catalog loaded (and before it
// loads); tests/backend/test_catalog_api.py fails when it differs from graph_engine.
import VOCABULARY from "./vocabulary.json";
import { eventExtras, eventOptions, parseEventProperty } from "./eventRules.js";

const TYPES = ["number", "text", "date", "boolean"];
// Presentation only: a field reads as its key in words ("stage" → "Stage"), or as people say it.
const LABELS = { mrr: "MRR", next_billing_on: "Next billing date", created_on: "Created date", timezone: "Time zone" };
// The name and external id identify an account; screens show them apart from its other fields.
const IDENTITY = new Set(["external_id", "name"]);

const words = (key) => LABELS[key] || (key[0].toUpperCase() + key.slice(1)).replaceAll("_", " ");
const vocabulary = (catalog) => ({
  fields: catalog?.fields || VOCABULARY.fields,
  operators: catalog?.operators || VOCABULARY.operators,
});

/** The account's typed fields besides name and external id: [[key, label, type]]. */
export function accountFields(catalog) {
  return vocabulary(catalog).fields.account.filter((f) => !IDENTITY.has(f.key)).map((f) => [f.key, words(f.key), f.type]);
}

/** A subscription's fields: [[key, label, type]]. */
export function subscriptionFields(catalog) {
  return vocabulary(catalog).fields.subscription.map((f) => [f.key, words(f.key), f.type]);
}

/** accountFields() for screens without a catalog (the account card, names, merge fields). */
export const ACCOUNT_FIELDS = accountFields();

// Properties whose value is a catalog key (or a staff email), with the catalog list they use
// and the operator list (`operators[ops]`) that applies to them.
export const KEYED = {
  segment: { label: "Segment", catalog: "segments", ops: "membership" },
  milestone: { label: "Milestone", catalog: "milestones", ops: "membership" },
  outcome: { label: "Outcome", catalog: "outcomes", ops: "membership" },
  playbook: { label: "Playbook", catalog: "playbooks", ops: "playbook" },
  "user.csm": { label: "CSM", catalog: "users", ops: "user" },
  "user.sales_manager": { label: "Sales manager", catalog: "users", ops: "user" },
};

export const OP_LABELS = {
  eq: "is", neq: "is not", gt: "is more than", gte: "is at least", lt: "is less than", lte: "is at most",
  between: "is between", contains: "contains", not_contains: "does not contain", in: "is one of",
  not_in: "is none of", before: "is before", after: "is after", on: "is on",
  within_next: "is within the next", within_last: "was within the last", is_true: "is true",
  is_false: "is false", is_set: "has a value", is_not_set: "has no value", has_met: "has met",
  has_not_met: "has not met", active_in: "is active in", never_enrolled: "was never enrolled in",
  has_completed: "has completed", is_overdue: "is overdue in",
};

// An operator's words where the generic ones do not read: an account "is in" a segment (the
// picker read "Segment · has met · Low health" while the rule in words said "is in segment").
const PROPERTY_OP_LABELS = { segment: { has_met: "is in", has_not_met: "is not in" } };

/** The words for `op` in the operator picker of a condition on `property`. */
export function opLabel(property, op) {
  return PROPERTY_OP_LABELS[property]?.[op] || OP_LABELS[op] || op;
}

/** Every property an admin can pick: [{value, label, group, type|keyed}], catalog attributes included. */
export function propertyOptions(catalog = {}) {
  const opts = [];
  for (const [key, info] of Object.entries(KEYED)) opts.push({ value: key, label: info.label, group: "Membership & people", keyed: true });
  for (const [f, label, type] of accountFields(catalog)) opts.push({ value: `account.${f}`, label, group: "Account", type });
  for (const a of catalog.attributes || []) {
    const key = String(a.key).replace(/^custom\./, "");
    opts.push({ value: `custom.${key}`, label: a.label || key, group: "Custom attribute", type: a.type });
  }
  for (const [f, label, type] of subscriptionFields(catalog)) opts.push({ value: `subscription.${f}`, label, group: "Any subscription", type });
  opts.push(...eventOptions(catalog)); // product events (SPEC §7): the names seen, from /api/event-names
  return opts;
}

/** The value type of a typed property (number|text|date|boolean), or null for keyed/unknown ones. */
export function propertyType(property, catalog = {}) {
  if (!property || KEYED[property]) return null;
  const found = propertyOptions(catalog).find((o) => o.value === property);
  if (found) return found.type;
  const event = parseEventProperty(property); // an event not seen yet still has its type
  return event ? (event.field === "count" ? "number" : "date") : null;
}

/** Operators allowed for a property. Unknown custom attributes get every typed operator. */
export function opsFor(property, catalog = {}) {
  const { operators } = vocabulary(catalog);
  if (KEYED[property]) return operators[KEYED[property].ops];
  const type = propertyType(property, catalog);
  if (type) return operators[type];
  return [...new Set(TYPES.flatMap((t) => operators[t]))];
}

/**
 * What value input an operator needs: "none" | "key" | "number" | "number_pair" | "text" |
 * "text_list" | "date" | "date_pair" | "days".
 */
export function valueKind(property, op, catalog = {}) {
  if (["is_set", "is_not_set", "is_true", "is_false"].includes(op)) return "none";
  if (KEYED[property]) return "key";
  const type = propertyType(property, catalog) || "text";
  if (type === "number") return op === "between" ? "number_pair" : "number";
  if (type === "date") {
    if (op === "between") return "date_pair";
    if (op === "within_next" || op === "within_last") return "days";
    return "date";
  }
  if (type === "text") return op === "in" || op === "not_in" ? "text_list" : "text";
  return "none";
}

/** A starting value for a value kind (undefined means the condition carries no value). */
export function defaultValue(kind) {
  switch (kind) {
    case "number": return 0;
    case "number_pair": return [0, 0];
    case "text": return "";
    case "key": return "";
    case "text_list": return [];
    case "date": return { days_from_now: 0 };
    case "date_pair": return [{ days_from_now: 0 }, { days_from_now: 30 }];
    case "days": return { days: 30 };
    default: return undefined;
  }
}

const isDateValue = (v) => (typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v))
  || (v && typeof v === "object" && !Array.isArray(v) && Number.isInteger(v.days_from_now));

/** True when `value` already has the shape `kind` needs. */
export function fitsKind(value, kind) {
  switch (kind) {
    case "none": return value === undefined;
    case "number": return typeof value === "number";
    case "number_pair": return Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === "number");
    case "text": case "key": return typeof value === "string";
    case "text_list": return Array.isArray(value) && value.every((v) => typeof v === "string");
    case "date": return isDateValue(value);
    case "date_pair": return Array.isArray(value) && value.length === 2 && value.every(isDateValue);
    case "days": return !!value && typeof value === "object" && Number.isInteger(value.days);
    default: return false;
  }
}

/** Carries a value over to a new value kind where it makes sense, else gives the default. */
export function convertValue(value, kind) {
  if (fitsKind(value, kind)) return value;
  if (kind === "text_list" && typeof value === "string") return value ? [value] : [];
  if (kind === "text" && Array.isArray(value) && typeof value[0] === "string") return value[0];
  if (kind === "number_pair" && typeof value === "number") return [value, value];
  if (kind === "number" && Array.isArray(value) && typeof value[0] === "number") return value[0];
  if (kind === "date_pair" && isDateValue(value)) return [value, value];
  if (kind === "date" && Array.isArray(value) && isDateValue(value[0])) return value[0];
  return defaultValue(kind);
}

/** Returns a condition {property, op, value?} with op and value made valid for the property. */
export function normalizeCondition(cond, catalog = {}) {
  const ops = opsFor(cond.property, catalog);
  const op = ops.includes(cond.op) ? cond.op : ops[0];
  const kind = valueKind(cond.property, op, catalog);
  const value = convertValue(cond.value, kind);
  const out = { property: cond.property, op };
  if (value !== undefined) out.value = value;
  return { ...out, ...eventExtras(cond) };
}

/** Parses "a, b ,, c" into ["a", "b", "c"]. */
export function parseList(text) {
  return String(text).split(",").map((s) => s.trim()).filter(Boolean);
}

/** Parses a number input: a finite number, or null when empty or not a number. */
export function parseNumber(text) {
  if (text === "" || text === null || text === undefined) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** Rule-tree node kind: "all" | "any" | "not" | "condition". */
export function nodeKind(rule) {
  if (rule && Array.isArray(rule.all)) return "all";
  if (rule && Array.isArray(rule.any)) return "any";
  if (rule && rule.not !== undefined) return "not";
  return "condition";
}

/** Makes any rule a group for editing at the root: a lone condition becomes {all: [it]}. */
export function asGroup(rule) {
  const kind = nodeKind(rule);
  if (kind === "all" || kind === "any") return rule;
  if (!rule) return { all: [] };
  return { all: [rule] };
}

/** A new condition on the first account number field. */
export function newCondition() {
  return { property: "account.mrr", op: "gt", value: 0 };
}
