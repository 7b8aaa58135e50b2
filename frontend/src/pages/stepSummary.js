// Turns a step log entry ({type, outcome, detail}) into one sentence support staff can read.
// Pure: no React, no clock. The shapes come from graph_engine (the step `detail`: an action's
// effect as `to_dict()`, a wait's wake_at/rule, the entry's segments) and from
// backend/engine/actions.py (`detail.result`, written after the effect ran).
//
// summarizeStep(step, { when }) -> null (unknown: show the raw rows) or
//   { text, note?, tone?: "error" } — `note` is small muted text (outbox ids and the like).

/** A value as it reads in a sentence: unset values say so, objects as JSON. */
export function showValue(v) {
  if (v === undefined || v === null || v === "") return "not set";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

const defaultWhen = (t) => (t ? new Date(t).toLocaleString() : "");
const quoted = (s) => `“${s}”`;
const list = (xs) => (xs || []).filter((x) => x !== null && x !== undefined && x !== "").join(", ");
const plural = (n, one, many) => (n === 1 ? one : many);
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

const STRATEGIES = { round_robin: "by round robin", least_accounts: "to the CSM with the fewest accounts" };

function emailRecipients(d) {
  if (d.to === "csm") return "the CSM";
  if (d.to === "role") return `contacts with role ${d.role}`;
  return "all contacts";
}

const ACTIONS = {
  send_email(d, r) {
    const what = d.template || d.subject;
    if (r.skipped) return { text: `Skipped: ${r.skipped}` };
    const ids = (r.emails || []).map((id) => `#${id}`);
    return {
      text: `Sent ${what ? `${quoted(what)} ` : ""}to ${list(r.to) || emailRecipients(d)}${r.from ? ` from ${r.from}` : ""}`,
      note: ids.length ? `outbox ${ids.join(", ")}` : undefined,
    };
  },
  create_task(d, r) {
    const title = r.title || d.title;
    const head = `Created task${r.task_id != null ? ` #${r.task_id}` : ""}${title ? ` ${quoted(title)}` : ""}`;
    const reason = (r.note || "").replace(/:\s*the task is unassigned\s*$/, "") || `no ${d.assignee || "assignee"} on the account`;
    const who = r.assignee ? ` for ${r.assignee}` : `, unassigned: ${reason}`;
    const due = r.due_on || d.due_on;
    return { text: `${head}${who}${due ? `, due ${due}` : ""}` };
  },
  assign_csm(d, r) {
    const how = STRATEGIES[r.strategy || d.strategy];
    return { text: `CSM set to ${r.csm} (was ${r.previous || "none"})${how ? ` ${how}` : ""}` };
  },
  assign_playbook(d, r) {
    const name = r.playbook || d.playbook;
    if (r.already_active) return { text: `Playbook ${name} already active${r.due_on ? `, due ${r.due_on}` : ""}` };
    return { text: `Enrolled in playbook ${name}${r.due_on ? `, due ${r.due_on}` : ""}` };
  },
  set_attribute(d, r) {
    return { text: `${r.attribute || d.attribute}: ${showValue(r.previous)} → ${showValue(r.value)}` };
  },
  clear_attribute(d, r) {
    return { text: `${r.attribute || d.attribute}: ${showValue(r.previous)} → not set` };
  },
  increase_attribute(d, r) {
    const by = typeof d.by === "number" ? ` (${d.by < 0 ? "" : "+"}${d.by})` : "";
    return { text: `${r.attribute || d.attribute}: ${showValue(r.previous)} → ${showValue(r.value)}${by}` };
  },
  copy_attribute(d, r) {
    return { text: `${r.attribute || d.target}: set to ${showValue(r.value)} (copied from ${r.from || d.source})` };
  },
  unenroll_from(d, r) {
    const ended = r.unenrolled_from || [];
    if (!ended.length) return { text: "Left no other journey (the account was in none to leave)" };
    return { text: `Unenrolled from ${plural(ended.length, "journey", "journeys")} ${list(ended)}` };
  },
};

function waitSummary(step, d, when) {
  const { outcome } = step;
  if (outcome === "waiting") {
    if (d.property && !d.wake_at) return { text: `Waiting for ${d.property} to be set` };
    if (!d.wake_at) return null;
    if (d.rule) return { text: `Waiting for the condition, at most until ${when(d.wake_at)}` };
    return { text: `Waiting until ${when(d.wake_at)}` + (d.property ? ` (${d.property}: ${d.date})` : "") };
  }
  if (outcome === "done") {
    if (d.property) return { text: `Waited until ${d.property} (${d.date}) was reached` };
    if (d.wake_at) return { text: `Waited until ${when(d.wake_at)}` + (d.waited_since ? ` (since ${when(d.waited_since)})` : "") };
    return null;
  }
  if (outcome === "met") return { text: "Condition met: went on the “met” branch" };
  if (outcome === "timeout") {
    return { text: `Timed out${d.timeout_at ? ` at ${when(d.timeout_at)}` : ""}: the condition was not met` };
  }
  return null;
}

function exitSummary(step, d) {
  if (d.reason === "blacklist") return { text: "Left the journey: the account matched the blacklist" };
  if (d.reason === "segment_exit") {
    const segs = d.segments || [];
    return { text: `Left the journey: no longer in ${plural(segs.length, "segment", "any of the segments")} ${list(segs)}` };
  }
  return null;
}

/** The sentence for one step, or null when there is none (the raw rows are shown instead). */
export function summarizeStep(step, { when = defaultWhen } = {}) {
  if (!step) return null;
  const d = isObject(step.detail) ? step.detail : {};
  if (step.outcome === "failed" || (typeof d.error === "string" && d.error)) {
    const error = d.error ? showValue(d.error) : "unknown error";
    const prefix = step.type === "email" ? `Email${d.to ? ` to ${d.to}` : ""} failed` : "Failed";
    return { text: `${prefix}: ${error}`, tone: "error" };
  }
  if (step.type === "entry" && Array.isArray(d.segments)) {
    return { text: `Entered via ${plural(d.segments.length, "segment", "segments")} ${list(d.segments)}` };
  }
  if (step.type === "wait") return waitSummary(step, d, when);
  if (step.type === "exit" && step.outcome === "unenrolled") return exitSummary(step, d);
  const action = ACTIONS[d.kind];
  if (action && isObject(d.result)) {
    try {
      return action(d, d.result);
    } catch {
      return null; // an unexpected shape: the raw rows say what happened
    }
  }
  return null;
}
