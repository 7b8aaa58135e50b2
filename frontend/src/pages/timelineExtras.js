// What the account timeline shows besides the step log: what people did to an enrollment
// (Retry, Unenroll — from the audit log, `people`) among its steps, the webhook call an
// enrollment parked at a webhook step still waits for (`webhook`), and why an entry event did
// not enroll the account (`eventEntryWords`). Pure.
import { momentWords } from "../components/dates.js";

const PERSON = { retry: "Retried", unenroll: "Unenrolled" };

/** `steps` with `people` put in time order: [{step} | {person}], a person's action before the
 * first step logged after it (the walk it caused comes after it). */
export function withPeople(steps = [], people = []) {
  const out = [];
  const waiting = [...people].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  for (const step of steps) {
    while (waiting.length && Date.parse(waiting[0].at) <= Date.parse(step.at)) out.push({ person: waiting.shift() });
    out.push({ step });
  }
  return out.concat(waiting.map((person) => ({ person })));
}

/** "Retried by ana@example.com" */
export function personWords(person) {
  return `${PERSON[person.action] || person.action} by ${person.by}`;
}

/** The sentence under "Now at <webhook step>" while its call is not answered, or null. */
export function webhookWaitWords(call, words = momentWords) {
  if (!call) return null;
  // the system's error number ("[Errno -2] Name or service not known") means nothing to a person
  const last = (call.error && call.error.replace(/\s*\[Errno -?\d+\]\s*/g, " ").trim())
    || (call.response_status ? `HTTP ${call.response_status}` : null);
  if (call.status === "sending") return "Waiting for the webhook's answer: sending now.";
  if (call.status === "uncertain") {
    return "Waiting for the webhook's answer: the last attempt was cut off (its outcome is unknown); "
      + "it is sent again with the same Idempotency-Key.";
  }
  if (!call.attempts) return "Waiting for the webhook's answer: the call is queued.";
  const next = call.next_attempt_at ? `; next try ${words(call.next_attempt_at)}` : "";
  const until = call.retry_until ? `; gives up ${words(call.retry_until)}` : "";
  const tries = call.attempts === 1 ? "1 attempt" : `${call.attempts} attempts`;
  return `Waiting for the webhook's answer — retrying after ${tries}${last ? ` (last: ${last})` : ""}${next}${until}.`;
}

/** Why an event a journey enters on did not enroll the account (an entry check's `events` item:
 * {event: {name, at}, code, since, eligible_from, reenroll_days, message}), in words, times in
 * the viewer's zone: "“trial_started” (9 Dec 2026, 10:00) did not enroll it again: it was already
 * active in this journey, since 7 Dec 2026, 10:00 — an account is never in a journey twice at once." */
export function eventEntryWords(check, words = momentWords) {
  const what = `“${check.event.name}” (${words(check.event.at)})`;
  if (check.code === "active") {
    return `${what} did not enroll it again: it was already active in this journey, since ${words(check.since)}`
      + " — an account is never in a journey twice at once.";
  }
  if (check.code === "reenroll_never") {
    return `${what} did not enroll it: it was enrolled before (${words(check.since)}), and this journey`
      + " enrolls an account only once.";
  }
  if (check.code === "reenroll_wait") {
    const days = check.reenroll_days === 1 ? "1 day" : `${check.reenroll_days} days`;
    return `${what} did not enroll it: its last enrollment began ${words(check.since)}, and this journey`
      + ` enrolls an account again only ${days} after its last one — from ${words(check.eligible_from)}.`;
  }
  return check.message || `${what} did not enroll it.`;
}

/**
 * The published version each step of an enrollment was walked on: `version` (the enrollment's
 * own, now) for the steps since its last move, and for the steps before a move (a "Publish and
 * move" step, `type: "migration"`, `detail.from.version`) the version it moved from — so a step
 * is named as the version the account was on then drew it ("Wait 3 days", not the "Wait 2 days"
 * a later version renamed it to). One number per step, in order.
 */
export function stepVersions(steps = [], version) {
  const out = new Array(steps.length);
  let current = version;
  for (let i = steps.length - 1; i >= 0; i -= 1) {
    const step = steps[i];
    out[i] = current;
    const from = step?.type === "migration" ? step.detail?.from?.version : undefined;
    if (from !== undefined && from !== null) current = from;
  }
  return out;
}
