// Turns a step log entry ({type, outcome, detail}) into one sentence support staff can read.
// Pure: no React, no clock. The shapes come from graph_engine (the step `detail`: an action's
// effect as `to_dict()`, a wait's wake_at/rule, the entry's segments) and from
// backend/engine/actions.py (`detail.result`, written after the effect ran).
//
// summarizeStep(step, { when, catalog, sentSubjects, emailStatuses }) -> null (unknown: show the
//   raw rows) or { text, note?, tone?: "error" } — `note` is small muted text (outbox ids and the like).
// `catalog` (the catalog API's lists) turns keys into names: segments, templates, attributes,
// playbooks, journeys, staff. `sentSubjects` ({outbox id: subject as sent}, from the outbox):
// an email step without a template then names the subject its recipients saw, not its merge
// fields (when every recipient's was the same). An email step put its emails in the outbox; it
// says "Emailed" only when `emailStatuses` ({outbox id: status}, from the outbox) says the mail
// server took every one, else "Queued" (and, when all were kept for want of a mail server, says
// so). A simulated step (`result.simulated`) says what it would do.
import { names as namesFor } from "../graph/names.js";
import { deliverySummary } from "./deliverySummary.js";
import { dateWords, momentWords, whenWords } from "../components/dates.js";

/** A value as it reads in a sentence: unset values say so, dates and moments as every page says
 *  them (dates.js), objects as JSON. */
export function showValue(v) {
  if (v === undefined || v === null || v === "") return "not set";
  return typeof v === "object" ? JSON.stringify(v) : whenWords(v) ?? String(v);
}

const defaultWhen = (t) => momentWords(t);
const quoted = (s) => `“${s}”`;
const list = (xs) => (xs || []).filter((x) => x !== null && x !== undefined && x !== "").join(", ");
const plural = (n, one, many) => (n === 1 ? one : many);
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

const STRATEGIES = { round_robin: "by round robin", least_accounts: "to the CSM with the fewest accounts" };

function emailRecipients(d, n) {
  if (d.to === "csm") return "the CSM";
  if (d.to === "sales_manager") return "the sales manager";
  if (d.user) return n.user(d.user);
  if (d.to === "role") return `contacts with role ${d.role}`;
  return "all contacts";
}

/** The one subject every one of `ids` went out with, or undefined (unknown, or they differ). */
function subjectAsSent(ids, sentSubjects) {
  const subjects = new Set((ids || []).map((id) => sentSubjects?.[id]));
  const [only] = subjects;
  return subjects.size === 1 && typeof only === "string" ? only : undefined;
}

/** What became of a step's outbox emails, as far as `emailStatuses` tells: "sent" (all), "kept" (all), or null. */
function outboxFate(ids, emailStatuses) {
  const statuses = new Set((ids || []).map((id) => emailStatuses?.[id]));
  const [only] = statuses;
  return statuses.size === 1 && (only === "sent" || only === "kept") ? only : null;
}

