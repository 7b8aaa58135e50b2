// Product events in rules and forms (SPEC §7), pure: the event properties a rule builder offers,
// and the `where` filter over an event's properties.
//   event.<name>.count   — how many times (number ops), optional `within: {days}`
//   event.<name>.last_at — the day it last happened (date ops)
//   where: {all: [{property: "properties.<key>", op, value}]}

export const EVENT_NAME = /^[a-z0-9_.-]{1,64}$/;
export const WHERE_OPS = ["eq", "neq", "contains", "in", "not_in", "gt", "gte", "lt", "lte", "is_set"];
export const WHERE_LABELS = {
  eq: "is", neq: "is not", contains: "contains", in: "is one of", not_in: "is none of", gt: "is more than",
  gte: "is at least", lt: "is less than", lte: "is at most", is_set: "is present",
};

/** "event.login.count" → {name: "login", field: "count"}; null for anything else. */
export function parseEventProperty(property) {
  const m = /^event\.(.+)\.(count|last_at)$/.exec(property || "");
  return m && EVENT_NAME.test(m[1]) ? { name: m[1], field: m[2] } : null;
}

/** The rule builder's event properties, two per name seen: [{value, label, group, type}]. */
export function eventOptions(catalog = {}) {
  const out = [];
  for (const ev of catalog.event_names || []) {
    out.push({ value: `event.${ev.name}.count`, label: `${ev.name}: how many times`, group: "Product events", type: "number" });
    out.push({ value: `event.${ev.name}.last_at`, label: `${ev.name}: last seen`, group: "Product events", type: "date" });
  }
  return out;
}

/** The property keys seen on an event name (from /api/event-names), with their types. */
export function propertyKeys(catalog, name) {
  const ev = (catalog?.event_names || []).find((e) => e.name === name);
  return ev ? Object.entries(ev.properties || {}).map(([key, type]) => ({ key, type })) : [];
}

/** Keeps an event condition's window (counts only) and filter beside its op and value. */
export function eventExtras(cond) {
  const parsed = parseEventProperty(cond.property);
  if (!parsed) return {};
  const out = {};
  if (parsed.field === "count" && cond.within && Number.isInteger(cond.within.days) && cond.within.days >= 1) out.within = cond.within;
  if (cond.where && whereConditions(cond.where).length) out.where = cond.where;
  return out;
}

/** The filter's conditions (a `where` is kept as {all: [...]}). */
export function whereConditions(where) {
  if (!where || typeof where !== "object") return [];
  return Array.isArray(where.all) ? where.all : Array.isArray(where.any) ? where.any : [];
}

/** A where condition's value from an input: numbers and true/false typed for number ops. */
export function whereValue(op, text, type) {
  if (op === "is_set") return undefined;
  if (op === "in" || op === "not_in") return String(text).split(",").map((s) => s.trim()).filter(Boolean);
  if (["gt", "gte", "lt", "lte"].includes(op)) return Number(text);
  if (type === "number" && text !== "" && Number.isFinite(Number(text))) return Number(text);
  if (type === "boolean" && (text === "true" || text === "false")) return text === "true";
  return String(text);
}

/** One where condition in words: "plan is “pro”". */
export function describeWhere(where) {
  const parts = whereConditions(where).map((c) => {
    const key = String(c.property || "").replace(/^properties\./, "");
    const op = WHERE_LABELS[c.op] || c.op;
    if (c.op === "is_set") return `${key} ${op}`;
    const v = Array.isArray(c.value) ? c.value.join(", ") : typeof c.value === "string" ? `“${c.value}”` : String(c.value);
    return `${key} ${op} ${v}`;
  });
  return parts.join(Array.isArray(where?.any) ? " or " : " and ");
}
