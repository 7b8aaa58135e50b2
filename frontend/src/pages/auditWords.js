// The audit log's entries in words: objects, actors, before/after rows, links. Pure.
import { whenWords } from "../components/dates.js";
import { ACCOUNT_FIELDS } from "../inspector/ruleModel.js";
import { attributeLabel, names } from "../graph/names.js";

export const OBJECT_TYPES = [
  ["journey", "Journeys"], ["account", "Accounts"], ["segment", "Segments"], ["template", "Email templates"],
  ["attribute", "Attributes"], ["milestone", "Milestones"], ["outcome", "Outcomes"], ["playbook", "Playbooks"],
  ["task", "Tasks"], ["enrollment", "Enrollments"], ["user", "Staff users"], ["token", "API tokens"],
  ["event", "Product events"], ["settings", "Settings"], ["secret", "Secrets"],
];

export const ACTOR_KINDS = { user: "person", token: "API token", cli: "command line", system: "the app itself" };

const TYPE_WORDS = Object.fromEntries(OBJECT_TYPES.map(([value, label]) => [value, label.replace(/s$/, "")]));

/**
 * The names of what entries name by id or key: `{journey: {"12": "Onboarding"}, segment: {...}, ...}`,
 * from the journeys list and the catalog (either may be missing: then ids and keys are said).
 */
export function objectNames(catalog, journeys) {
  const by = (rows, key, label = "name") =>
    Object.fromEntries((rows || []).filter((r) => r[label]).map((r) => [String(r[key]), r[label]]));
  return {
    journey: by(journeys, "id"), segment: by(catalog?.segments, "key"), playbook: by(catalog?.playbooks, "key"),
    milestone: by(catalog?.milestones, "key"), outcome: by(catalog?.outcomes, "key"),
    attribute: by(catalog?.attributes, "key", "label"),
  };
}

/** "journey:12" → "Journey “Onboarding”" (with `names`; "Journey 12" without, or once it is
 * deleted); "account" (a bulk import) → "Accounts". */
