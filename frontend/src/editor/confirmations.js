// What Enable and Publish will do, in words, from the counts the API gives. Pure.

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const names = (segments) => (segments || []).map((s) => `“${s.name || s.key}”`).join(", ");

/** “trial_started” or “a”, “b” or “c”: the entry's event names. */
function eventNames(events) {
  const quoted = [...new Set(events.map((e) => e.name).filter(Boolean))].map((n) => `“${n}”`);
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}` : quoted[0] || "";
}

/** "a “trial_started” event arrives" (with "matching" when a rule narrows it). */
function eventArrives(events) {
  const narrowed = events.some((e) => e.where);
  return `a${narrowed ? " matching" : ""} ${eventNames(events)} event arrives`;
}

/** "The 3 accounts in it, paused while it was off, go on where they stopped." (from `already_active`), or "". */
function resumeWords(p) {
  const n = p.already_active || 0;
  if (!n) return "";
  return ` ${n === 1 ? "The 1 account" : `The ${n} accounts`} in it, paused while it was off, `
    + `${n === 1 ? "goes" : "go"} on where ${n === 1 ? "it" : "they"} stopped (a wait that ended meanwhile moves on at once).`;
}

/**
 * Enable's explanation from GET /enable-preview. `p.events` ([{name, where}]) are the entry's
 * events on the version Enable uses (loadEnablePreview adds them); an entry may enroll on
 * events, segments or both. Accounts active in the journey (`already_active`: paused while it
 * was disabled) go on again.
 */
export function enableWords(p) {
  if (!p) return "Counting the accounts that would enroll…";
  return newcomerWords(p) + resumeWords(p);
}

function newcomerWords(p) {
  const segs = p.segments || [];
  const events = (p.events || []).filter((e) => e?.name);
  const them = segs.length === 1 ? "it" : "them";
  const where = `${segs.length === 1 ? "segment" : "segments"} ${names(segs)}`;
  if (!segs.length) {
    if (events.length) return `No account enrolls now: accounts enroll when ${eventArrives(events)} for them.`;
    return "No account enrolls now: the Entry step names no segment, so accounts enroll only by its events.";
  }
  const byEvent = events.length ? `, or when ${eventArrives(events)} for an account` : "";
  if (p.enroll_existing) {
    const skipped = p.members - p.will_enroll;
    return `${plural(p.will_enroll, "account")} will enroll now: the entry also enrolls accounts already in the ${where} `
      + `(${plural(p.members, "account is", "accounts are")} in ${them}${skipped > 0 ? `; ${skipped} already active or not due to re-enroll` : ""}). `
      + (events.length ? `After that, each account enrolls when it enters ${them}${byEvent}.` : "After that, each account that enters enrolls.");
  }
  return `No account enrolls now: the entry enrolls only accounts that enter the ${where} from now on${byEvent} `
    + `(${plural(p.members, "account is", "accounts are")} in ${them} today; to include them, turn on “also enroll accounts already in the segments” on the Entry step and publish again before enabling).`;
}

/**
 * Disable's explanation from the same GET /enable-preview: who is not enrolled while it is off
 * (segment entries and events are not caught up later; an entry that also enrolls accounts
 * already in its segments takes in those still there when it is enabled again), and that the
 * accounts in it pause where they are.
 */
export function disableWords(p) {
  if (!p) return "Counting the accounts in the journey…";
  const segs = p.segments || [];
  const events = (p.events || []).filter((e) => e?.name);
  const joining = [];
  if (segs.length) joining.push(`accounts that join the ${segs.length === 1 ? "segment" : "segments"} ${names(segs)}`);
  if (events.length) joining.push(`accounts for which ${eventArrives(events)}`);
  let text = "";
  if (joining.length) {
    const later = segs.length && p.enroll_existing
      ? `; when it is enabled again, those still in the ${segs.length === 1 ? "segment" : "segments"} are (the Entry step also enrolls accounts already in ${segs.length === 1 ? "it" : "them"})`
        + (events.length ? ", but missed events are not caught up" : "")
      : ", not even later when it is enabled again";
    text = `While it is off, ${joining.join(", or ")} are not enrolled${later}. `;
  }
  const n = p.already_active || 0;
  return text + (n
    ? `The ${plural(n, "account")} in it ${n === 1 ? "pauses" : "pause"} where ${n === 1 ? "it is" : "they are"}, and ${n === 1 ? "goes" : "go"} on when it is enabled again.`
    : "No account is in it now.");
}

/** The entry's events ([{name, where}]) in `graph` (journey/v1), or []. */
export function entryEvents(graph) {
  const entry = (graph?.nodes || []).find((n) => n.type === "entry");
  return Array.isArray(entry?.config?.events) ? entry.config.events : [];
}

/** Publish's explanation from GET /versions (each with `active`) for a journey about to get `next`. */
export function publishWords(versions, next, enabled) {
  if (!versions) return "Counting the accounts on the current versions…";
  const active = versions.reduce((sum, v) => sum + (v.active || 0), 0);
  const on = versions.filter((v) => v.active > 0).map((v) => v.version);
  const newcomers = enabled ? `New enrollments will use version ${next}` : `Version ${next} is used once the journey is enabled`;
  if (!active) return `${newcomers}. No account is active in the journey, so nobody stays on an older version.`;
  return `${newcomers}. ${plural(active, "active account")} ${active === 1 ? "stays" : "stay"} on the version ${active === 1 ? "it" : "they"} enrolled on `
    + `(${on.length === 1 ? `version ${on[0]}` : `versions ${on.join(", ")}`}) until ${active === 1 ? "it finishes" : "they finish"}.`;
}