const ACTIONS = {
  send_email(d, r, n, sentSubjects, emailStatuses) {
    const what = d.template ? n.template(d.template) : (subjectAsSent(r.emails, sentSubjects) ?? d.subject);
    if (r.skipped) return { text: `${r.simulated ? "Would skip" : "Skipped"}: ${r.skipped}` };
    const ids = (r.emails || []).map((id) => `#${id}`);
    const from = r.from ? ` from ${n.user(r.from)}` : "";
    // the step only puts emails in the outbox; whether they went out is the outbox's to say
    const fate = outboxFate(r.emails, emailStatuses);
    const notes = [ids.length ? `outbox ${ids.join(", ")}` : "", fate === "kept" ? "not emailed: no mail server is set up" : "",
      r.suppressed?.length ? `not to ${list(r.suppressed)}: unsubscribed` : ""].filter(Boolean);
    const verb = r.simulated ? "Would send" : fate === "sent" ? "Emailed" : fate === "kept" ? "Kept in the outbox" : "Queued";
    return {
      text: `${verb} ${what ? `${quoted(what)} ` : ""}to ${list((r.to || []).map(n.user)) || emailRecipients(d, n)}${from}`,
      note: notes.length ? notes.join(" · ") : undefined,
    };
  },
  create_task(d, r, n) {
    const title = r.title || d.title;
    const verb = r.simulated ? "Would create task" : "Created task";
    const head = `${verb}${r.task_id != null ? ` #${r.task_id}` : ""}${title ? ` ${quoted(title)}` : ""}`;
    // the engine's note names the staff field by its key ("no csm on the account"): said in words
    const reason = ((r.note || "").replace(/:\s*the task is unassigned\s*$/, "") || `no ${d.assignee || "assignee"} on the account`)
      .replace(/\bcsm\b/g, "CSM").replace(/\bsales_manager\b/g, "sales manager");
    const who = r.assignee ? ` for ${n.user(r.assignee)}` : `, unassigned: ${reason}`;
    const due = r.due_on || d.due_on;
    return { text: `${head}${who}${due ? `, due ${dateWords(due)}` : ""}` };
  },
  assign_csm(d, r, n) {
    const how = STRATEGIES[r.strategy || d.strategy];
    return { text: `CSM ${r.simulated ? "would be" : ""}${r.simulated ? " " : ""}set to ${n.user(r.csm)} (was ${r.previous ? n.user(r.previous) : "none"})${how ? ` ${how}` : ""}` };
  },
  assign_playbook(d, r, n) {
    const name = n.playbook(r.playbook || d.playbook);
    if (r.already_active) return { text: `Playbook ${name} already active${r.due_on ? `, due ${dateWords(r.due_on)}` : ""}` };
    return { text: `${r.simulated ? "Would enroll" : "Enrolled"} in playbook ${name}${r.due_on ? `, due ${dateWords(r.due_on)}` : ""}` };
  },
  set_attribute(d, r, n) {
    return { text: `${n.attribute(r.attribute || d.attribute)}: ${showValue(r.previous)} → ${showValue(r.value)}` };
  },
  clear_attribute(d, r, n) {
    return { text: `${n.attribute(r.attribute || d.attribute)}: ${showValue(r.previous)} → not set` };
  },
  increase_attribute(d, r, n) {
    const by = typeof d.by === "number" ? ` (${d.by < 0 ? "" : "+"}${d.by})` : "";
    return { text: `${n.attribute(r.attribute || d.attribute)}: ${showValue(r.previous)} → ${showValue(r.value)}${by}` };
  },
  copy_attribute(d, r, n) {
    const to = n.attribute(r.attribute || d.target);
    const from = n.attribute(r.from || d.source);
    // copying an empty value empties the target: "set to not set" said it backwards
    if (showValue(r.value) === "not set") return { text: `${to}: cleared (${from} was not set)` };
    return { text: `${to}: set to ${showValue(r.value)} (copied from ${from})` };
  },
  webhook(d, r) {
    return webhookSentence(d, r);
  },
  unenroll_from(d, r, n) {
    const ended = r.unenrolled_from || [];
    if (!ended.length) return { text: "Left no other journey (the account was in none to leave)" };
    return { text: `Unenrolled from ${plural(ended.length, "journey", "journeys")} ${list(ended.map(n.journey))}` };
  },
};

/** "POST https://… → 200 in 84 ms" (SPEC §9); the call's step while the enrollment waits at the
 *  node says "waiting for the response"; failed calls say so. */
export function webhookSentence(d, r) {
  const target = `${r.method || d.method || "POST"} ${r.url || d.url}`;
  if (r.simulated && r.response_status) return { text: `${target} → ${r.response_status} assumed`, note: "simulate sends nothing" };
  if (r.simulated) return { text: `Would call ${target}` };
  const saved = isObject(r.saved) && isObject(r.saved.values) ? Object.keys(r.saved.values) : [];
  const note = saved.length ? `saved ${list(saved)}` : r.error || undefined;
  if (r.status === "sent" || (r.response_status >= 200 && r.response_status < 300)) {
    return { text: `${target} → ${r.response_status} in ${r.duration_ms} ms`, note };
  }
  if (r.status === "failed") {
    const what = r.response_status ? `${r.response_status}` : "failed";
    return { text: `${target} → ${what}${r.duration_ms ? ` in ${r.duration_ms} ms` : ""}`, note: r.error, tone: "error" };
  }
  return { text: `${target} → waiting for the response`, note: "the journey goes on when it is answered; retried for up to 24 h" };
}

/** "7 days before Next billing date, 1 Mar 2027" / "Next billing date: 1 Mar 2027" for an until_date
 * wait's detail (older logs carry only the day waited for, `date`). */
function untilDateWords(d, prop) {
  if (!d.value) return `${prop}: ${dateWords(d.date)}`;
  const days = Number(d.offset_days || 0);
  if (!days) return `${prop}: ${dateWords(d.value)}`;
  const shift = `${Math.abs(days)} ${plural(Math.abs(days), "day", "days")} ${days < 0 ? "before" : "after"}`;
  return `${shift} ${prop}, ${dateWords(d.value)}`;
}

