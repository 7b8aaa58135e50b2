// A rule (SPEC §3) in plain words, with catalog names instead of keys:
// "MRR is more than 1000 and (Stage is “trial” or Plan name of any subscription contains “pro”)".
import { OP_LABELS, nodeKind, propertyOptions } from "../inspector/ruleModel.js";
import { describeWhere, parseEventProperty } from "../inspector/eventRules.js";
import { dateWords } from "../components/dates.js";

const KEYED_WORDS = {
  segment: { list: "segments", has_met: "is in segment", has_not_met: "is not in segment" },
  milestone: { list: "milestones", has_met: "has met milestone", has_not_met: "has not met milestone" },
  outcome: { list: "outcomes", has_met: "has met outcome", has_not_met: "has not met outcome" },
  playbook: { list: "playbooks", active_in: "is active in playbook", never_enrolled: "was never enrolled in playbook",
    has_completed: "has completed playbook", is_overdue: "is overdue in playbook" },
  "user.csm": { list: "users", eq: "CSM is", neq: "CSM is not" },
  "user.sales_manager": { list: "users", eq: "Sales manager is", neq: "Sales manager is not" },
};

const quote = (text) => `“${text}”`;

/** A date value: relative ("30 days ago") or a calendar date ("8 Dec 2025"). */
function dateValueWords(v) {
  if (v && typeof v === "object" && Number.isInteger(v.days_from_now)) {
    const n = v.days_from_now;
    if (n === 0) return "today";
    return n > 0 ? `${n} day${n === 1 ? "" : "s"} from today` : `${-n} day${n === -1 ? "" : "s"} ago`;
  }
  return dateWords(v);
}

// A value not filled in yet (an empty "is between" box reads null): "…", not "null".
const MISSING = "…";

/** A condition's value in words: “trial”, 90 days, 10 and 20, 30 days ago; "…" while empty. */
export function valueWords(value, type) {
  if (value === undefined) return "";
  if (value === null || value === "") return MISSING;
  if (Array.isArray(value)) {
    const parts = value.map((v) => valueWords(v, type));
    if (parts.length === 2 && type !== "text") return `${parts[0]} and ${parts[1]}`;
    if (parts.length <= 1) return parts.join("");
    return `${parts.slice(0, -1).join(", ")} or ${parts[parts.length - 1]}`;
  }
  if (value && typeof value === "object" && Number.isInteger(value.days)) return `${value.days} day${value.days === 1 ? "" : "s"}`;
  if (type === "date") return dateValueWords(value);
  if (typeof value === "string") return quote(value);
  return String(value);
}

function nameOf(catalog, list, key) {
  const row = (catalog?.[list] || []).find((x) => x.key === key || x.email === key);
  return row ? row.name || row.label || key : key;
}

/** An event condition in words: "login happened at least 3 times in the last 7 days (where plan is “pro”)". */
function eventWords(cond, event) {
  const type = event.field === "count" ? "number" : "date";
  const value = valueWords(cond.value, type);
  const where = cond.where ? ` (where ${describeWhere(cond.where)})` : "";
  if (event.field === "count") {
    const window = cond.within?.days ? ` in the last ${cond.within.days} day${cond.within.days === 1 ? "" : "s"}` : "";
    return `the number of ${event.name} events${window} ${OP_LABELS[cond.op] || cond.op}${value ? ` ${value}` : ""}${where}`;
  }
  return `${event.name} last seen ${OP_LABELS[cond.op] || cond.op}${value ? ` ${value}` : ""}${where}`;
}

/**
 * What the rule builder calls a property: "Logins in the last 30 days" (the catalog's label),
 * "Plan name of any subscription", "the number of login events"; the key when nothing names it.
 */
export function propertyLabel(property, catalog = {}) {
  const event = parseEventProperty(property);
  if (event) return event.field === "count" ? `the number of ${event.name} events` : `${event.name} last seen`;
  const option = propertyOptions(catalog).find((o) => o.value === property);
  if (!option) return String(property ?? "");
  return option.group === "Any subscription" ? `${option.label} of any subscription` : option.label;
}

/** One condition {property, op, value} in words. */
export function describeCondition(cond, catalog = {}) {
  if (!cond || typeof cond !== "object" || !cond.property) return "(an unfinished condition)";
  const keyed = KEYED_WORDS[cond.property];
  if (keyed) {
    const name = cond.value ? nameOf(catalog, keyed.list, cond.value) : "(not chosen)";
    return `${keyed[cond.op] || `${cond.property} ${cond.op}`} ${cond.property.startsWith("user.") ? name : quote(name)}`;
  }
  const event = parseEventProperty(cond.property);
  if (event) return eventWords(cond, event);
  const option = propertyOptions(catalog).find((o) => o.value === cond.property);
  const label = propertyLabel(cond.property, catalog);
  const op = OP_LABELS[cond.op] || cond.op;
  const value = valueWords(cond.value, option?.type);
  return value ? `${label} ${op} ${value}` : `${label} ${op}`;
}

/** The whole rule in words; nested groups are put in parentheses. Empty: "no conditions yet". */
export function describeRule(rule, catalog = {}, nested = false) {
  const kind = nodeKind(rule);
  if (kind === "all" || kind === "any") {
    const items = rule[kind];
    if (!items.length) return "no conditions yet";
    const text = items.map((r) => describeRule(r, catalog, true)).join(kind === "all" ? " and " : " or ");
    return nested && items.length > 1 ? `(${text})` : text;
  }
  if (kind === "not") return `not (${describeRule(rule.not, catalog, false)})`;
  return describeCondition(rule, catalog);
}

/** True when a rule has at least one condition anywhere. */
export function hasConditions(rule) {
  const kind = nodeKind(rule);
  if (kind === "all" || kind === "any") return rule[kind].some(hasConditions);
  if (kind === "not") return hasConditions(rule.not);
  return !!rule && typeof rule === "object" && !!rule.property;
}
