// What Enable and Publish will do, in words, from the counts the API gives. Pure.

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const names = (segments) => (segments || []).map((s) => `“${s.name || s.key}”`).join(", ");

/** Enable's explanation from GET /enable-preview. */
export function enableWords(p) {
  if (!p) return "Counting the accounts that would enroll…";
  const segs = p.segments || [];
  const where = segs.length ? `${segs.length === 1 ? "segment" : "segments"} ${names(segs)}` : "no segment";
  if (p.enroll_existing) {
    const skipped = p.members - p.will_enroll;
    return `${plural(p.will_enroll, "account")} will enroll now: the entry also enrolls accounts already in the ${where} `
      + `(${plural(p.members, "account is", "accounts are")} in ${segs.length === 1 ? "it" : "them"}${skipped > 0 ? `; ${skipped} already active or not due to re-enroll` : ""}). `
      + "After that, each account that enters enrolls.";
  }
  return `No account enrolls now: the entry enrolls only accounts that enter the ${where} from now on `
    + `(${plural(p.members, "account is", "accounts are")} in ${segs.length === 1 ? "it" : "them"} today; turn on “also enroll accounts already in the segments” on the Entry step to include them).`;
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