export function objectWords(object, names) {
  if (!object) return "";
  if (object === "secret:signing") return "Signing secret"; // not a header secret named "signing"
  const [type, ...rest] = String(object).split(":");
  const id = rest.join(":");
  const label = TYPE_WORDS[type] || type;
  if (!id) return OBJECT_TYPES.find(([value]) => value === type)?.[1] || label;
  const name = names?.[type]?.[id];
  return name && name !== id ? `${label} “${name}”` : `${label} ${id}`;
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

// What each action did, in words; the Action filter offers them (the API's codes stay in the
// cell's title, for whoever reads the API).
const ACTION_WORDS = {
  "journey.create": "Journey created", "journey.update": "Journey draft saved", "journey.publish": "Journey published",
  "journey.enable": "Journey turned on", "journey.disable": "Journey turned off", "journey.duplicate": "Journey duplicated",
  "journey.delete": "Journey deleted",
  "account.create": "Account created", "account.update": "Account changed", "account.import": "Accounts imported",
  "account.milestone_mark": "Milestone marked", "account.milestone_unmark": "Milestone unmarked",
  "account.outcome_mark": "Outcome marked", "account.outcome_unmark": "Outcome unmarked",
  "enrollment.retry": "Enrollment retried", "enrollment.unenroll": "Account unenrolled",
  "task.update": "Task changed",
  "segment.create": "Segment created", "segment.update": "Segment changed", "segment.delete": "Segment deleted",
  "template.create": "Email template created", "template.update": "Email template changed",
  "template.delete": "Email template deleted", "template.test": "Test email sent",
  "attribute.create": "Attribute created", "attribute.update": "Attribute changed", "attribute.delete": "Attribute deleted",
  "milestone.create": "Milestone created", "milestone.update": "Milestone changed", "milestone.delete": "Milestone deleted",
  "outcome.create": "Outcome created", "outcome.update": "Outcome changed", "outcome.delete": "Outcome deleted",
  "playbook.create": "Playbook created", "playbook.update": "Playbook changed", "playbook.delete": "Playbook deleted",
  "user.create": "Staff user created", "user.update": "Staff user changed", "user.delete": "Staff user deleted",
  "token.create": "API token created", "token.revoke": "API token revoked",
  "secret.create": "Secret created", "secret.update": "Secret changed", "secret.delete": "Secret deleted",
  "secret.signing_rotate": "New webhook signing secret",
  "settings.update": "Settings changed", "event.ingest": "Product events received",
  "outbox.resend": "Email sent again", "webhook.retry": "Webhook call retried",
  "suppression.create": "Address suppressed", "suppression.delete": "Suppression removed",
  "suppression.unsubscribe": "Recipient unsubscribed", "reports.rebuild": "Reports rebuilt",
};

/** The Action filter's choices: [[code, words]], A–Z by words. */
export const ACTIONS = Object.entries(ACTION_WORDS).sort((a, b) => a[1].localeCompare(b[1]));

/** "journey.publish" → "Journey published"; an action this page does not know: its code. */
export const actionWords = (action) => ACTION_WORDS[action] || action;

/** A value in a table cell: unset says so, dates and moments as every page says them, lists and
 *  objects in words ("a, b"; "key: value; …"; an empty one "none"), never raw JSON. */
export function cellValue(value) {
  if (value === undefined || value === null || value === "") return "not set";
  if (Array.isArray(value)) return value.length ? value.map(cellValue).join(", ") : "none";
  if (typeof value === "object") {
    const entries = Object.entries(value);
    return entries.length ? entries.map(([k, v]) => `${k}: ${cellValue(v)}`).join("; ") : "none";
  }
  return whenWords(value) ?? String(value);
}

const isChange = (v) => v !== null && typeof v === "object" && !Array.isArray(v)
  && Object.keys(v).length > 0 && Object.keys(v).every((k) => k === "from" || k === "to");

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
// A step by its name when the journey's published versions name it (`stepName(version, id)`,
// version optional), else by its id.
const stepWords = (stepName, id, version) => `“${stepName?.(version, id) || id}”`;
const quoted = (ids, stepName) => ids.map((id) => stepWords(stepName, id)).join(", ");

/** A draft save's `graph` change ({added, removed, changed: [step ids], edges_added, edges_removed: n})
 *  in words: "changed the step “entry”; added 2 steps (“wait_2”, “tips”); 1 connection added";
 *  nothing changed (a rename only) says so. */
export function graphChangeWords(change, stepName) {
  if (!change || typeof change !== "object") return "the steps were not changed";
  const parts = [];
  for (const [key, verb] of [["added", "added"], ["removed", "removed"], ["changed", "changed"]]) {
    const ids = Array.isArray(change[key]) ? change[key] : [];
    if (ids.length === 1) parts.push(`${verb} the step ${quoted(ids, stepName)}`);
    else if (ids.length > 1) parts.push(`${verb} ${plural(ids.length, "step")} (${quoted(ids, stepName)})`);
  }
  for (const [key, verb] of [["edges_added", "added"], ["edges_removed", "removed"]]) {
    if (change[key]) parts.push(`${plural(change[key], "connection")} ${verb}`);
  }
  if (!parts.length) return "the steps were not changed";
  const text = parts.join("; ");
  return text[0].toUpperCase() + text.slice(1);
}

const MIGRATE = { move: "moved the active accounts onto the new version", stay: "left the active accounts on their version" };
const WAITS = { keep: "a wait keeps its wake-up time", recount: "a wait is recounted from when it began" };
const WAIT_WORDS = { kept: "wake-up time kept", recounted: "wait recounted", restarts: "wait starts again" };

/** A publish's moves ([{from: {version, node_id}, to, count, wait}]) in words: "3 accounts moved
 *  from step “wait_1” (version 1) to step “wait_2”"; one line each, joined by "; ". */
export function publishMovesWords(nodes, stepName, version) {
  if (!Array.isArray(nodes) || !nodes.length) return "no accounts were moved";
  return nodes.map((g) => {
    const from = g.from?.node_id ? `step ${stepWords(stepName, g.from.node_id, g.from.version)}` : "not started yet";
    const fromVersion = g.from?.version ? ` (version ${g.from.version})` : "";
    const to = g.to ? `step ${stepWords(stepName, g.to, version)}` : "nowhere";
    const wait = g.wait && WAIT_WORDS[g.wait] ? `, ${WAIT_WORDS[g.wait]}` : "";
    return `${plural(g.count ?? 0, "account")} moved from ${from}${fromVersion} to ${to}${wait}`;
  }).join("; ");
}

/** A publish's step map ({old step: new step}) in words: "“wait_1” → “wait_2”"; empty: by the same ids. */
const mapWords = (map, stepName, version) => {
  const entries = map && typeof map === "object" ? Object.entries(map) : [];
  return entries.length ? entries.map(([a, b]) => `${stepWords(stepName, a, version - 1)} → ${stepWords(stepName, b, version)}`).join(", ")
    : "none (steps kept their ids)";
};

/** The words of a field an action writes in its own shape (not a before/after pair), or undefined. */
function fieldWords(action, field, value, stepName, changes) {
  if (action === "journey.update" && field === "graph") return graphChangeWords(value, stepName);
  if (action === "journey.publish") {
    const version = typeof changes?.version === "number" ? changes.version : undefined;
    if (field === "nodes") return publishMovesWords(value, stepName, version);
    if (field === "map") return mapWords(value, stepName, version);
    if (field === "migrate" && MIGRATE[value]) return MIGRATE[value];
    if (field === "waits" && WAITS[value]) return WAITS[value];
    if (field === "moved" && typeof value === "number") return plural(value, "account");
  }
  return undefined;
}

// A journey's save and publish, field by field, as the designer says them.
const JOURNEY_FIELDS = {
  name: "Name", description: "Description", graph: "Steps", draft_version: "Draft", version: "Version", note: "Note",
  migrate: "Active accounts", map: "Steps mapped", moved: "Moved", nodes: "Where they went", waits: "Waits",
  enabled: "On", enabled_at: "Turned on", status: "Status", settings: "Settings", key: "Key",
};

const isPlainObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** An account's field, and its keyed lists, as the account page says them (`catalog` names the
 *  custom attributes, segments, milestones and outcomes; without one, keys stay). */
