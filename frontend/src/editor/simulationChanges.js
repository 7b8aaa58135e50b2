// Changes during a simulation, as the admin edits them (rows of day + property + value) and as
// the simulate API takes them ([{at_day, set: {...}, events: [...]}], SPEC §5 and §7). Pure:
// `today` is passed in.
import { attributeOptions } from "../inspector/attributes.js";
import { KEYED } from "../inspector/ruleModel.js";

/** What a change can be: account fields, custom attributes, CSM / sales manager, milestones and
 * outcomes met, and a product event the account sends that day (SPEC §7). */
export function changeOptions(catalog = {}) {
  const people = ["user.csm", "user.sales_manager"].map((k) => ({ value: k, label: `Account: ${KEYED[k].label}`, type: "user" }));
  const met = ["milestone", "outcome"].map((k) => ({ value: k, label: `Meets ${KEYED[k].label.toLowerCase()}`, type: "key" }));
  const event = { value: "event", label: "Does something (a product event)", type: "event" };
  return [...attributeOptions(catalog), ...people, ...met, event];
}

/** "plan: pro, seats: 5, trial: true" → {plan: "pro", seats: 5, trial: true}; pieces without a
 * key are skipped. Numbers and true/false become JSON numbers and booleans. */
export function parseProperties(text = "") {
  const out = {};
  for (const piece of String(text).split(",")) {
    const at = piece.indexOf(":");
    const key = at > 0 ? piece.slice(0, at).trim() : "";
    if (!key) continue;
    const raw = piece.slice(at + 1).trim();
    out[key] = raw === "true" ? true : raw === "false" ? false : raw !== "" && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return out;
}

/** The condition-like shape ValueInput edits for a row ({property, op, value}). */
export function rowCondition(row, catalog = {}) {
  const type = changeOptions(catalog).find((o) => o.value === row.property)?.type;
  const op = type === "date" ? "on" : type === "key" ? "has_met" : "eq";
  return { property: row.property, op, value: row.value };
}

/** A starting value for a property of `type`. */
export function defaultChangeValue(property, catalog = {}) {
  const type = changeOptions(catalog).find((o) => o.value === property)?.type;
  switch (type) {
    case "number": return 0;
    case "date": return { days_from_now: 0 };
    case "boolean": return true;
    case "event": return { name: "", properties: "" };
    default: return "";
  }
}

function isoDay(today, days) {
  const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + days));
  return d.toISOString().slice(0, 10);
}

/**
 * Rows [{day, property, value}] → the API's changes, sorted by day. Relative dates become ISO
 * dates (days from `today`); milestones and outcomes accumulate (each day sets every one met so
 * far); an empty value unsets the field.
 */
export function toChanges(rows, today = new Date()) {
  const byDay = new Map();
  const eventsByDay = new Map();
  const met = { milestone: new Set(), outcome: new Set() };
  for (const row of [...rows].sort((a, b) => Number(a.day) - Number(b.day))) {
    if (!row.property) continue;
    const day = Math.max(0, Math.trunc(Number(row.day) || 0));
    if (row.property === "event") {
      const name = String(row.value?.name || "").trim();
      if (!name) continue;
      const properties = parseProperties(row.value?.properties);
      const event = Object.keys(properties).length ? { name, properties } : { name };
      eventsByDay.set(day, [...(eventsByDay.get(day) || []), event]);
      continue;
    }
    const set = byDay.get(day) || {};
    let { value } = row;
    if (row.property === "milestone" || row.property === "outcome") {
      if (!value) continue;
      met[row.property].add(value);
      set[`${row.property}s`] = [...met[row.property]];
    } else {
      if (value && typeof value === "object" && Number.isInteger(value.days_from_now)) value = isoDay(today, value.days_from_now);
      set[row.property] = value === "" || value === undefined ? null : value;
    }
    byDay.set(day, set);
  }
  const days = [...new Set([...byDay.keys(), ...eventsByDay.keys()])].sort((a, b) => a - b);
  return days.map((at_day) => ({
    at_day,
    ...(byDay.has(at_day) ? { set: byDay.get(at_day) } : {}),
    ...(eventsByDay.has(at_day) ? { events: eventsByDay.get(at_day) } : {}),
  }));
}
