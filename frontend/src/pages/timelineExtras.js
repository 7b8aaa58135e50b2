// What the account timeline shows besides the step log: what people did to an enrollment
// (Retry, Unenroll — from the audit log, `people`) among its steps, and the webhook call an
// enrollment parked at a webhook step still waits for (`webhook`). Pure.
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
  const last = call.error || (call.response_status ? `HTTP ${call.response_status}` : null);
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
