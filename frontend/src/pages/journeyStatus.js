// A journey's status word: the API's `status` when given, else derived from its flags.

/** "live" | "disabled" | "draft" (the badge's class; `statusLabel` is its words) */
export function statusOf(journey) {
  if (!journey) return "draft";
  if (journey.status) return journey.status;
  if (journey.enabled) return "live";
  return journey.published_version ? "disabled" : "draft";
}

/**
 * The status in words: a published journey that was never enabled (`enabled_at` null) is "not
 * enabled yet" rather than "disabled", which reads as if someone had switched it off.
 */
export function statusLabel(journey) {
  const status = statusOf(journey);
  return status === "disabled" && journey?.enabled_at === null ? "not enabled yet" : status;
}