function accountWords(catalog) {
  const n = names(catalog || {});
  const lists = { segments: n.segment, milestones: n.milestone, outcomes: n.outcome, playbooks: n.playbook };
  return {
    field: (field) => ACCOUNT_FIELDS.find(([f]) => f === field)?.[1]
      || { csm: "CSM", sales_manager: "Sales manager", segments: "Segments", milestones: "Milestones met",
        outcomes: "Outcomes reached", contacts: "Contacts", subscriptions: "Subscriptions", playbooks: "Playbooks",
        increase: "Increased by" }[field] || field,
    custom: (key) => attributeLabel(`custom.${key}`, catalog || {}).replace(/^custom\./, ""),
    value: (field, v) => (lists[field] && Array.isArray(v) ? (v.length ? v.map(lists[field]).join(", ") : "none") : cellValue(v)),
  };
}

/** [{field, before, after}] from an entry's `changes` ({field: {from, to}} or plain values); `action`
 *  (e.g. "journey.update") words the fields that action writes in a shape of its own. An account's
 *  custom attributes, which change as one object, are a row for each attribute that changed
 *  ("Logins in the last 30 days: 33 → 2", never the whole list twice); with `catalog`, fields,
 *  attributes and segments are named as the account page names them; with `stepName(version, id)`
 *  (a journey's published versions), a save's or publish's steps by their names. */
export function changeRows(changes, action, catalog = null, stepName = null) {
  if (!changes || typeof changes !== "object" || Array.isArray(changes)) return [];
  const account = String(action || "").startsWith("account.") ? accountWords(catalog) : null;
  const journey = String(action || "").startsWith("journey.");
  const label = (field) => (account ? account.field(field) : journey ? JOURNEY_FIELDS[field] || field.replace(/_/g, " ") : field);
  const value = (field, v) => (account ? account.value(field, v) : cellValue(v));
  return Object.entries(changes).flatMap(([field, change]) => {
    if (isChange(change) && isPlainObject(change.from ?? {}) && isPlainObject(change.to ?? {})
      && (isPlainObject(change.from) || isPlainObject(change.to))) {
      const from = change.from || {};
      const to = change.to || {};
      const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].filter((k) => !same(from[k], to[k]));
      const name = (k) => (account && field === "custom" ? account.custom(k) : `${label(field)} · ${k}`);
      return keys.map((k) => ({ field: name(k), before: cellValue(from[k]), after: cellValue(to[k]) }));
    }
    if (isChange(change)) return [{ field: label(field), before: value(field, change.from), after: value(field, change.to) }];
    return [{ field: label(field), before: "", after: fieldWords(action, field, change, stepName, changes) ?? value(field, change) }];
  });
}
