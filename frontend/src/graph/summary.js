// One-line, plain-words summaries of a node's settings, shown on the canvas, with catalog
// names instead of keys ("Segment: Renewal in 90 days", "Email: Value recap").
import { names } from "./names.js";
import { dateWords, isCalendarDate } from "../components/dates.js";

function duration(d = {}) {
  const parts = [];
  for (const [unit, word] of [["days", "day"], ["hours", "hour"], ["minutes", "minute"]]) {
    const n = Number(d[unit] || 0);
    if (n) parts.push(`${n} ${word}${n === 1 ? "" : "s"}`);
  }
  return parts.join(" ") || "0 minutes";
}

function countConditions(rule) {
  if (!rule || typeof rule !== "object") return 0;
  if (Array.isArray(rule.all)) return rule.all.reduce((s, r) => s + countConditions(r), 0);
  if (Array.isArray(rule.any)) return rule.any.reduce((s, r) => s + countConditions(r), 0);
  if (rule.not !== undefined) return countConditions(rule.not);
  return 1;
}

function ruleSummary(rule) {
  const n = countConditions(rule);
  if (!n) return "No conditions yet";
  return `${n} condition${n === 1 ? "" : "s"}`;
}

function recipients(to, n) {
  if (!to || typeof to !== "object") return "all contacts";
  if (to.csm) return "the CSM";
  if (to.sales_manager) return "the sales manager";
  if (to.staff) return `the ${String(to.staff).replace(/_/g, " ")}`;
  if (to.user) return n.user(to.user);
  if ("user" in to) return "a staff member (not chosen yet)";
  if (to.contacts?.role) return `${to.contacts.role} contacts`;
  if (to.contacts && typeof to.contacts === "object") return "contacts with a role (not typed yet)";
  return "all contacts";
}

const PEOPLE = { csm: "the CSM", sales_manager: "the sales manager" };

/** An attribute value as it reads: dates relative to today in words, text without JSON quotes. */
function valueWords(v) {
  if (v === undefined || v === null || v === "") return "nothing";
  if (typeof v === "object" && Number.isInteger(v.days_from_now)) {
    const d = v.days_from_now;
    return d === 0 ? "today" : d > 0 ? `${d} days from today` : `${-d} days ago`;
  }
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (isCalendarDate(v)) return dateWords(v);
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

const ACTIONS = {
  send_email: (c, n) => `Email: ${c.template ? n.template(c.template) : c.subject ? `“${c.subject}”` : "(no content yet)"} to ${recipients(c.to, n)}`,
  create_task: (c, n) => `Task: ${c.title || "(untitled task)"} · ${PEOPLE[c.assignee] || n.user(c.assignee) || "?"} · due in ${c.due_in_days ?? "?"} d`,
  assign_csm: (c, n) => (c.strategy === "named" ? `Assign ${n.user(c.user) || "(nobody yet)"}`
    : `${c.strategy === "least_accounts" ? "Fewest accounts" : "Round robin"} among ${(c.pool || []).length} CSM${(c.pool || []).length === 1 ? "" : "s"}`),
  assign_playbook: (c, n) => `Playbook: ${n.playbook(c.playbook) || "(none yet)"}`,
  set_attribute: (c, n) => `Set ${n.attribute(c.attribute) || "?"} to ${valueWords(c.value)}`,
  copy_attribute: (c, n) => `Copy ${n.attribute(c.from) || "?"} to ${n.attribute(c.to) || "?"}`,
  clear_attribute: (c, n) => `Clear ${n.attribute(c.attribute) || "?"}`,
  webhook: (c) => `${c.method || "POST"} ${c.url || "(no URL yet)"}`,
  increase_attribute: (c, n) => `${n.attribute(c.attribute) || "?"} ${Number(c.by) < 0 ? "−" : "+"} ${typeof c.by === "number" ? Math.abs(c.by) : "?"}`,
};

/** A short description of what a node does, from its type and config; keys read as catalog names. */
export function summarize(type, config = {}, catalog = {}) {
  const c = config || {};
  const n = names(catalog || {});
  switch (type) {
    case "entry": {
      const segs = (c.segments || []).map(n.segment);
      const events = (c.events || []).map((e) => e.name).filter(Boolean);
      const parts = [];
      if (segs.length) parts.push(`${segs.length === 1 ? "Segment" : "Segments"}: ${segs.join(", ")}`);
      if (events.length) parts.push(`${events.length === 1 ? "Event" : "Events"}: ${events.join(", ")}`);
      return parts.length ? parts.join(" · ") : "No segment or event chosen yet";
    }
    case "action":
      return ACTIONS[c.action] ? ACTIONS[c.action](c, n) : `Unknown action ${c.action || ""}`;
    case "condition":
      return ruleSummary(c.rule);
    case "wait":
      if (c.for) return `Wait ${duration(c.for)}`;
      if (c.until_date) {
        const off = Number(c.until_date.offset?.days || 0);
        const rel = off ? `${Math.abs(off)} day${Math.abs(off) === 1 ? "" : "s"} ${off < 0 ? "before" : "after"} ` : "";
        return `Until ${rel}${n.attribute(c.until_date.property) || "a date"}`;
      }
      if (c.until_rule) {
        const count = countConditions(c.until_rule.rule);
        const until = count ? `Until ${count} condition${count === 1 ? " holds" : "s hold"}` : "Until conditions hold (none yet)";
        return `${until}, at most ${duration(c.until_rule.timeout)}`;
      }
      if (c.until_event) return `Until event ${c.until_event.name || "?"} happens, at most ${duration(c.until_event.timeout)}`;
      return "Wait (not set)";
    case "split":
    {
      // each path's share of the accounts, as the inspector says it: weights 1 and 3 are 25% and 75%
      const weights = Object.entries(c.weights || {});
      const total = weights.reduce((sum, [, w]) => sum + (Number(w) || 0), 0);
      return weights.map(([k, w]) => `${k} ${total ? Math.round(((Number(w) || 0) * 100) / total) : 0}%`).join(" · ") || "No paths";
    }
    case "end":
      return "The journey is complete";
    case "goal":
      return ruleSummary(c.rule);
    case "exit":
      return `On goal: ${c.on_goal === "continue" ? "continue" : "complete"}${c.blacklist ? " · exit rules" : ""}`;
    default:
      return "";
  }
}
