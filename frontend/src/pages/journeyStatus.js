// A journey's status word: the API's `status` when given, else derived from its flags.

/** "live" | "disabled" | "draft" */
export function statusOf(journey) {
  if (!journey) return "draft";
  if (journey.status) return journey.status;
  if (journey.enabled) return "live";
  return journey.published_version ? "disabled" : "draft";
}