function waitSummary(step, d, when, n) {
  const { outcome } = step;
  const prop = d.property ? n.attribute(d.property) : "";
  if (typeof d.event === "string" && outcome === "waiting") {
    return { text: `Waiting for event ${d.event}${d.wake_at ? `, at most until ${when(d.wake_at)}` : ""}` };
  }
  if (outcome === "met" && isObject(d.event)) {
    return { text: `Event ${d.event.name} happened${d.event.at ? ` at ${when(d.event.at)}` : ""}: went on the “met” branch` };
  }
  if (outcome === "timeout" && typeof d.event === "string") {
    return { text: `Timed out${d.timeout_at ? ` at ${when(d.timeout_at)}` : ""}: event ${d.event} did not happen` };
  }
  if (outcome === "waiting") {
    if (d.property && !d.wake_at) return { text: `Waiting for ${prop} to be set` };
    if (!d.wake_at) return null;
    if (d.rule) return { text: `Waiting for the condition, at most until ${when(d.wake_at)}` };
    return { text: `Waiting until ${when(d.wake_at)}` + (d.property ? ` (${untilDateWords(d, prop)})` : "") };
  }
  if (outcome === "done") {
    if (d.property && Number(d.offset_days || 0) && d.value) return { text: `Waited until ${dateWords(d.date)}, ${untilDateWords(d, prop)}` };
    if (d.property) return { text: `Waited until ${prop} (${dateWords(d.value || d.date)}) was reached` };
    if (d.wake_at) return { text: `Waited until ${when(d.wake_at)}` + (d.waited_since ? ` (since ${when(d.waited_since)})` : "") };
    return null;
  }
  if (outcome === "met") return { text: "Condition met: went on the “met” branch" };
  if (outcome === "timeout") {
    return { text: `Timed out${d.timeout_at ? ` at ${when(d.timeout_at)}` : ""}: the condition was not met` };
  }
  return null;
}

function exitSummary(step, d, n) {
  if (d.reason === "blacklist") return { text: "Left the journey: the account matched the exit rule" };
  if (d.reason === "segment_exit") {
    const segs = (d.segments || []).map(n.segment);
    return { text: `Left the journey: no longer in ${plural(segs.length, "segment", "any of the segments")} ${list(segs)}` };
  }
  return null;
}

/** The sentence for one step, or null when there is none (the raw rows are shown instead). */
/** A publish moved the enrollment onto a new version (SPEC §10). */
/** nodeName(version, nodeId) → the step's name in that version (or undefined: the id is shown). */
function migrationSummary(d, nodeName) {
  const from = isObject(d.from) ? d.from : {};
  const to = isObject(d.to) ? d.to : {};
  const step = (version, id) => { const name = nodeName?.(version, id); return name ? `“${name}”` : id; };
  const where = from.node_id ? `version ${from.version} · ${step(from.version, from.node_id)}` : `version ${from.version} (not started yet)`;
  const wait = { kept: "; the wait keeps its wake-up time",
    recounted: "; the wait counts its new length from when it began waiting" }[d.wait] || "";
  return { text: `Moved from ${where} to version ${to.version} · ${to.node_id ? step(to.version, to.node_id) : "the entry"}${wait}` };
}

/**
 * The outcome a step's header shows after "→": the log's own ("done", "waiting", "yes"…), except
 * an email step that sent nothing (no recipient, all unsubscribed), which reads "skipped".
 */
export function outcomeWords(step) {
  const d = isObject(step?.detail) ? step.detail : {};
  if (d.kind === "send_email" && isObject(d.result) && d.result.skipped && step.outcome === "done") return "skipped";
  if (step?.outcome === "unenroll_from") return "leaves other journeys"; // the exit rules' on-enroll step
  return step?.outcome ?? "";
}

export function summarizeStep(step, { when = defaultWhen, catalog = {}, sentSubjects = {}, emailStatuses = {}, nodeName } = {}) {
  if (!step) return null;
  const n = namesFor(catalog || {});
  const d = isObject(step.detail) ? step.detail : {};
  if (step.outcome === "failed" || (typeof d.error === "string" && d.error)) {
    const error = d.error ? showValue(d.error) : "unknown error";
    const prefix = step.type === "email" ? `Email${d.to ? ` to ${d.to}` : ""} failed` : "Failed";
    return { text: `${prefix}: ${error}`, tone: "error" };
  }
  if (step.type === "entry" && isObject(d.event) && d.event.name) {
    return { text: `Entered via event ${d.event.name}`, note: d.event.at ? `at ${when(d.event.at)}` : undefined };
  }
  if (step.type === "entry" && Array.isArray(d.segments) && d.segments.length === 0) {
    return { text: "Entered the journey" }; // an events-only entry in a simulation names no event
  }
  if (step.type === "entry" && Array.isArray(d.segments)) {
    return { text: `Entered via ${plural(d.segments.length, "segment", "segments")} ${list(d.segments.map(n.segment))}` };
  }
  if (step.type === "wait") return waitSummary(step, d, when, n);
  if (step.type === "migration") return migrationSummary(d, nodeName);
  if (step.type === "exit" && step.outcome === "unenrolled") return exitSummary(step, d, n);
  const delivery = deliverySummary(step, when); // held for the send window / frequency cap
  if (delivery) return delivery;
  const action = ACTIONS[d.kind];
  if (action && isObject(d.result)) {
    try {
      return action(d, d.result, n, sentSubjects, emailStatuses);
    } catch {
      return null; // an unexpected shape: the raw rows say what happened
    }
  }
  return null;
}
